// Phase "golive": the only stack that moves users. Each public hostname is a weighted set of records (legacy, new)
// shaped by the migration stage (`cutover.stage`, config/cutover-stages.ts); before the data cutover a step or a
// rollback is that one line applied to this stack alone.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { newPlatformPercent, recordWeight, STAGE_PLANS, type RecordPlan } from "../config/cutover-stages";
import { PlatformHealthCheck } from "../constructs/dns/platform-health-check";
import { WeightedHostname } from "../constructs/dns/weighted-hostname";
import { AlarmTopic } from "../constructs/monitoring/alarm-topic";
import { CutoverAlarms } from "../constructs/monitoring/cutover-alarms";
import { KmsKey } from "../constructs/security/kms-key";
import type { Phase1Outputs } from "./phase1-outputs";
import type { Phase2Outputs } from "./phase2-outputs";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { PreparationOutputs } from "./preparation-outputs";

export interface GoliveStackProps extends PhaseStackProps {
  readonly preparation: PreparationOutputs;
  readonly phase1: Phase1Outputs;
  readonly phase2: Phase2Outputs;
}

export class GoliveStack extends PhaseStack {
  readonly hostnames: Record<string, WeightedHostname> = {};

  constructor(scope: Construct, props: GoliveStackProps) {
    super(scope, "golive", props);
    const { config, namePrefix } = this;
    const { preparation, phase1, phase2 } = props;
    const { accountId } = this;

    const regionalTopic = new AlarmTopic(this, "AlarmTopic", {
      topicName: `${namePrefix}-cutover-alarms`,
      kmsKeyArn: preparation.kms.platformKeyArn,
      accountId,
      publishers: ["cloudwatch.amazonaws.com"],
      recipients: config.alerts,
    });
    const targetGroupArnSuffixes = { ...phase1.targetGroupArnSuffixes, ...phase2.targetGroupArnSuffixes };
    // What the weighted `new` records follow: the edge answers and every service has a healthy target.
    const platformHealth = new PlatformHealthCheck(this, "PlatformHealth", {
      namePrefix,
      region: config.region,
      edgeHealthCheckId: phase1.preview.healthCheckId,
      albArnSuffix: phase1.loadBalancer.arnSuffix,
      targetGroupArnSuffixes,
      alarmTopicArn: regionalTopic.arn,
    });

    // Keyed by hostname: adding or removing one never touches another's records.
    const plan = STAGE_PLANS[config.cutover.stage];
    const records = new Construct(this, "Hostnames");
    for (const host of config.cutover.hostnames) {
      const record = (p: RecordPlan | undefined) => p && { weight: recordWeight(p, host.canaryWeight), healthChecked: p.healthChecked };
      this.hostnames[host.name] = new WeightedHostname(records, host.name, {
        zoneId: preparation.dns.zoneId,
        hostname: host.name,
        legacyTarget: config.legacy.loadBalancer,
        newTarget: { dnsName: phase1.distribution.domainName, zoneId: phase1.distribution.hostedZoneId },
        newHealthCheckId: platformHealth.healthCheck.id,
        legacy: record(plan.legacyRecord),
        new: record(plan.newRecord),
        adoptExistingRecord: host.adoptExistingRecord,
      });
    }

    const globalKey = new KmsKey(this, "GlobalAlarmKey", {
      alias: `${namePrefix}-cutover-alarms-global`,
      description: `${namePrefix}: cutover alarm notifications in us-east-1`,
      accountId,
      servicePrincipals: ["cloudwatch.amazonaws.com", "sns.amazonaws.com"],
      provider: this.globalProvider,
    });
    const globalTopic = new AlarmTopic(this, "GlobalAlarmTopic", {
      topicName: `${namePrefix}-cutover-alarms-global`,
      kmsKeyArn: globalKey.arn,
      accountId,
      publishers: ["cloudwatch.amazonaws.com"],
      recipients: config.alerts,
      provider: this.globalProvider,
    });
    new CutoverAlarms(this, "Alarms", {
      namePrefix,
      albArnSuffix: phase1.loadBalancer.arnSuffix,
      targetGroupArnSuffixes,
      distributionId: phase1.distribution.id,
      healthCheckId: platformHealth.healthCheck.id,
      regionalTopicArn: regionalTopic.arn,
      globalTopicArn: globalTopic.arn,
      globalProvider: this.globalProvider,
    });

    new TerraformOutput(this, "cutover_stage", { description: "Migration stage (config/cutover-stages.ts)", value: config.cutover.stage });
    new TerraformOutput(this, "cutover_weights", {
      description: "Percentage of traffic on the new platform, per public hostname, while both platforms are healthy",
      value: Object.fromEntries(config.cutover.hostnames.map((h) => [h.name, newPlatformPercent(plan, h.canaryWeight)])),
    });
    // Read in every stage, so phase1's outputs do not depend on the stage: a rollback to `preview` (no `new`
    // record) stays a change to this stack alone.
    new TerraformOutput(this, "new_platform_edge", {
      description: "The CloudFront distribution (domain name and alias zone) the `new` records point at from the canary on",
      value: { domainName: phase1.distribution.domainName, hostedZoneId: phase1.distribution.hostedZoneId },
    });
    new TerraformOutput(this, "alarm_topic_arn", { description: "Cutover alarms in the stack's region", value: regionalTopic.arn });
  }
}
