// The golive stack in the full app (prepareStack runs, so cross-stack references become terraform_remote_state):
// its records per configured hostname, its wiring to earlier phases, and the promise of issue 6: a cutover step,
// a rollback and the decommissioning each change exactly the records they name, in this stack alone.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { selectedSchemaPath } from "../../scripts/check-schema";
import { bindingLookup } from "../../scripts/schema/bindings";
import { checkStack } from "../../scripts/schema/check-stack";
import { loadProviderSchemaFile, type ProviderSchemaFile } from "../../scripts/schema/provider-schema";
import { REPO_ROOT } from "../../config/load";
import type { EnvironmentConfig } from "../../config/schema";
import { configFor, resourceAt, resourcesOf, synthStacks, type StackJson, withoutTerraformOnPath } from "../helpers";

type Stacks = Record<string, StackJson>;

const REMOTE = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([a-z0-9-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;

/** The producing stack and the Terraform expression behind a value read through terraform_remote_state. */
function producerOf(stacks: Stacks, token: string): { stack: string; value: string } {
  const match = token.match(REMOTE);
  if (!match) throw new Error(`not a remote state reference: ${token}`);
  const [, stack, output] = match;
  return { stack, value: stacks[stack].output?.[output]?.value };
}

/**
 * Every difference between two synthesized apps, as `stack/key/key/...` paths; a key present on one side only is
 * reported as `<path> (added)` or `<path> (removed)`.
 */
function differences(before: unknown, after: unknown, path: string[] = []): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      if (!(k in after)) return [`${[...path, k].join("/")} (removed)`];
      if (!(k in before)) return [`${[...path, k].join("/")} (added)`];
      return differences(before[k], after[k], [...path, k]);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path.join("/")];
}

let schema: ProviderSchemaFile | undefined;
/** Errors of the offline provider schema check (scripts/check-schema.ts) on one stack; the schema loads once. */
function schemaErrors(stack: StackJson): string[] {
  if (!schema) {
    const path = selectedSchemaPath();
    if (!existsSync(path)) throw new Error(`provider schema not found at ${path}: set AWS_PROVIDER_SCHEMA`);
    schema = loadProviderSchemaFile(path);
  }
  const knows = bindingLookup(join(REPO_ROOT, "node_modules", "@cdktf", "provider-aws"));
  return checkStack(stack, schema, { bindingKnows: knows })
    .filter((f) => f.severity === "error")
    .map((f) => `${f.address}: ${f.path}: ${f.problem}`);
}

/** Logical name of a hostname's legacy or new record in a stack. */
const recordName = (stack: StackJson, host: string, role: "Legacy" | "New"): string => {
  const found = resourcesOf(stack, "aws_route53_record").filter(([, r]) => r["//"]?.metadata?.path?.endsWith(`/Hostnames/${host}/${role}`));
  if (found.length !== 1) throw new Error(`expected one ${role} record for ${host}, found ${found.length}`);
  return found[0][0];
};
const record = (stack: StackJson, host: string, role: "Legacy" | "New") => stack.resource!.aws_route53_record[recordName(stack, host, role)];

/** A stage, and canary weights per hostname. */
const atStage = (stage: string, weights: Record<string, number> = {}) => (raw: Record<string, any>) => {
  raw.cutover.stage = stage;
  for (const h of raw.cutover.hostnames) if (weights[h.name] !== undefined) h.canaryWeight = weights[h.name];
};
const STAGING_WWW = "www.staging.braveheart-tech.com";
const STAGING_APP = "app.staging.braveheart-tech.com";

