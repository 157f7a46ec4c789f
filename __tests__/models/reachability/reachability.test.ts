// The reachability check over the synthesized stacks: the paths the platform needs exist, the ones it must not have
// do not, for every connectivity option; and known-bad outputs (today's stacks before legacy.network, a database
// opened to the legacy network or the internet, a transit gateway attachment missing an AZ, a NACL that drops
// replies) are caught, so the check is proven able to fail.
import { verdicts, type PathVerdict } from "../../../models/reachability/paths";
import type { SynthStacks } from "../../../models/cutover/synth-graph";
import type { EnvironmentConfig } from "../../../config/schema";
import { configFor, synthStacks, type ShippedEnvironment } from "../../helpers";

const failures = (vs: readonly PathVerdict[]) => vs.filter((v) => !v.ok).map((v) => `${v.name}: ${v.result.blockedAt ?? `reachable via ${v.result.hops.join(" > ")}`}`);
const named = (vs: readonly PathVerdict[], pattern: RegExp) => {
  const found = vs.filter((v) => pattern.test(v.name));
  expect(found.length).toBeGreaterThan(0);
  return found;
};
const verdict = (vs: readonly PathVerdict[], name: string) => {
  const found = vs.find((v) => v.name === name);
  if (!found) throw new Error(`no check named ${name}; have: ${vs.map((v) => v.name).join("; ")}`);
  return found;
};

describe.each<ShippedEnvironment>(["staging", "production"])("reachability of the shipped %s stacks", (env) => {
  let config: EnvironmentConfig;
  let vs: PathVerdict[];
  beforeAll(() => {
    config = configFor(env);
    vs = verdicts(synthStacks(config), config);
  });

  test("DMS reaches the legacy database port in every legacy CIDR, from every isolated subnet, and the legacy DNS servers on 53", () => {
    const dms = named(vs, /^DMS -> legacy database/);
    expect(dms).toHaveLength(config.legacy.network!.cidrs.length);
    expect(failures(dms)).toEqual([]);
    expect(failures(named(vs, /^DNS resolver endpoint -> legacy resolver/))).toEqual([]);
  });

  test("DMS and each usesDatabase service reach the RDS port from every subnet they run in", () => {
    const database = named(vs, /-> RDS tcp/);
    expect(database.map((v) => v.name).sort()).toEqual(["DMS -> RDS tcp 5433", "service accounts -> RDS tcp 5433", "service orders -> RDS tcp 5433"]);
    expect(failures(database)).toEqual([]);
  });

  test("ECS hosts and every service's tasks reach ECR, CloudWatch Logs, Secrets Manager and S3 (endpoint or NAT)", () => {
    const apis = named(vs, /-> AWS .* API tcp 443$/);
    expect(apis).toHaveLength((config.services.length + 1) * 5);
    expect(failures(apis)).toEqual([]);
  });

  test("the internet reaches the load balancer (through CloudFront's addresses) and the load balancer each service's port", () => {
    expect(failures(named(vs, /^internet \(CloudFront\) -> load balancer/))).toEqual([]);
    expect(failures(named(vs, /^load balancer .* -> service /))).toEqual([]);
  });

  test("the internet reaches nothing else: not RDS, not the tasks, hosts, DMS or endpoints (any port, TCP and UDP)", () => {
    const forbidden = named(vs, /^internet -> /);
    expect(forbidden.some((v) => v.name.startsWith("internet -> RDS"))).toBe(true);
    expect(failures(forbidden)).toEqual([]);
  });

  test("the legacy network reaches nothing here (config opens nothing inbound), and services do not reach it", () => {
    expect(failures(named(vs, /^legacy network .* -> /))).toEqual([]);
    expect(failures(named(vs, /^service .* -> legacy network .* any port$/))).toEqual([]);
  });

  test("every check holds", () => {
    expect(failures(vs)).toEqual([]);
  });
});

