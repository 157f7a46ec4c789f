// CutoverAlarms on its own, in a small synthesized scope: every alarm of docs/golive.md's rollback table exists with
// the documented threshold, which is also CUTOVER_THRESHOLDS' value (so doc and code cannot drift apart), in the
// region its metric lives in, notifying the topic of that region.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { REPO_ROOT } from "../../../config/load";
import { CUTOVER_THRESHOLDS, CutoverAlarms } from "../../../constructs/monitoring/cutover-alarms";

const PREFIX = "bh-test";
const REGIONAL_TOPIC = "arn:aws:sns:eu-west-2:111122223333:regional";
const GLOBAL_TOPIC = "arn:aws:sns:us-east-1:111122223333:global";
const ALB = "app/bh-test-alb/0123456789abcdef";
const TARGET_GROUPS = { "web-ui": "targetgroup/bh-test-web-ui/1111", orders: "targetgroup/bh-test-orders/2222" };

/** Which constant each documented alarm uses. */
const DOCUMENTED: Record<string, keyof typeof CUTOVER_THRESHOLDS> = {
  "<prefix>-cutover-alb-5xx-rate": "albErrorRatePercent",
  "<prefix>-cutover-p95-latency": "targetResponseTimeP95Seconds",
  "<prefix>-cutover-unhealthy-<service>": "unhealthyHosts",
  "<prefix>-cutover-cloudfront-5xx-rate": "cloudfrontErrorRatePercent",
  "<prefix>-cutover-health-check": "healthCheckHealthy",
};
const ALARMS_IN_US_EAST_1 = [`${PREFIX}-cutover-cloudfront-5xx-rate`, `${PREFIX}-cutover-health-check`];

interface DocumentedAlarm {
  readonly name: string;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly minutes: number;
}

