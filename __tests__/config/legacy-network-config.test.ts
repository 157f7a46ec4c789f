// legacy.network: the way to the legacy estate. Every mistake is rejected before anything is built, naming the field,
// the value and what is allowed (and, for overlaps, what it overlaps).
import { configFor, configProblems as problemsOf } from "../helpers";

const ONE = "Invalid configuration in config/staging.yaml (1 problem):\n";

describe("legacy.network configuration errors", () => {
  test("a legacy CIDR inside the new VPC names the VPC and every subnet it overlaps", () => {
    expect(problemsOf((raw) => (raw.legacy.network.cidrs = ["10.20.8.0/23", "172.16.0.0/16"]))).toBe(
      ONE +
        '  - legacy.network.cidrs[0] (got "10.20.8.0/23"): overlaps network.cidr (10.20.0.0/16), network.subnets.isolated[0] (10.20.8.0/24), ' +
        "network.subnets.isolated[1] (10.20.9.0/24); allowed: a CIDR outside network.cidr (10.20.0.0/16): the legacy network and the new VPC must not share addresses",
    );
  });

  test("a legacy CIDR that contains the whole VPC overlaps it too", () => {
    expect(problemsOf((raw) => (raw.legacy.network.cidrs = ["172.16.0.0/16", "10.0.0.0/8"]))).toContain(
      '  - legacy.network.cidrs[1] (got "10.0.0.0/8"): overlaps network.cidr (10.20.0.0/16), network.subnets.public[0] (10.20.0.0/24)',
    );
  });

  test("two legacy CIDRs that overlap each other are rejected", () => {
    expect(problemsOf((raw) => (raw.legacy.network.cidrs = ["172.16.0.0/16", "172.16.4.0/24"]))).toBe(
      ONE + '  - legacy.network.cidrs[1] (got "172.16.4.0/24"): overlaps legacy.network.cidrs[0] (172.16.0.0/16); allowed: non-overlapping CIDRs',
    );
  });

  test("a legacy CIDR with host bits set says which network was meant", () => {
    expect(problemsOf((raw) => (raw.legacy.network.cidrs = ["172.16.0.1/16"]))).toContain(
      '  - legacy.network.cidrs[0] (got "172.16.0.1/16"): host bits are set (did you mean 172.16.0.0/16?)',
    );
  });

  test("no legacy CIDR at all is a missing-field error", () => {
    expect(problemsOf((raw) => delete raw.legacy.network.cidrs)).toBe(ONE + "  - legacy.network.cidrs: missing required field; allowed: a list");
  });

  test("an empty list of legacy CIDRs is rejected", () => {
    expect(problemsOf((raw) => (raw.legacy.network.cidrs = []))).toMatch(/^ {2}- legacy\.network\.cidrs \(got \[\]\): .*at least 1/m);
  });

  test("data migration without legacy.network is rejected: DMS would have no way to the source", () => {
    expect(problemsOf((raw) => delete raw.legacy.network)).toBe(
      ONE +
        "  - legacy.network: missing; required while dataMigration is set: DMS reaches dataMigration.sourceHost over it; allowed: cidrs and connectivity (docs/phase2.md)",
    );
  });

  test("once the migration is retired (or absent), legacy.network may go", () => {
    expect(() => configFor("staging", (raw) => ((raw.dataMigration.retire = true), delete raw.legacy.network))).not.toThrow();
    expect(() => configFor("staging", (raw) => (delete raw.dataMigration, delete raw.legacy.network))).not.toThrow();
  });

  test("a legacy DNS server outside the legacy CIDRs is unreachable and rejected", () => {
    expect(problemsOf((raw) => (raw.legacy.network.dns.targetIps = ["172.16.0.2", "10.99.0.2"]))).toBe(
      ONE +
        '  - legacy.network.dns.targetIps[1] (got "10.99.0.2"): is outside every legacy.network.cidrs (172.16.0.0/16): the resolver endpoint has no route to it; allowed: an address inside one of them',
    );
  });

  test("an unknown connectivity type lists the options", () => {
    expect(problemsOf((raw) => (raw.legacy.network.connectivity = { type: "directConnect" }))).toContain("legacy.network.connectivity.type");
    expect(problemsOf((raw) => (raw.legacy.network.connectivity = { type: "directConnect" }))).toMatch(/peering.*transitGateway.*vpn/);
  });

  test("a peering without the legacy VPC id names the field", () => {
    expect(problemsOf((raw) => delete raw.legacy.network.connectivity.peerVpcId)).toBe(
      ONE + "  - legacy.network.connectivity.peerVpcId: missing required field; allowed: a string",
    );
  });

  test("a VPN without its routing mode names the choices", () => {
    expect(
      problemsOf((raw) => (raw.legacy.network.connectivity = { type: "vpn", customerGatewayIp: "203.0.113.10" })),
    ).toBe(ONE + '  - legacy.network.connectivity.routing: missing required field; allowed: one of "static", "bgp"');
  });
});
