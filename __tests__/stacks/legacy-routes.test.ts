// The shipped environments' way to the legacy estate: one option each, routed from DMS's subnets only.
import { configFor, resourcesOf, synthStacks, type ShippedEnvironment, type StackJson } from "../helpers";

const EXPECTED: Record<ShippedEnvironment, { target: string; cidrs: string[]; resource: string }> = {
  staging: { target: "vpc_peering_connection_id", cidrs: ["172.16.0.0/16"], resource: "aws_vpc_peering_connection" },
  production: { target: "transit_gateway_id", cidrs: ["172.30.0.0/16", "192.168.100.0/24"], resource: "aws_ec2_transit_gateway_vpc_attachment" },
};

describe.each<ShippedEnvironment>(["staging", "production"])("legacy connectivity of %s", (env) => {
  let preparation: StackJson;
  beforeAll(() => {
    preparation = synthStacks(configFor(env))[`${env}-preparation`];
  });

  test("builds exactly one connectivity option", () => {
    const kinds = ["aws_vpc_peering_connection", "aws_ec2_transit_gateway_vpc_attachment", "aws_vpn_connection"].filter((t) => resourcesOf(preparation, t).length);
    expect(kinds).toEqual([EXPECTED[env].resource]);
  });

  test("routes the legacy CIDRs from the isolated route table (DMS's subnets) and from no other table", () => {
    const isolated = resourcesOf(preparation, "aws_route_table").find(([, t]) => t["//"].metadata.path.endsWith("Network/Isolated/RouteTable"))![0];
    const legacyRoutes = resourcesOf(preparation, "aws_route").filter(([, r]) => EXPECTED[env].cidrs.includes(r.destination_cidr_block));
    expect(legacyRoutes.map(([, r]) => r.destination_cidr_block).sort()).toEqual([...EXPECTED[env].cidrs].sort());
    for (const [, route] of legacyRoutes) {
      expect(route.route_table_id).toBe(`\${aws_route_table.${isolated}.id}`);
      expect(route[EXPECTED[env].target]).toBeDefined();
    }
  });

  test("resolves the legacy database's name through a forwarding rule for that name only", () => {
    const [[, rule]] = resourcesOf(preparation, "aws_route53_resolver_rule");
    expect(rule.domain_name).toBe(configFor(env).dataMigration!.sourceHost);
  });
});
