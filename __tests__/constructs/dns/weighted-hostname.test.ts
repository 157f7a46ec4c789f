// WeightedHostname on its own, in a small synthesized scope with literal ids: the record pair per hostname, the
// weights, the health check, decommissioning and adopting today's record. Full-app wiring is in golive-stack.test.ts.
import { Testing } from "cdktf";
import { LEGACY_SET_ID, NEW_SET_ID, WeightedHostname, type WeightedHostnameProps } from "../../../constructs/dns/weighted-hostname";

const ZONE = "Z0HOSTEDZONE";
const LEGACY_LB = { dnsName: "legacy-123.eu-west-2.elb.amazonaws.com", zoneId: "ZHURV8PSTC4K8" };
const CLOUDFRONT = { dnsName: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" };
const HEALTH_CHECK = "abcdef11-2222-3333-4444-555555fedcba";

const propsFor = (hostname: string, edit: Partial<WeightedHostnameProps> = {}): WeightedHostnameProps => ({
  zoneId: ZONE,
  hostname,
  newWeight: 10,
  legacy: LEGACY_LB,
  newPlatform: CLOUDFRONT,
  newHealthCheckId: HEALTH_CHECK,
  ...edit,
});

interface Synth {
  readonly records: Record<string, any>;
  readonly imports: { id: string; to: string }[];
}

/** Synthesizes one WeightedHostname per entry (construct id = hostname, as the golive stack does). */
const synth = (...hosts: WeightedHostnameProps[]): Synth => {
  const json = JSON.parse(Testing.synthScope((scope) => hosts.forEach((p) => new WeightedHostname(scope, p.hostname, p))));
  return { records: json.resource?.aws_route53_record ?? {}, imports: json.import ?? [] };
};

/** The record of a hostname with a set identifier, and its logical name. */
const recordOf = (s: Synth, hostname: string, setId: string): [string, any] => {
  const found = Object.entries(s.records).filter(([, r]) => r.name === hostname && r.set_identifier === setId);
  if (found.length !== 1) throw new Error(`expected one ${hostname}/${setId} record, found ${found.length}`);
  return found[0];
};
const bodyOf = (s: Synth, hostname: string, setId: string) => recordOf(s, hostname, setId)[1];

describe("WeightedHostname at newWeight 10, for two hostnames", () => {
  let s: Synth;
  beforeAll(() => {
    s = synth(propsFor("www.example.com"), propsFor("app.example.com", { newWeight: 50 }));
  });

  test("each hostname gets exactly two A records, set identifiers legacy and new, in the given zone", () => {
    const pairs = Object.values<any>(s.records).map((r) => `${r.zone_id} ${r.name} ${r.type} ${r.set_identifier}`);
    expect(pairs.sort()).toEqual([
      `${ZONE} app.example.com A ${LEGACY_SET_ID}`,
      `${ZONE} app.example.com A ${NEW_SET_ID}`,
      `${ZONE} www.example.com A ${LEGACY_SET_ID}`,
      `${ZONE} www.example.com A ${NEW_SET_ID}`,
    ]);
    expect([LEGACY_SET_ID, NEW_SET_ID]).toEqual(["legacy", "new"]);
  });

  test("the new record weighs newWeight and the legacy record the rest of 100, per hostname", () => {
    expect(bodyOf(s, "www.example.com", "new").weighted_routing_policy).toEqual({ weight: 10 });
    expect(bodyOf(s, "www.example.com", "legacy").weighted_routing_policy).toEqual({ weight: 90 });
    expect(bodyOf(s, "app.example.com", "new").weighted_routing_policy).toEqual({ weight: 50 });
    expect(bodyOf(s, "app.example.com", "legacy").weighted_routing_policy).toEqual({ weight: 50 });
  });

  test("legacy aliases the legacy load balancer and evaluates its target health", () => {
    expect(bodyOf(s, "www.example.com", "legacy").alias).toEqual({ name: LEGACY_LB.dnsName, zone_id: LEGACY_LB.zoneId, evaluate_target_health: true });
  });

  test("new aliases the CloudFront distribution without target health (CloudFront has none) and answers only while the health check passes", () => {
    const record = bodyOf(s, "www.example.com", "new");
    expect(record.alias).toEqual({ name: CLOUDFRONT.dnsName, zone_id: CLOUDFRONT.zoneId, evaluate_target_health: false });
    expect(record.health_check_id).toBe(HEALTH_CHECK);
  });

  test("only the new records carry a health check", () => {
    const withCheck = Object.values<any>(s.records).filter((r) => "health_check_id" in r).map((r) => r.set_identifier);
    expect(withCheck).toEqual(["new", "new"]);
  });

  test("alias records carry no ttl and no records (Route 53 rejects both on an alias)", () => {
    for (const r of Object.values<any>(s.records)) {
      expect(r).not.toHaveProperty("ttl");
      expect(r).not.toHaveProperty("records");
    }
  });

  test("without adoptExistingRecord there is no import block and no ordering between the pair", () => {
    expect(s.imports).toEqual([]);
    for (const r of Object.values<any>(s.records)) expect(r).not.toHaveProperty("depends_on");
  });

  test("the records' logical names are keyed by hostname and role, so one hostname's edit never moves another's", () => {
    expect(recordOf(s, "www.example.com", "legacy")[0]).toMatch(/^wwwexamplecom_Legacy_/);
    expect(recordOf(s, "www.example.com", "new")[0]).toMatch(/^wwwexamplecom_New_/);
    expect(recordOf(s, "app.example.com", "legacy")[0]).toMatch(/^appexamplecom_Legacy_/);
  });
});

describe("WeightedHostname at the ends of the range", () => {
  test.each([
    [0, 100],
    [100, 0],
  ])("newWeight %i is valid: both records stay, the legacy one at %i", (newWeight, legacyWeight) => {
    // GIVEN / WHEN
    const s = synth(propsFor("www.example.com", { newWeight }));
    // THEN
    expect(bodyOf(s, "www.example.com", "new").weighted_routing_policy).toEqual({ weight: newWeight });
    expect(bodyOf(s, "www.example.com", "legacy").weighted_routing_policy).toEqual({ weight: legacyWeight });
  });

  test.each([101, -1, 10.5, Number.NaN])("newWeight %p is rejected with the construct path and what is allowed", (newWeight) => {
    expect(() => synth(propsFor("www.example.com", { newWeight }))).toThrow(
      `/www.example.com: newWeight ${newWeight} is not allowed; allowed: an integer from 0 to 100 (percent of traffic for the new platform)`,
    );
  });
});

describe("WeightedHostname with decommissionLegacy", () => {
  let kept: Synth;
  let decommissioned: Synth;
  beforeAll(() => {
    kept = synth(propsFor("www.example.com", { newWeight: 100 }), propsFor("app.example.com", { newWeight: 100 }));
    decommissioned = synth(
      propsFor("www.example.com", { newWeight: 100, decommissionLegacy: true }),
      propsFor("app.example.com", { newWeight: 100 }),
    );
  });

  test("drops exactly the legacy record of that hostname: every other record keeps its address and body", () => {
    const [legacyAddress] = recordOf(kept, "www.example.com", "legacy");
    const { [legacyAddress]: dropped, ...rest } = kept.records;
    expect(dropped).toBeDefined();
    expect(decommissioned.records).toEqual(rest);
  });

  test("the new record stays a weighted record at 100 with its health check", () => {
    expect(bodyOf(decommissioned, "www.example.com", "new")).toMatchObject({
      set_identifier: "new",
      weighted_routing_policy: { weight: 100 },
      health_check_id: HEALTH_CHECK,
    });
  });

  test("cannot be combined with adoptExistingRecord, whose import would silently vanish with the legacy record", () => {
    expect(() => synth(propsFor("www.example.com", { newWeight: 100, decommissionLegacy: true, adoptExistingRecord: true }))).toThrow(
      "/www.example.com: adoptExistingRecord imports today's record into the legacy record, which decommissionLegacy removes; set adoptExistingRecord to false",
    );
  });
});

describe("WeightedHostname adopting today's simple record", () => {
  let s: Synth;
  beforeAll(() => {
    s = synth(propsFor("www.example.com", { newWeight: 0, adoptExistingRecord: true }), propsFor("app.example.com", { newWeight: 0 }));
  });

  test("one import block brings <zoneId>_<hostname>_A (the provider's id of a record without set identifier) to the legacy record", () => {
    const [legacyAddress] = recordOf(s, "www.example.com", "legacy");
    expect(s.imports).toEqual([{ id: `${ZONE}_www.example.com_A`, to: `aws_route53_record.${legacyAddress}` }]);
  });

  test("the new record is created only after the legacy record replaced the simple one (Route 53 rejects a mix)", () => {
    const [legacyAddress] = recordOf(s, "www.example.com", "legacy");
    expect(bodyOf(s, "www.example.com", "new").depends_on).toEqual([`aws_route53_record.${legacyAddress}`]);
  });

  test("the hostname that does not adopt gets no import and no ordering", () => {
    expect(bodyOf(s, "app.example.com", "new")).not.toHaveProperty("depends_on");
    expect(s.imports.map((i) => i.id)).not.toContain(`${ZONE}_app.example.com_A`);
  });

  test("the legacy record planned for the import has the weighted shape, so Terraform replaces the simple record", () => {
    expect(bodyOf(s, "www.example.com", "legacy")).toMatchObject({ set_identifier: "legacy", weighted_routing_policy: { weight: 100 } });
  });
});