describe("each connectivity option carries DMS to the legacy database", () => {
  test.each([
    ["peering (staging)", "staging", undefined, /VPC peering .* -> 172\.16\.0\.0\/16/],
    ["transit gateway (production)", "production", undefined, /transit gateway tgw-0f1e2d3c4b5a69788 \(attached in this AZ\)/],
    ["VPN, static routes", "staging", { type: "vpn", customerGatewayIp: "203.0.113.10", routing: "static" }, /VPN gateway .* -> site-to-site VPN/],
    ["VPN, BGP", "staging", { type: "vpn", customerGatewayIp: "203.0.113.10", routing: "bgp" }, /VPN gateway .* -> site-to-site VPN/],
  ] as const)("%s", (_, env, connectivity, hop) => {
    const config = configFor(env, (raw) => {
      if (connectivity) raw.legacy.network.connectivity = connectivity;
    });
    const vs = verdicts(synthStacks(config), config);
    expect(failures(vs)).toEqual([]);
    const dms = named(vs, /^DMS -> legacy database/)[0];
    expect(dms.result.hops.some((h) => hop.test(h))).toBe(true);
  });

  test("services that call legacy (applicationPorts) reach it on exactly those ports", () => {
    const config = configFor("staging", (raw) => (raw.legacy.network.applicationPorts = [8443]));
    const vs = verdicts(synthStacks(config), config);
    expect(failures(vs)).toEqual([]);
    expect(named(vs, /^service .* -> legacy network \(172\.16\.0\.0\/16\) tcp 8443$/)).toHaveLength(4);
  });
});