describe("golive stack (production in the canary stage, first apply adopting today's records)", () => {
  let config: EnvironmentConfig;
  let stacks: Stacks;
  let golive: StackJson;
  beforeAll(() => {
    config = configFor("production", (raw) => {
      raw.cutover.stage = "canary";
      for (const h of raw.cutover.hostnames) h.adoptExistingRecord = true;
    });
    // No terraform on PATH, as on CI: cdktf's importFrom would shell out to `terraform version` (ImportBlock).
    stacks = withoutTerraformOnPath(() => synthStacks(config));
    golive = stacks["production-golive"];
  });

  describe("records", () => {
    test("every cutover hostname, and only those, has a legacy and a new record keyed by its name", () => {
      const paths = resourcesOf(golive, "aws_route53_record").map(([, r]) => r["//"].metadata.path);
      const expected = config.cutover.hostnames.flatMap((h) => [`production-golive/Hostnames/${h.name}/Legacy`, `production-golive/Hostnames/${h.name}/New`]);
      expect(paths.sort()).toEqual(expected.sort());
      expect(config.cutover.hostnames.length).toBeGreaterThanOrEqual(2);
    });

    test("each record carries its hostname, type A, its set identifier and its canary weight (new canaryWeight, legacy the rest)", () => {
      for (const h of config.cutover.hostnames) {
        expect(record(golive, h.name, "New")).toMatchObject({ name: h.name, type: "A", set_identifier: "new", weighted_routing_policy: { weight: h.canaryWeight } });
        expect(record(golive, h.name, "Legacy")).toMatchObject({ name: h.name, type: "A", set_identifier: "legacy", weighted_routing_policy: { weight: 100 - h.canaryWeight } });
      }
    });

    test("the legacy records alias the legacy load balancer from config, evaluating its health", () => {
      for (const h of config.cutover.hostnames) {
        expect(record(golive, h.name, "Legacy").alias).toEqual({
          name: config.legacy.loadBalancer.dnsName,
          zone_id: config.legacy.loadBalancer.zoneId,
          evaluate_target_health: true,
        });
      }
    });

    test("each hostname's today's record (<zone id>_<hostname>_A) is imported into its legacy record", () => {
      const zoneId = record(golive, config.cutover.hostnames[0].name, "Legacy").zone_id;
      expect(golive.import).toEqual(
        config.cutover.hostnames.map((h) => ({ id: `${zoneId}_${h.name}_A`, to: `aws_route53_record.${recordName(golive, h.name, "Legacy")}` })),
      );
    });

    test("while adopting, each new record waits for its hostname's legacy record", () => {
      for (const h of config.cutover.hostnames) {
        expect(record(golive, h.name, "New").depends_on).toEqual([`aws_route53_record.${recordName(golive, h.name, "Legacy")}`]);
      }
    });
  });

  describe("cross-stack wiring", () => {
    test("reads preparation, phase1 and phase2 through terraform_remote_state, nothing else", () => {
      expect(Object.keys(golive.data?.terraform_remote_state ?? {}).sort()).toEqual([
        "cross-stack-reference-input-production-phase1",
        "cross-stack-reference-input-production-phase2",
        "cross-stack-reference-input-production-preparation",
      ]);
    });

    test("the records live in preparation's hosted zone (the import id uses the same zone id)", () => {
      for (const h of config.cutover.hostnames) {
        for (const role of ["Legacy", "New"] as const) {
          expect(producerOf(stacks, record(golive, h.name, role).zone_id)).toEqual({
            stack: "production-preparation",
            value: expect.stringMatching(/^\$\{data\.aws_route53_zone\.[A-Za-z0-9_]+\.zone_id\}$/),
          });
        }
      }
      const zoneToken = record(golive, config.cutover.hostnames[0].name, "Legacy").zone_id;
      for (const block of golive.import ?? []) expect(block.id.startsWith(`${zoneToken}_`)).toBe(true);
    });

    test("the new records alias phase1's CloudFront distribution (domain name and hosted zone id)", () => {
      for (const h of config.cutover.hostnames) {
        const alias = record(golive, h.name, "New").alias;
        expect(producerOf(stacks, alias.name)).toEqual({
          stack: "production-phase1",
          value: expect.stringMatching(/^\$\{aws_cloudfront_distribution\.[A-Za-z0-9_]+\.domain_name\}$/),
        });
        expect(producerOf(stacks, alias.zone_id)).toEqual({
          stack: "production-phase1",
          value: expect.stringMatching(/^\$\{aws_cloudfront_distribution\.[A-Za-z0-9_]+\.hosted_zone_id\}$/),
        });
      }
    });

    test("the new records and the health-check alarm follow golive's platform check: phase2's edge check and one per service", () => {
      // GIVEN the calculated check golive builds
      const [address, calculated] = resourcesOf(golive, "aws_route53_health_check").find(([, c]) => c.type === "CALCULATED")!;
      const own = `\${aws_route53_health_check.${address}.id}`;
      for (const h of config.cutover.hostnames) expect(record(golive, h.name, "New").health_check_id).toBe(own);
      expect(resourceAt(golive, "aws_cloudwatch_metric_alarm", "Alarms/HealthCheck").dimensions.HealthCheckId).toBe(own);
      // THEN it is healthy only when every child is: phase2's edge check and each service's alarm-based check
      const [edge, ...services] = calculated.child_healthchecks;
      expect(producerOf(stacks, edge)).toEqual({ stack: "production-phase1", value: expect.stringMatching(/^\$\{aws_route53_health_check\.[A-Za-z0-9_]+\.id\}$/) });
      expect(calculated.child_health_threshold).toBe(1 + config.services.length);
      for (const s of config.services) {
        const check = resourceAt(golive, "aws_route53_health_check", `PlatformHealth/Services/${s.name}/HealthCheck`);
        expect(services).toContain(`\${aws_route53_health_check.${resourcesOf(golive, "aws_route53_health_check").find(([, c]) => c === check)![0]}.id}`);
        const alarm = resourceAt(golive, "aws_cloudwatch_metric_alarm", `PlatformHealth/Services/${s.name}/NoHealthyTargets`);
        expect(check).toMatchObject({ type: "CLOUDWATCH_METRIC", cloudwatch_alarm_region: config.region, insufficient_data_health_status: "LastKnownStatus" });
        expect(check.cloudwatch_alarm_name).toMatch(/^\$\{aws_cloudwatch_metric_alarm\.[A-Za-z0-9_-]+\.alarm_name\}$/);
        expect(alarm).toMatchObject({ metric_name: "HealthyHostCount", statistic: "Minimum", comparison_operator: "LessThanThreshold", threshold: 1, treat_missing_data: "breaching" });
        expect(producerOf(stacks, alarm.dimensions.TargetGroup).stack).toBe(`production-phase${s.phase}`);
      }
      expect(services).toHaveLength(config.services.length);
    });

    test("there is one unhealthy-hosts alarm per configured service, on its target group from phase1 or phase2", () => {
      for (const s of config.services) {
        const alarm = resourceAt(golive, "aws_cloudwatch_metric_alarm", `Alarms/UnhealthyHosts/${s.name}`);
        expect(producerOf(stacks, alarm.dimensions.TargetGroup)).toEqual({
          stack: `production-phase${s.phase}`,
          value: expect.stringMatching(/^\$\{aws_lb_target_group\.[A-Za-z0-9_-]+\.arn_suffix\}$/),
        });
      }
      expect(resourcesOf(golive, "aws_cloudwatch_metric_alarm").filter(([, a]) => a.metric_name === "UnHealthyHostCount")).toHaveLength(config.services.length);
    });
  });

  describe("providers and outputs", () => {
    test("the global provider alias is us-east-1; the default provider is the environment's region", () => {
      const providers = golive.provider!.aws as any[];
      expect(providers.map((p) => [p.alias ?? "(default)", p.region])).toEqual([
        ["(default)", config.region],
        ["global", "us-east-1"],
      ]);
    });

    test("exactly the CloudFront and health-check alarms and their topic and key use the us-east-1 provider", () => {
      const onGlobal = Object.values(golive.resource!).flatMap((byName) => Object.values<any>(byName).filter((r) => r.provider === "aws.global").map((r) => r["//"].metadata.path));
      expect(onGlobal.sort()).toEqual(
        [
          "Alarms/CloudFrontErrorRate",
          "Alarms/HealthCheck",
          "GlobalAlarmKey/Key",
          "GlobalAlarmKey/Alias",
          "GlobalAlarmTopic/Topic",
          "GlobalAlarmTopic/Policy",
          "GlobalAlarmTopic/Email",
        ]
          .map((p) => `production-golive/${p}`)
          .sort(),
      );
    });

    test("cutover_stage names the stage and cutover_weights each hostname's percentage on the new platform", () => {
      expect(golive.output?.cutover_stage.value).toBe("canary");
      expect(golive.output?.cutover_weights.value).toEqual(Object.fromEntries(config.cutover.hostnames.map((h) => [h.name, h.canaryWeight])));
    });

    test("the adopting golive stack passes the offline provider schema check", () => {
      expect(schemaErrors(golive)).toEqual([]);
    });

    test("alarm_topic_arn is the regional cutover topic's ARN", () => {
      const [name, topic] = resourcesOf(golive, "aws_sns_topic").find(([, t]) => t.name === "braveheart-production-cutover-alarms")!;
      expect(topic.provider).toBeUndefined();
      expect(golive.output?.alarm_topic_arn.value).toBe(`\${aws_sns_topic.${name}.arn}`);
    });
  });
});

