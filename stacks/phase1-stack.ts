// Phase 1: the application and presentation tiers, the first, non-critical services (`phase: 1`) and the preview
// name `new.<zone>` they are verified through (`npm run verify`). Nothing here receives user traffic for the public
// hostnames until golive shifts DNS, so it can be applied and checked at leisure.
import type { Construct } from "constructs";
import { STAGE_PLANS, writePathPatterns } from "../config/cutover-stages";
import { EcsCapacity } from "../constructs/compute/ecs-capacity";
import { EcrRepositories } from "../constructs/containers/ecr-repositories";
import { PreviewHostname, previewFqdn } from "../constructs/dns/preview-hostname";
import { Cdn } from "../constructs/edge/cdn";
import { HealthCheckRule } from "../constructs/edge/health-check-rule";
import { LoadBalancer, ORIGIN_VERIFY_HEADER } from "../constructs/edge/load-balancer";
import { ServiceFleet } from "../constructs/service/service-fleet";
import type { ServicePlatform } from "../constructs/service/service-platform";
import type { Phase1Outputs } from "./phase1-outputs";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { PreparationOutputs } from "./preparation-outputs";

export interface Phase1StackProps extends PhaseStackProps {
  readonly preparation: PreparationOutputs;
}

export class Phase1Stack extends PhaseStack {
  readonly outputs: Phase1Outputs;
  /** Everything a service needs from this phase; phase2 builds its own from `outputs`. */
  readonly servicePlatform: ServicePlatform;
  readonly capacity: EcsCapacity;
  readonly loadBalancer: LoadBalancer;
  readonly cdn: Cdn;
  readonly services: ServiceFleet;
  /** `/healthz` answered by the ALB itself, for the preview health check. */
  readonly healthCheckRule: HealthCheckRule;
  /** `new.<zone>` and its health check: the services can be verified from this phase on, before any user moves. */
  readonly preview: PreviewHostname;

  constructor(scope: Construct, props: Phase1StackProps) {
    super(scope, "phase1", props);
    const { config, namePrefix } = this;
    const prep = props.preparation;

    this.capacity = new EcsCapacity(this, "Capacity", {
      namePrefix,
      subnetIds: prep.privateSubnets.ids,
      securityGroupId: prep.securityGroups.app,
      instanceProfileName: prep.iam.ecsInstanceProfileName,
      instanceTypes: config.capacity.instanceTypes,
      minSize: config.capacity.minSize,
      maxSize: config.capacity.maxSize,
      desiredCapacity: config.capacity.desiredCapacity,
      targetCapacityPercent: config.capacity.targetCapacityPercent,
      rootVolumeGb: config.capacity.rootVolumeGb,
      kmsKeyArn: prep.kms.platformKeyArn,
      logRetentionDays: config.logRetentionDays,
    });
    this.loadBalancer = new LoadBalancer(this, "LoadBalancer", {
      namePrefix,
      publicSubnetIds: prep.publicSubnets.ids,
      edgeSecurityGroupId: prep.securityGroups.edge,
      certificateArn: prep.dns.regionalCertificateArn,
      accessLogBucketName: prep.accessLogBucket.name,
      zoneId: prep.dns.zoneId,
      zoneName: config.dns.zoneName,
      kmsKeyArn: prep.kms.platformKeyArn,
    });
    const originVerifyHeader = { name: ORIGIN_VERIFY_HEADER, value: this.loadBalancer.originVerifyValue };
    this.cdn = new Cdn(this, "Cdn", {
      namePrefix,
      albOriginDomain: this.loadBalancer.originFqdn,
      originVerifyHeader,
      aliases: [...config.cutover.hostnames.map((h) => h.name), previewFqdn(config.dns.zoneName)].sort(),
      certificateArn: prep.dns.cloudfrontCertificateArn,
      logBucketDomainName: prep.accessLogBucket.domainName,
      logBucketName: prep.accessLogBucket.name,
      priceClass: config.edge.priceClass,
      waf: config.edge.waf.enabled
        ? { globalProvider: this.globalProvider, accountId: this.accountId, logRetentionDays: config.logRetentionDays }
        : { off: config.edge.waf.reason ?? "" },
      legacy: STAGE_PLANS[config.cutover.stage].pinWritePathsToLegacy
        ? { domainName: config.legacy.loadBalancer.dnsName, pathPatterns: writePathPatterns(config.services) }
        : undefined,
    });

    this.servicePlatform = {
      namePrefix,
      region: config.region,
      cluster: {
        name: this.capacity.cluster.name,
        arn: this.capacity.cluster.arn,
        capacityProviderName: this.capacity.capacityProvider.name,
      },
      loadBalancer: { httpsListenerArn: this.loadBalancer.httpsListener.arn, arnSuffix: this.loadBalancer.alb.arnSuffix },
      originVerifyHeader,
      network: {
        vpcId: prep.vpcId,
        subnetIds: prep.privateSubnets.ids,
        appSecurityGroupId: prep.securityGroups.app,
        edgeSecurityGroupId: prep.securityGroups.edge,
      },
      ecrRepositoryUrls: prep.ecrRepositoryUrls,
      ecrRepositoryNames: Object.fromEntries(config.services.map((s) => [s.name, EcrRepositories.repositoryName(config.project, s.name)])),
      logKmsKeyArn: prep.kms.platformKeyArn,
      logRetentionDays: config.logRetentionDays,
      sharedExecutionRoleArn: prep.iam.taskExecutionRoleArn,
      execAudit: { logGroupArn: this.capacity.execAuditLogs.arn, kmsKeyArn: prep.kms.platformKeyArn },
    };
    this.services = new ServiceFleet(this, "Services", {
      services: config.services.filter((s) => s.phase === 1),
      platform: this.servicePlatform,
      dependsOn: [this.capacity.clusterCapacityProviders],
    });

    // Construct ids as they were in phase2 (which owned both until 2026-12): the addresses are unchanged, so an
    // environment that applied phase2 before moves them between the two states (docs/phase1.md, "The preview name").
    this.healthCheckRule = new HealthCheckRule(this, "HealthCheckRule", {
      listenerArn: this.loadBalancer.httpsListener.arn,
      originVerifyHeader,
    });
    this.preview = new PreviewHostname(this, "Preview", {
      zoneId: prep.dns.zoneId,
      zoneName: config.dns.zoneName,
      distribution: this.cdn.distribution,
      healthCheckPath: this.healthCheckRule.path,
      healthCheckDependsOn: [this.healthCheckRule.rule],
    });

    const distribution = this.cdn.distribution;
    this.outputs = {
      cluster: this.servicePlatform.cluster,
      loadBalancer: {
        arn: this.loadBalancer.alb.arn,
        arnSuffix: this.loadBalancer.alb.arnSuffix,
        dnsName: this.loadBalancer.alb.dnsName,
        zoneId: this.loadBalancer.alb.zoneId,
        httpsListenerArn: this.loadBalancer.httpsListener.arn,
      },
      originVerifyHeader,
      distribution: { id: distribution.id, arn: distribution.arn, domainName: distribution.domainName, hostedZoneId: distribution.hostedZoneId },
      preview: { fqdn: this.preview.fqdn, healthCheckId: this.preview.healthCheck.id },
      serviceNames: this.services.serviceNames,
      targetGroupArnSuffixes: this.services.targetGroupArnSuffixes,
    };
  }
}