describe("known-bad outputs are caught", () => {
  let config: EnvironmentConfig;
  let shipped: SynthStacks;
  beforeAll(() => {
    config = configFor("staging");
    shipped = synthStacks(config);
  });
  /** The shipped staging stacks with an edit to their JSON. */
  const edited = (edit: (stacks: Record<string, any>) => void): PathVerdict[] => {
    const stacks = structuredClone(shipped) as Record<string, any>;
    edit(stacks);
    return verdicts(stacks, config);
  };

  test("today's stacks before legacy.network (no route from the isolated subnets to the legacy CIDRs): DMS cannot reach the source", () => {
    const vs = edited((s) => {
      const prep = s["staging-preparation"].resource;
      for (const [name, route] of Object.entries<any>(prep.aws_route)) if (route["//"].metadata.path.includes("LegacyConnectivity")) delete prep.aws_route[name];
    });
    const dms = verdict(vs, "DMS -> legacy database (172.16.0.0/16) tcp 5432");
    expect(dms.ok).toBe(false);
    expect(dms.result.blockedAt).toMatch(/no route for 172\.16\.0\.0\/16 in .*Network_Isolated_RouteTable/);
  });

  test("a database group rule admitting the legacy CIDR is a forbidden path (the isolated subnets route replies to the peering)", () => {
    const vs = edited((s) => {
      s["staging-preparation"].resource.aws_vpc_security_group_ingress_rule.Bad = {
        "//": { metadata: { path: "staging-preparation/Bad" } },
        security_group_id: `\${aws_security_group.${Object.keys(s["staging-preparation"].resource.aws_security_group).find((k) => k.startsWith("SecurityGroups_Database"))}.id}`,
        ip_protocol: "tcp",
        from_port: 5433,
        to_port: 5433,
        cidr_ipv4: "172.16.0.0/16",
      };
    });
    const legacyToDb = verdict(vs, "legacy network (172.16.0.0/16) -> RDS braveheart-staging-db tcp any port");
    expect(legacyToDb.ok).toBe(false);
    expect(legacyToDb.result.hops).toContain("security group braveheart-staging-database ingress: tcp 5433 172.16.0.0/16");
  });

  test("a database made public (public subnets, publicly accessible, 0.0.0.0/0 on its port) is reachable from the internet", () => {
    const vs = edited((s) => {
      const phase2 = s["staging-phase2"].resource;
      const group = Object.values<any>(phase2.aws_db_subnet_group)[0];
      const outputs = Object.keys(s["staging-preparation"].output);
      const publicSubnet = (i: number) => outputs.find((k) => k.includes(`Network_Public_Subnet${i}_`))!;
      group.subnet_ids = [0, 1, 2].map((i) => `\${data.terraform_remote_state.cross-stack-reference-input-staging-preparation.outputs.${publicSubnet(i)}}`);
      Object.values<any>(phase2.aws_db_instance)[0].publicly_accessible = true;
      phase2.aws_vpc_security_group_ingress_rule.Open = {
        security_group_id: Object.values<any>(phase2.aws_vpc_security_group_ingress_rule)[0].security_group_id,
        ip_protocol: "tcp",
        from_port: 5433,
        to_port: 5433,
        cidr_ipv4: "0.0.0.0/0",
      };
    });
    const internetToDb = verdict(vs, "internet -> RDS braveheart-staging-db tcp any port");
    expect(internetToDb.ok).toBe(false);
    expect(internetToDb.result.hops.join("\n")).toMatch(/internet gateway -> Network\/Public\/Subnet/);
  });

  test("a transit gateway attachment without a subnet in one AZ strands DMS in that AZ", () => {
    const prod = configFor("production");
    const stacks = structuredClone(synthStacks(prod)) as Record<string, any>;
    const attachment = Object.values<any>(stacks["production-preparation"].resource.aws_ec2_transit_gateway_vpc_attachment)[0];
    attachment.subnet_ids = attachment.subnet_ids.slice(0, 1);
    const dms = verdicts(stacks, prod).find((v) => v.name.startsWith("DMS -> legacy database"))!;
    expect(dms.ok).toBe(false);
    expect(dms.result.blockedAt).toMatch(/Isolated\/Subnet1 .*has no subnet in the AZ/);
  });

  test("a NACL on the isolated subnets that drops the replies (ephemeral ports) breaks DMS -> legacy, though the request leaves", () => {
    const vs = edited((s) => {
      const prep = s["staging-preparation"].resource;
      const isolated = Object.keys(prep.aws_subnet).filter((k) => k.startsWith("Network_Isolated_Subnet")).map((k) => `\${aws_subnet.${k}.id}`);
      prep.aws_network_acl = {
        Strict: {
          subnet_ids: isolated,
          egress: [{ rule_no: 100, action: "allow", protocol: "-1", from_port: 0, to_port: 0, cidr_block: "0.0.0.0/0" }],
          ingress: [{ rule_no: 100, action: "allow", protocol: "tcp", from_port: 5433, to_port: 5433, cidr_block: "10.20.0.0/16" }],
        },
      };
    });
    const dms = verdict(vs, "DMS -> legacy database (172.16.0.0/16) tcp 5432");
    expect(dms.ok).toBe(false);
    expect(dms.result.blockedAt).toMatch(/drops the replies/);
  });
});

describe("npm run report's network paths", () => {
  test("print every required path with its hops, and the forbidden paths' tally", () => {
    const { reachabilityLines, reachabilityOf } = require("../../../scripts/report/reachability") as typeof import("../../../scripts/report/reachability");
    const config = configFor("staging");
    const stacks = Object.entries(synthStacks(config)).map(([id, document]) => ({ id, document }));
    const lines = reachabilityLines(reachabilityOf(stacks, config));
    expect(lines[0]).toMatch(/^Required network paths \((\d+)\/\1 exist\):$/);
    const dms = lines.findIndex((l) => l.includes("DMS -> legacy database (172.16.0.0/16) tcp 5432"));
    expect(lines[dms + 1]).toMatch(/security group braveheart-staging-dms egress: tcp 5432 172\.16\.0\.0\/16 > .* > VPC peering LegacyConnectivity_Peering_Connection -> 172\.16\.0\.0\/16$/);
    expect(lines.at(-1)).toMatch(/^Forbidden network paths \((\d+)\/\1 absent\)/);
  });
});
