import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/**
 * Rollback thresholds: when one of these alarms fires during a cutover step, lower the step's weight and apply
 * golive (docs/golive.md). Each is deliberately tighter than "users are complaining".
 */
export const CUTOVER_THRESHOLDS = {
  /** ALB 5xx responses (load balancer + targets) as a percentage of requests, per minute, 3 minutes running. */
  albErrorRatePercent: 2,
  /** ALB p95 target response time in seconds, over 5 minutes. */
  targetResponseTimeP95Seconds: 1.5,
  /** Unhealthy targets of any service, for 2 minutes. */
  unhealthyHosts: 0,
  /** CloudFront 5xx error rate percentage, per minute, 3 minutes running. */
  cloudfrontErrorRatePercent: 2,
  /** Route 53 health check of the new platform: 1 healthy, 0 failing; alarms below 1 for 2 minutes. */
  healthCheckHealthy: 1,
} as const;

export interface CutoverAlarmsProps {
  readonly namePrefix: string;
  /** `app/<name>/<id>` of the ALB. */
  readonly albArnSuffix: string;
  /** Service name -> target group ARN suffix. */
  readonly targetGroupArnSuffixes: Record<string, string>;
  readonly distributionId: string;
  readonly healthCheckId: string;
  /** Topic in the stack's region (ALB alarms). */
  readonly regionalTopicArn: string;
  /** Topic in us-east-1, where CloudFront and Route 53 publish their metrics (alarms notify same-region topics only). */
  readonly globalTopicArn: string;
  /** Provider for us-east-1. */
  readonly globalProvider: TerraformProvider;
}

/** The alarms that decide whether a cutover step holds; all notify on alarm and on recovery. */
export class CutoverAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: CutoverAlarmsProps) {
    super(scope, id);
    const t = CUTOVER_THRESHOLDS;
    const regional = { alarmActions: [props.regionalTopicArn], okActions: [props.regionalTopicArn] };
    const global = { alarmActions: [props.globalTopicArn], okActions: [props.globalTopicArn], provider: props.globalProvider };
    const alb = { LoadBalancer: props.albArnSuffix };
    const albMetric = (qid: string, metricName: string) => ({
      id: qid,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: alb, period: 60, stat: "Sum" },
    });
    const add = (cid: string, config: ConstructorParameters<typeof CloudwatchMetricAlarm>[2], scope: Construct = this) => {
      this.alarms.push(new CloudwatchMetricAlarm(scope, cid, config));
    };
    // One alarm per service, keyed by its name: adding or removing a service touches only its own alarm.
    const unhealthy = new Construct(this, "UnhealthyHosts");

    add("AlbErrorRate", {
      ...regional,
      alarmName: `${props.namePrefix}-cutover-alb-5xx-rate`,
      alarmDescription: `ALB 5xx above ${t.albErrorRatePercent}% of requests: roll back the last cutover step`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.albErrorRatePercent,
      evaluationPeriods: 3,
      // No requests means no errors: quiet before the first step.
      treatMissingData: "notBreaching",
      metricQuery: [
        // The ALB publishes a count only for minutes that have one: without FILL, a minute of target 5xx and no
        // ELB 5xx (or the reverse) has no sum at all, and the alarm would miss exactly the errors it is for.
        { id: "rate", expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / FILL(requests, 1)", label: "5xx %", returnData: true },
        { ...albMetric("elb5xx", "HTTPCode_ELB_5XX_Count"), returnData: false },
        { ...albMetric("target5xx", "HTTPCode_Target_5XX_Count"), returnData: false },
        { ...albMetric("requests", "RequestCount"), returnData: false },
      ],
    });
    add("TargetResponseTime", {
      ...regional,
      alarmName: `${props.namePrefix}-cutover-p95-latency`,
      alarmDescription: `ALB p95 target response time above ${t.targetResponseTimeP95Seconds}s: roll back the last cutover step`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: alb,
      extendedStatistic: "p95",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.targetResponseTimeP95Seconds,
      treatMissingData: "notBreaching",
    });
    for (const [service, targetGroup] of Object.entries(props.targetGroupArnSuffixes)) {
      add(service, {
        ...regional,
        alarmName: `${props.namePrefix}-cutover-unhealthy-${service}`,
        alarmDescription: `${service} has unhealthy targets: check its deployment before the next cutover step`,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { ...alb, TargetGroup: targetGroup },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 2,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.unhealthyHosts,
        treatMissingData: "notBreaching",
      }, unhealthy);
    }
    add("CloudFrontErrorRate", {
      ...global,
      alarmName: `${props.namePrefix}-cutover-cloudfront-5xx-rate`,
      alarmDescription: `CloudFront 5xx error rate above ${t.cloudfrontErrorRatePercent}%: roll back the last cutover step`,
      namespace: "AWS/CloudFront",
      metricName: "5xxErrorRate",
      dimensions: { DistributionId: props.distributionId, Region: "Global" },
      statistic: "Average",
      period: 60,
      evaluationPeriods: 3,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.cloudfrontErrorRatePercent,
      treatMissingData: "notBreaching",
    });
    add("HealthCheck", {
      ...global,
      alarmName: `${props.namePrefix}-cutover-health-check`,
      alarmDescription: "Route 53 health check of the new platform is failing: its weighted records get no traffic",
      namespace: "AWS/Route53",
      metricName: "HealthCheckStatus",
      dimensions: { HealthCheckId: props.healthCheckId },
      statistic: "Minimum",
      period: 60,
      evaluationPeriods: 2,
      comparisonOperator: "LessThanThreshold",
      threshold: t.healthCheckHealthy,
      // A health check that reports nothing is as bad as one that fails.
      treatMissingData: "breaching",
    });
  }
}