/** The rows of the rollback-thresholds table in docs/golive.md, e.g. "| `<prefix>-...` | metric | > 2 % for 3 min |". */
function documentedAlarms(): DocumentedAlarm[] {
  const doc = readFileSync(join(REPO_ROOT, "docs/golive.md"), "utf8");
  const section = doc.split("### Rollback thresholds")[1]?.split(/\n#/)[0] ?? "";
  return [...section.matchAll(/^\| `(<prefix>-cutover-[^`]+)` \|[^|]+\| ([<>]) (\d+(?:\.\d+)?) ?(?:%|s)? for (\d+) min[^|]*\|$/gm)].map((m) => ({
    name: m[1],
    comparison: m[2] === ">" ? "GreaterThanThreshold" : "LessThanThreshold",
    threshold: Number(m[3]),
    minutes: Number(m[4]),
  }));
}

/** alarm_name -> [construct path, body] of every synthesized alarm. */
function synthAlarms(targetGroupArnSuffixes: Record<string, string>): Record<string, [string, any]> {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, "aws", { region: "eu-west-2" });
      const globalProvider = new AwsProvider(scope, "aws_global", { alias: "global", region: "us-east-1" });
      new CutoverAlarms(scope, "Alarms", {
        namePrefix: PREFIX,
        albArnSuffix: ALB,
        targetGroupArnSuffixes,
        distributionId: "E2EXAMPLE0DIST",
        healthCheckId: "hc-0123",
        regionalTopicArn: REGIONAL_TOPIC,
        globalTopicArn: GLOBAL_TOPIC,
        globalProvider,
      });
    }),
  );
  return Object.fromEntries(Object.entries<any>(json.resource.aws_cloudwatch_metric_alarm).map(([name, body]) => [body.alarm_name, [name, body]]));
}

/** Seconds one alarm looks at before it fires: evaluation periods x period (of the metric queries, for math alarms). */
const windowSeconds = (alarm: any): number => alarm.evaluation_periods * (alarm.period ?? alarm.metric_query.find((q: any) => q.metric).metric.period);

describe("CutoverAlarms for two services", () => {
  let alarms: Record<string, [string, any]>;
  const doc = documentedAlarms();
  const expand = (name: string) =>
    name.includes("<service>") ? Object.keys(TARGET_GROUPS).map((s) => name.replace("<prefix>", PREFIX).replace("<service>", s)) : [name.replace("<prefix>", PREFIX)];
  beforeAll(() => {
    alarms = synthAlarms(TARGET_GROUPS);
  });

  test("the docs' rollback table lists exactly the alarms that use CUTOVER_THRESHOLDS, one row per constant", () => {
    expect(doc.map((d) => d.name).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    expect(Object.values(DOCUMENTED).sort()).toEqual(Object.keys(CUTOVER_THRESHOLDS).sort());
  });

  test("exactly the documented alarms exist: the fixed ones once, the unhealthy-hosts one per service", () => {
    expect(Object.keys(alarms).sort()).toEqual(doc.flatMap((d) => expand(d.name)).sort());
  });

  test("each alarm's threshold is the documented one and CUTOVER_THRESHOLDS' value", () => {
    for (const d of doc) {
      expect(d.threshold).toBe(CUTOVER_THRESHOLDS[DOCUMENTED[d.name]]);
      for (const name of expand(d.name)) expect([name, alarms[name][1].threshold]).toEqual([name, d.threshold]);
    }
  });

  test("each alarm compares in the documented direction over the documented number of minutes", () => {
    for (const d of doc) {
      for (const name of expand(d.name)) {
        const alarm = alarms[name][1];
        expect([name, alarm.comparison_operator, windowSeconds(alarm)]).toEqual([name, d.comparison, d.minutes * 60]);
      }
    }
  });

  test("the health-check alarm counts missing data as failing; the others stay quiet without traffic", () => {
    for (const [name, [, alarm]] of Object.entries(alarms)) {
      expect([name, alarm.treat_missing_data]).toEqual([name, name === `${PREFIX}-cutover-health-check` ? "breaching" : "notBreaching"]);
    }
  });

  test("the ALB 5xx rate adds load balancer and target 5xx over requests, filling minutes without a count, never dividing by zero", () => {
    const [rate, ...metrics] = alarms[`${PREFIX}-cutover-alb-5xx-rate`][1].metric_query;
    // A minute with target 5xx and no ELB 5xx has no ELB datapoint: unfilled, the sum would be missing, not the target count.
    expect(rate).toMatchObject({ id: "rate", expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / FILL(requests, 1)", return_data: true });
    expect(metrics.map((q: any) => [q.id, q.metric.metric_name, q.metric.stat, q.metric.dimensions, q.return_data])).toEqual([
      ["elb5xx", "HTTPCode_ELB_5XX_Count", "Sum", { LoadBalancer: ALB }, false],
      ["target5xx", "HTTPCode_Target_5XX_Count", "Sum", { LoadBalancer: ALB }, false],
      ["requests", "RequestCount", "Sum", { LoadBalancer: ALB }, false],
    ]);
  });

  test("each unhealthy-hosts alarm watches its own service's target group, keyed by the service name", () => {
    for (const [service, targetGroup] of Object.entries(TARGET_GROUPS)) {
      const [, alarm] = alarms[`${PREFIX}-cutover-unhealthy-${service}`];
      expect(alarms[`${PREFIX}-cutover-unhealthy-${service}`][0]).toMatch(new RegExp(`^Alarms_UnhealthyHosts_${service}_[0-9A-F]{8}$`));
      expect(alarm).toMatchObject({ namespace: "AWS/ApplicationELB", metric_name: "UnHealthyHostCount", statistic: "Maximum" });
      expect(alarm.dimensions).toEqual({ LoadBalancer: ALB, TargetGroup: targetGroup });
    }
  });

  test("CloudFront and Route 53 health alarms use the us-east-1 provider, where those metrics exist", () => {
    expect(alarms[`${PREFIX}-cutover-cloudfront-5xx-rate`][1]).toMatchObject({
      provider: "aws.global",
      namespace: "AWS/CloudFront",
      metric_name: "5xxErrorRate",
      dimensions: { DistributionId: "E2EXAMPLE0DIST", Region: "Global" },
    });
    expect(alarms[`${PREFIX}-cutover-health-check`][1]).toMatchObject({
      provider: "aws.global",
      namespace: "AWS/Route53",
      metric_name: "HealthCheckStatus",
      dimensions: { HealthCheckId: "hc-0123" },
    });
  });

  test("the ALB alarms stay on the stack's default provider", () => {
    const regional = Object.entries(alarms).filter(([name]) => !ALARMS_IN_US_EAST_1.includes(name));
    expect(regional).toHaveLength(4);
    for (const [name, [, alarm]] of regional) expect([name, alarm.provider]).toEqual([name, undefined]);
  });

  test("every alarm notifies on alarm and on recovery, to the topic in its own region", () => {
    for (const [name, [, alarm]] of Object.entries(alarms)) {
      const topic = ALARMS_IN_US_EAST_1.includes(name) ? GLOBAL_TOPIC : REGIONAL_TOPIC;
      expect([name, alarm.alarm_actions, alarm.ok_actions]).toEqual([name, [topic], [topic]]);
    }
  });
});

describe("CutoverAlarms when a service is added", () => {
  test("only the new service's alarm appears; every existing alarm keeps its address and body", () => {
    // GIVEN the alarms for two services
    const before = synthAlarms(TARGET_GROUPS);
    // WHEN a third service joins (listed first, so order cannot matter)
    const after = synthAlarms({ accounts: "targetgroup/bh-test-accounts/3333", ...TARGET_GROUPS });
    // THEN
    const { [`${PREFIX}-cutover-unhealthy-accounts`]: added, ...unchanged } = after;
    expect(added).toBeDefined();
    expect(unchanged).toEqual(before);
  });
});
