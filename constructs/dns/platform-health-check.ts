import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Construct } from "constructs";

export interface PlatformHealthCheckProps {
  readonly namePrefix: string;
  /** The region of the ALB, where its metrics and so the alarms below live. */
  readonly region: string;
  /** phase2's HTTPS check through CloudFront (PreviewHostname): the edge path answers. */
  readonly edgeHealthCheckId: string;
  /** `app/<name>/<id>` of the ALB. */
  readonly albArnSuffix: string;
  /** Service name -> target group ARN suffix: every service the new platform serves. */
  readonly targetGroupArnSuffixes: Record<string, string>;
  /** Topic notified when a service has no healthy target, and when it recovers. */
  readonly alarmTopicArn: string;
  /**
   * Minutes without a healthy target before a service counts as down.
   * @default PlatformHealthCheck.DEFAULT_MINUTES_DOWN (2)
   */
  readonly minutesDown?: number;
}

/**
 * The health check golive's weighted `new` records carry: healthy only while the edge path answers AND every
 * service has at least one healthy target. The edge check alone cannot see the services (the ALB itself answers
 * it), so a service whose tasks all fail would keep its share of users; with this check Route 53 stops answering
 * with the new platform and every hostname falls back to the legacy one, which still serves every service.
 *
 * Per service: an alarm on the target group's HealthyHostCount (Minimum < 1), and a Route 53 health check that
 * follows the alarm; a calculated check requires all children healthy.
 */
export class PlatformHealthCheck extends Construct {
  static readonly DEFAULT_MINUTES_DOWN = 2;

  /** The calculated check: edge and every service. */
  readonly healthCheck: Route53HealthCheck;
  readonly serviceAlarms: Record<string, CloudwatchMetricAlarm> = {};
  readonly serviceHealthChecks: Record<string, Route53HealthCheck> = {};

  constructor(scope: Construct, id: string, props: PlatformHealthCheckProps) {
    super(scope, id);
    const minutesDown = props.minutesDown ?? PlatformHealthCheck.DEFAULT_MINUTES_DOWN;
    // Keyed by service name: adding or removing a service touches only its own alarm and check.
    const services = new Construct(this, "Services");
    for (const [service, targetGroup] of Object.entries(props.targetGroupArnSuffixes)) {
      const scopeOf = new Construct(services, service);
      const alarm = new CloudwatchMetricAlarm(scopeOf, "NoHealthyTargets", {
        alarmName: `${props.namePrefix}-no-healthy-targets-${service}`,
        alarmDescription: `${service} has no healthy target: Route 53 sends every hostname back to the legacy platform`,
        namespace: "AWS/ApplicationELB",
        metricName: "HealthyHostCount",
        dimensions: { LoadBalancer: props.albArnSuffix, TargetGroup: targetGroup },
        // Route 53 follows only standard-resolution alarms on a plain statistic (no metric math, no percentiles).
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: minutesDown,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        // No datapoint means no registered target: as down as none healthy.
        treatMissingData: "breaching",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      });
      this.serviceAlarms[service] = alarm;
      this.serviceHealthChecks[service] = new Route53HealthCheck(scopeOf, "HealthCheck", {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: alarm.alarmName,
        cloudwatchAlarmRegion: props.region,
        // While CloudWatch has too little data (a new alarm), keep the last status rather than flip traffic.
        insufficientDataHealthStatus: "LastKnownStatus",
        tags: { Name: `${props.namePrefix} ${service} has a healthy target` },
      });
    }
    const children = [props.edgeHealthCheckId, ...Object.values(this.serviceHealthChecks).map((check) => check.id)];
    this.healthCheck = new Route53HealthCheck(this, "Calculated", {
      type: "CALCULATED",
      childHealthchecks: children,
      childHealthThreshold: children.length,
      tags: { Name: `${props.namePrefix} new platform: edge and every service` },
    });
  }
}
