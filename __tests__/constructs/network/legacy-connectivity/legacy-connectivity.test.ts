// Each way of reaching the legacy network, synthesized on its own: what is built, and which route tables and
// security groups get a way to the legacy CIDRs (only the ones that need it).
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Testing } from "cdktf";
import type { LegacyNetworkConfig } from "../../../../config/schema";
import { LegacyConnectivity } from "../../../../constructs/network/legacy-connectivity/legacy-connectivity";

type Resources = Record<string, Record<string, any>>;
const CIDRS = ["172.16.0.0/16", "192.168.100.0/24"];

function synth(legacy: Partial<LegacyNetworkConfig> & Pick<LegacyNetworkConfig, "connectivity">): Resources {
  const config: LegacyNetworkConfig = { cidrs: CIDRS, dns: { type: "vpc" }, applicationPorts: [], ...legacy };
  return JSON.parse(
    Testing.synthScope((scope) => {
      const table = (id: string) => new RouteTable(scope, id, { vpcId: "vpc-new" });
      new LegacyConnectivity(scope, "Legacy", {
        namePrefix: "bh-test",
        region: "eu-west-2",
        vpcId: "vpc-new",
        legacy: config,
        isolatedRouteTables: [table("Isolated")],
        isolatedSubnetIds: ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"],
        privateRouteTables: [table("Private0"), table("Private1")],
        appSecurityGroupId: "sg-app",
        defaultDnsName: "legacy-db.example.com",
      });
    }),
  ).resource;
}

const all = (resources: Resources, type: string): any[] => Object.values(resources[type] ?? {});
const only = (resources: Resources, type: string): any => {
  const found = all(resources, type);
  expect(found).toHaveLength(1);
  return found[0];
};
/** route table logical id -> destinations routed from it */
const routedTables = (resources: Resources): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const route of all(resources, "aws_route")) {
    const table = /aws_route_table\.([A-Za-z0-9]+?)(?:_[A-F0-9]{8})?\.id/.exec(route.route_table_id)![1];
    (out[table] ??= []).push(route.destination_cidr_block);
  }
  return out;
};

