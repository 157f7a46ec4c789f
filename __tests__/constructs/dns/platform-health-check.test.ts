import { Testing } from "cdktf";
import { PlatformHealthCheck, type PlatformHealthCheckProps } from "../../../constructs/dns/platform-health-check";

const base: PlatformHealthCheckProps = {
  namePrefix: "bh-test",
  region: "eu-west-2",
  edgeHealthCheckId: "edge-check-id",
  albArnSuffix: "app/bh-test/abc",
  targetGroupArnSuffixes: { catalog: "targetgroup/catalog/1", orders: "targetgroup/orders/2" },
  alarmTopicArn: "arn:aws:sns:eu-west-2:111111111111:alarms",
};

function synth(props: PlatformHealthCheckProps) {
  const json = JSON.parse(Testing.synthScope((scope) => void new PlatformHealthCheck(scope, "Health", props)));
  return { checks: json.resource.aws_route53_health_check as Record<string, any>, alarms: json.resource.aws_cloudwatch_metric_alarm as Record<string, any> };
}

describe("PlatformHealthCheck", () => {
  let twoServices: ReturnType<typeof synth>;
  beforeAll(() => {
    twoServices = synth(base);
  });

  test("is healthy only when the edge check and every service's check are: threshold = all children", () => {
    const { checks } = twoServices;
    const calculated = Object.values(checks).find((c) => c.type === "CALCULATED");
    expect(calculated.child_healthchecks).toHaveLength(3);
    expect(calculated.child_healthchecks[0]).toBe("edge-check-id");
    expect(calculated.child_health_threshold).toBe(3);
  });

  test("a service is down when its target group has had no healthy target for 2 minutes, or reports none", () => {
    const { alarms } = twoServices;
    const catalog = Object.values(alarms).find((a) => a.alarm_name === "bh-test-no-healthy-targets-catalog");
    expect(catalog).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HealthyHostCount",
      dimensions: { LoadBalancer: "app/bh-test/abc", TargetGroup: "targetgroup/catalog/1" },
      statistic: "Minimum",
      period: 60,
      evaluation_periods: 2,
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
      alarm_actions: [base.alarmTopicArn],
      ok_actions: [base.alarmTopicArn],
    });
    // Route 53 can follow it: a plain statistic, no metric math or percentile.
    expect(catalog.metric_query).toBeUndefined();
    expect(catalog.extended_statistic).toBeUndefined();
    expect(Object.values(synth({ ...base, minutesDown: 5 }).alarms).every((a) => a.evaluation_periods === 5)).toBe(true);
  });

  test("each service's Route 53 check follows its alarm in the ALB's region and keeps its last status without data", () => {
    const { checks } = twoServices;
    const byService = Object.entries(checks).filter(([, c]) => c.type === "CLOUDWATCH_METRIC");
    expect(byService).toHaveLength(2);
    for (const [, check] of byService) {
      expect(check).toMatchObject({ cloudwatch_alarm_region: "eu-west-2", insufficient_data_health_status: "LastKnownStatus" });
      expect(check.cloudwatch_alarm_name).toMatch(/^\$\{aws_cloudwatch_metric_alarm\.Health_Services_(catalog|orders)_NoHealthyTargets_[0-9A-F]+\.alarm_name\}$/);
    }
  });

  test("removing a service removes only its own alarm and check; the others keep their addresses", () => {
    const both = twoServices;
    const one = synth({ ...base, targetGroupArnSuffixes: { orders: "targetgroup/orders/2" } });
    const ordersAddresses = (r: Record<string, any>) => Object.keys(r).filter((k) => k.includes("_orders_"));
    expect(ordersAddresses(one.alarms)).toEqual(ordersAddresses(both.alarms));
    expect(ordersAddresses(one.checks)).toEqual(ordersAddresses(both.checks));
    expect(Object.keys(one.alarms)).toHaveLength(1);
  });
});
