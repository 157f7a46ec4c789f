// WeightedHostname on its own, in a small synthesized scope with literal ids: the records per hostname, the
// weights, the health checks, a record left out and adopting today's record. Full-app wiring is in golive-stack.test.ts;
// what the stages do with it is proven by the cutover simulator (__tests__/models/cutover).
import { Testing } from "cdktf";
import { LEGACY_SET_ID, NEW_SET_ID, WeightedHostname, type WeightedHostnameProps } from "../../../constructs/dns/weighted-hostname";

const ZONE = "Z0HOSTEDZONE";
const LEGACY_LB = { dnsName: "legacy-123.eu-west-2.elb.amazonaws.com", zoneId: "ZHURV8PSTC4K8" };
const CLOUDFRONT = { dnsName: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" };
const HEALTH_CHECK = "abcdef11-2222-3333-4444-555555fedcba";

const propsFor = (hostname: string, edit: Partial<WeightedHostnameProps> = {}): WeightedHostnameProps => ({
  zoneId: ZONE,
  hostname,
  legacyTarget: LEGACY_LB,
  newTarget: CLOUDFRONT,
  newHealthCheckId: HEALTH_CHECK,
  legacy: { weight: 90, healthChecked: true },
  new: { weight: 10, healthChecked: true },
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

/** The canary shape: both records weighted and health-checked. */
const weights = (legacy: number, newWeight: number): Partial<WeightedHostnameProps> => ({
  legacy: { weight: legacy, healthChecked: true },
  new: { weight: newWeight, healthChecked: true },
});

describe("WeightedHostname in the canary shape (90/10 and 50/50), for two hostnames", () => {
  let s: Synth;
  beforeAll(() => {
    s = synth(propsFor("www.example.com"), propsFor("app.example.com", weights(50, 50)));
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

  test("each record weighs what it is given, per hostname", () => {
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

describe("WeightedHostname after the data cutover (legacy 0, new 100, neither health-checked)", () => {
  let s: Synth;
  beforeAll(() => {
    s = synth(propsFor("www.example.com", { legacy: { weight: 0, healthChecked: false }, new: { weight: 100, healthChecked: false } }));
  });

  test("the new record has no health check and the legacy record evaluates no target health: nothing can fail back", () => {
    expect(bodyOf(s, "www.example.com", "new")).not.toHaveProperty("health_check_id");
    expect(bodyOf(s, "www.example.com", "new").weighted_routing_policy).toEqual({ weight: 100 });
    expect(bodyOf(s, "www.example.com", "legacy").alias.evaluate_target_health).toBe(false);
    expect(bodyOf(s, "www.example.com", "legacy").weighted_routing_policy).toEqual({ weight: 0 });
  });
});

describe("WeightedHostname with a record left out", () => {
  test("without `new` (preview) only the legacy record exists; without `legacy` (complete) only the new one, same addresses", () => {
    const both = synth(propsFor("www.example.com"));
    const legacyOnly = synth(propsFor("www.example.com", { new: undefined }));
    const newOnly = synth(propsFor("www.example.com", { legacy: undefined }));
    const [legacyAddress] = recordOf(both, "www.example.com", "legacy");
    const [newAddress] = recordOf(both, "www.example.com", "new");
    expect(Object.keys(legacyOnly.records)).toEqual([legacyAddress]);
    expect(Object.keys(newOnly.records)).toEqual([newAddress]);
  });

  test("adoptExistingRecord without a legacy record is rejected: its import would silently vanish", () => {
    expect(() => synth(propsFor("www.example.com", { legacy: undefined, adoptExistingRecord: true }))).toThrow(
      "/www.example.com: adoptExistingRecord imports today's record into the legacy record, which this stage removes; set adoptExistingRecord to false",
    );
  });

  test("neither record is rejected: the name would not resolve", () => {
    expect(() => synth(propsFor("www.example.com", { legacy: undefined, new: undefined }))).toThrow("/www.example.com: neither a legacy nor a new record");
  });
});

describe("WeightedHostname rejects what Route 53 would turn against the migration", () => {
  test.each([256, -1, 10.5, Number.NaN])("weight %p, naming the construct path and what is allowed", (weight) => {
    expect(() => synth(propsFor("www.example.com", { new: { weight, healthChecked: true } }))).toThrow(
      `/www.example.com: new weight ${weight} is not allowed; allowed: an integer from 0 to 255`,
    );
  });

  test.each([
    ["new", { legacy: { weight: 0, healthChecked: false }, new: { weight: 100, healthChecked: true } }],
    ["legacy", { legacy: { weight: 100, healthChecked: true }, new: { weight: 0, healthChecked: false } }],
  ] as const)("a health-checked %s record beside a weight-0 partner (the zero-weight leak)", (role, edit) => {
    expect(() => synth(propsFor("www.example.com", edit))).toThrow(`the ${role} record is health-checked while its partner has weight 0`);
  });
});

describe("WeightedHostname adopting today's simple record", () => {
  let s: Synth;
  beforeAll(() => {
    const preview = { legacy: { weight: 100, healthChecked: true }, new: undefined };
    s = synth(propsFor("www.example.com", { ...weights(90, 10), adoptExistingRecord: true }), propsFor("app.example.com", preview));
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
    expect(bodyOf(s, "app.example.com", "legacy")).not.toHaveProperty("depends_on");
    expect(s.imports.map((i) => i.id)).not.toContain(`${ZONE}_app.example.com_A`);
  });

  test("the legacy record planned for the import has the weighted shape, so Terraform replaces the simple record", () => {
    expect(bodyOf(s, "www.example.com", "legacy")).toMatchObject({ set_identifier: "legacy", weighted_routing_policy: { weight: 90 } });
  });
});

describe("WeightedHostname adopting a record an atomic change batch already swapped (no NXDOMAIN window)", () => {
  test("imports the weighted legacy record by its id with the set identifier, and orders nothing", () => {
    const s = synth(propsFor("www.example.com", { adoptExistingRecord: "swapped" }));
    const [legacyAddress] = recordOf(s, "www.example.com", "legacy");
    expect(s.imports).toEqual([{ id: `${ZONE}_www.example.com_A_legacy`, to: `aws_route53_record.${legacyAddress}` }]);
    expect(bodyOf(s, "www.example.com", "new")).not.toHaveProperty("depends_on");
  });
});