describe("staging: what each stage change touches", () => {
  let canary: Stacks;
  beforeAll(() => {
    canary = synthStacks(configFor("staging", atStage("canary", { [STAGING_WWW]: 50 })));
  });

  describe("a canary weight change on one hostname (www 50 -> 10)", () => {
    let lowered: Stacks;
    beforeAll(() => {
      lowered = synthStacks(configFor("staging", atStage("canary", { [STAGING_WWW]: 10 })));
    });

    test("changes only that hostname's two weights and its cutover_weights entry; all five stacks are otherwise identical", () => {
      const golive = canary["staging-golive"];
      expect(Object.keys(canary)).toHaveLength(5);
      expect(differences(canary, lowered).sort()).toEqual(
        [
          `staging-golive/output/cutover_weights/value/${STAGING_WWW}`,
          `staging-golive/resource/aws_route53_record/${recordName(golive, STAGING_WWW, "Legacy")}/weighted_routing_policy/weight`,
          `staging-golive/resource/aws_route53_record/${recordName(golive, STAGING_WWW, "New")}/weighted_routing_policy/weight`,
        ].sort(),
      );
    });

    test("the weights move from 50/50 to new 10 / legacy 90, and the output follows", () => {
      const weights = (stacks: Stacks) => (["New", "Legacy"] as const).map((role) => record(stacks["staging-golive"], STAGING_WWW, role).weighted_routing_policy.weight);
      expect(weights(canary)).toEqual([50, 50]);
      expect(weights(lowered)).toEqual([10, 90]);
      expect(lowered["staging-golive"].output?.cutover_weights.value).toEqual({ [STAGING_WWW]: 10, [STAGING_APP]: 10 });
    });

    test("no import blocks and no ordering without adoptExistingRecord", () => {
      expect(lowered["staging-golive"].import).toBeUndefined();
      for (const [, r] of resourcesOf(lowered["staging-golive"], "aws_route53_record")) expect(r.depends_on).toBeUndefined();
    });

    test("the golive stack at a partial weight passes the offline provider schema check", () => {
      expect(schemaErrors(lowered["staging-golive"])).toEqual([]);
    });
  });

  describe("a rollback before the data cutover (canary -> preview)", () => {
    let preview: Stacks;
    beforeAll(() => {
      preview = synthStacks(configFor("staging", atStage("preview")));
    });

    test("is the golive stack alone: the new records go, the legacy ones return to 100", () => {
      const golive = canary["staging-golive"];
      expect(differences(canary, preview).sort()).toEqual(
        [
          "staging-golive/output/cutover_stage/value",
          `staging-golive/output/cutover_weights/value/${STAGING_APP}`,
          `staging-golive/output/cutover_weights/value/${STAGING_WWW}`,
          ...[STAGING_WWW, STAGING_APP].flatMap((h) => [
            `staging-golive/resource/aws_route53_record/${recordName(golive, h, "Legacy")}/weighted_routing_policy/weight`,
            `staging-golive/resource/aws_route53_record/${recordName(golive, h, "New")} (removed)`,
          ]),
        ].sort(),
      );
      expect(record(preview["staging-golive"], STAGING_WWW, "Legacy").weighted_routing_policy.weight).toBe(100);
    });
  });

  describe("completing the cutover (data-cutover -> complete)", () => {
    let cutover: Stacks;
    let complete: Stacks;
    beforeAll(() => {
      cutover = synthStacks(configFor("staging", atStage("data-cutover")));
      complete = synthStacks(configFor("staging", atStage("complete")));
    });

    test("removes exactly the legacy records (and names the stage) in any of the five stacks", () => {
      const golive = cutover["staging-golive"];
      expect(differences(cutover, complete).sort()).toEqual(
        [
          "staging-golive/output/cutover_stage/value",
          ...[STAGING_WWW, STAGING_APP].map((h) => `staging-golive/resource/aws_route53_record/${recordName(golive, h, "Legacy")} (removed)`),
        ].sort(),
      );
    });

    test("the new records stay, weighted at 100 without a health check: a failing platform never sends users to the stale legacy database", () => {
      for (const h of [STAGING_WWW, STAGING_APP]) {
        const kept = record(complete["staging-golive"], h, "New");
        expect(kept).toMatchObject({ set_identifier: "new", weighted_routing_policy: { weight: 100 } });
        expect(kept.health_check_id).toBeUndefined();
      }
    });

    test("both golive stacks pass the offline provider schema check", () => {
      expect(schemaErrors(cutover["staging-golive"])).toEqual([]);
      expect(schemaErrors(complete["staging-golive"])).toEqual([]);
    });
  });
});