describe("LegacyConnectivity", () => {
  describe("VPC peering, same account and region", () => {
    let resources: Resources;
    beforeAll(() => (resources = synth({ connectivity: { type: "peering", peerVpcId: "vpc-0a1b2c3d4e5f60718" } })));

    test("requests the peering and accepts it at creation (auto_accept is only valid within one account and region)", () => {
      expect(only(resources, "aws_vpc_peering_connection")).toMatchObject({ vpc_id: "vpc-new", peer_vpc_id: "vpc-0a1b2c3d4e5f60718", auto_accept: true });
    });

    test("routes each legacy CIDR from the isolated route table only, to the peering", () => {
      expect(routedTables(resources)).toEqual({ Isolated: CIDRS });
      for (const route of all(resources, "aws_route")) expect(route.vpc_peering_connection_id).toMatch(/^\$\{aws_vpc_peering_connection\.Legacy_Peering_Connection_[A-F0-9]+\.id\}$/);
    });

    test("opens nothing for the app tier while applicationPorts is empty", () => {
      expect(all(resources, "aws_vpc_security_group_egress_rule")).toEqual([]);
    });
  });

  test("VPC peering to another account and region: requester side only, pending the legacy owner's acceptance", () => {
    const resources = synth({ connectivity: { type: "peering", peerVpcId: "vpc-0a1b2c3d4e5f60718", peerAccountId: "222222222222", peerRegion: "eu-west-1" } });
    const peering = only(resources, "aws_vpc_peering_connection");
    expect(peering).toMatchObject({ peer_owner_id: "222222222222", peer_region: "eu-west-1" });
    expect(peering.auto_accept).toBeUndefined();
  });

  describe("Transit Gateway attachment", () => {
    let resources: Resources;
    beforeAll(() => (resources = synth({ connectivity: { type: "transitGateway", transitGatewayId: "tgw-0f1e2d3c4b5a69788" } })));

    test("attaches the VPC through one isolated subnet per AZ, with DNS support", () => {
      expect(only(resources, "aws_ec2_transit_gateway_vpc_attachment")).toMatchObject({
        vpc_id: "vpc-new",
        transit_gateway_id: "tgw-0f1e2d3c4b5a69788",
        subnet_ids: ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"],
        dns_support: "enable",
      });
    });

    test("routes the legacy CIDRs from the isolated table to the transit gateway, once the attachment exists", () => {
      expect(routedTables(resources)).toEqual({ Isolated: CIDRS });
      for (const route of all(resources, "aws_route")) {
        expect(route.transit_gateway_id).toBe("tgw-0f1e2d3c4b5a69788");
        expect(route.depends_on).toEqual([expect.stringMatching(/^aws_ec2_transit_gateway_vpc_attachment\./)]);
      }
    });
  });

  describe("site-to-site VPN", () => {
    test.each(["static", "bgp"] as const)("%s routing: gateway on the VPC, the site's customer gateway, IKEv2-only tunnels", (routing) => {
      const resources = synth({ connectivity: { type: "vpn", customerGatewayIp: "203.0.113.10", routing, customerGatewayBgpAsn: 65010 } });
      expect(only(resources, "aws_vpn_gateway")).toMatchObject({ vpc_id: "vpc-new" });
      expect(only(resources, "aws_customer_gateway")).toMatchObject({ ip_address: "203.0.113.10", bgp_asn: "65010", type: "ipsec.1" });
      const connection = only(resources, "aws_vpn_connection");
      expect(connection).toMatchObject({ static_routes_only: routing === "static", tunnel1_ike_versions: ["ikev2"], tunnel2_ike_versions: ["ikev2"] });
      for (const n of [1, 2]) {
        expect(connection[`tunnel${n}_phase1_encryption_algorithms`]).not.toContain("AES128");
        expect(connection[`tunnel${n}_phase1_integrity_algorithms`]).not.toContain("SHA1");
        expect(Math.min(...connection[`tunnel${n}_phase1_dh_group_numbers`])).toBeGreaterThanOrEqual(14);
      }
      // Static: the tunnels carry exactly the legacy CIDRs. BGP: the site advertises them.
      expect(all(resources, "aws_vpn_connection_route").map((r) => r.destination_cidr_block)).toEqual(routing === "static" ? CIDRS : []);
      // Either way, the VPC sends only the legacy CIDRs to the gateway (no route propagation).
      expect(routedTables(resources)).toEqual({ Isolated: CIDRS });
      expect(all(resources, "aws_vpn_gateway_route_propagation")).toEqual([]);
      for (const route of all(resources, "aws_route")) expect(route.gateway_id).toMatch(/^\$\{aws_vpn_gateway\./);
    });
  });

  test("services that call legacy: the private route tables get the routes, and the app group exactly those ports", () => {
    const resources = synth({ connectivity: { type: "transitGateway", transitGatewayId: "tgw-0f1e2d3c4b5a69788" }, applicationPorts: [443, 8443] });
    expect(routedTables(resources)).toEqual({ Isolated: CIDRS, Private0: CIDRS, Private1: CIDRS });
    const egress = all(resources, "aws_vpc_security_group_egress_rule").map((r) => [r.security_group_id, r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4]);
    expect(egress.sort()).toEqual(
      [443, 8443].flatMap((port) => CIDRS.map((cidr) => ["sg-app", "tcp", port, port, cidr])).sort(),
    );
  });

  describe("DNS forwarding of the legacy database name", () => {
    let resources: Resources;
    beforeAll(
      () =>
        (resources = synth({
          connectivity: { type: "peering", peerVpcId: "vpc-0a1b2c3d4e5f60718" },
          dns: { type: "forward", targetIps: ["172.16.0.2", "172.16.1.2"] },
        })),
    );

    test("an outbound Resolver endpoint in the isolated subnets (routed to legacy), in its own group", () => {
      const endpoint = only(resources, "aws_route53_resolver_endpoint");
      expect(endpoint).toMatchObject({ direction: "OUTBOUND", name: "bh-test-legacy-dns" });
      expect(endpoint.ip_address).toEqual([{ subnet_id: "subnet-iso-a" }, { subnet_id: "subnet-iso-b" }, { subnet_id: "subnet-iso-c" }]);
      expect(endpoint.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.Legacy_Dns_SecurityGroup_/)]);
    });

    test("forwards only the database's name (the default, dataMigration.sourceHost) to the legacy resolvers, for this VPC", () => {
      expect(only(resources, "aws_route53_resolver_rule")).toMatchObject({
        rule_type: "FORWARD",
        domain_name: "legacy-db.example.com",
        target_ip: [{ ip: "172.16.0.2", port: 53 }, { ip: "172.16.1.2", port: 53 }],
      });
      expect(only(resources, "aws_route53_resolver_rule_association")).toMatchObject({ vpc_id: "vpc-new" });
    });

    test("the endpoint's group may send DNS (UDP and TCP 53) to the legacy resolvers and nothing else", () => {
      const egress = all(resources, "aws_vpc_security_group_egress_rule").map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4]);
      expect(egress.sort()).toEqual(
        [
          ["tcp", 53, 53, "172.16.0.2/32"],
          ["tcp", 53, 53, "172.16.1.2/32"],
          ["udp", 53, 53, "172.16.0.2/32"],
          ["udp", 53, 53, "172.16.1.2/32"],
        ].sort(),
      );
      expect(all(resources, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    });
  });
});
