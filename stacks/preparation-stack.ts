// Phase "preparation": the foundation every later phase reads. Nothing here serves users yet, so it can be
// applied (and re-applied) without touching the legacy platform.
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { TerraformOutput } from "cdktf";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { suppress } from "../guardrails/suppressions";
import { EcrRepositories } from "../constructs/containers/ecr-repositories";
import { Certificates } from "../constructs/dns/certificates";
import { EcsRoles } from "../constructs/iam/ecs-roles";
import { LoadBalancer } from "../constructs/edge/load-balancer";
import { GithubDeployRole } from "../constructs/iam/github-deploy-role";
import { GithubPlanRole } from "../constructs/iam/github-plan-role";
import { GithubPublishRole } from "../constructs/iam/github-publish-role";
import { ReadOnlyRole } from "../constructs/iam/read-only-role";
import { Network } from "../constructs/network/network";
import { SecurityGroups } from "../constructs/network/security-groups";
import { VpcEndpoints } from "../constructs/network/vpc-endpoints";
import { LegacyConnectivity } from "../constructs/network/legacy-connectivity/legacy-connectivity";
import type { PolicyStatement } from "../constructs/iam/policy-document";
import { KmsKey } from "../constructs/security/kms-key";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { DmsServiceRoles } from "../constructs/data/dms-service-roles";
import { WorkloadPermissionsBoundary } from "../constructs/iam/permissions-boundary";
import { TerraformCloudRoles, usesDynamicCredentials } from "../constructs/iam/terraform-cloud-roles";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { PreparationOutputs } from "./preparation-outputs";
import { physicalName } from "../config/physical-names";

/** Access logs are kept this long, then expire. */
const ACCESS_LOG_EXPIRY_DAYS = 400;

export class PreparationStack extends PhaseStack {
  /** What later phases may read. Each value used elsewhere becomes a cross-stack output. */
  readonly outputs: PreparationOutputs;
  readonly network: Network;
  readonly securityGroups: SecurityGroups;
  /** Present when `legacy.network` is configured. */
  readonly legacyConnectivity?: LegacyConnectivity;
  readonly platformKey: KmsKey;
  readonly dataKey: KmsKey;
  /**
   * The roles CI deploys and plans with: the only roles without the workload boundary. The deploy (apply) role creates
   * the others, and CI may not change any of them (NoChangesToCiRoles): only an administrator does. GitHub's plan and
   * deploy roles where terraform runs on the runner; Terraform Cloud's plan and apply roles where it runs there.
   */
  readonly ciRoles: readonly IamRole[];

  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "preparation", props);
    const { config, namePrefix } = this;
    const { accountId } = this;

    this.platformKey = new KmsKey(this, "PlatformKey", {
      alias: `${namePrefix}-platform`,
      description: `${namePrefix}: logs, container images, notifications`,
      accountId,
      servicePrincipals: ["sns.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com"],
      cloudWatchLogsRegion: config.region,
      // The ECS hosts' root volumes (phase1's launch template).
      ebsVolumesRegion: config.region,
    });
    this.dataKey = new KmsKey(this, "DataKey", {
      alias: `${namePrefix}-data`,
      description: `${namePrefix}: databases, replication, database secrets`,
      accountId,
      servicePrincipals: ["rds.amazonaws.com", "dms.amazonaws.com", "secretsmanager.amazonaws.com"],
    });

    const { network: net } = config;
    this.network = new Network(this, "Network", {
      namePrefix,
      cidr: net.cidr,
      azCount: net.azCount,
      publicSubnetCidrs: net.subnets.public,
      privateSubnetCidrs: net.subnets.private,
      isolatedSubnetCidrs: net.subnets.isolated,
      natGateways: net.natGateways,
      flowLogRetentionDays: net.flowLogRetentionDays,
      logKmsKeyArn: this.platformKey.arn,
    });
    const vpcId = this.network.vpc.id;
    this.securityGroups = new SecurityGroups(this, "SecurityGroups", {
      namePrefix,
      vpcId,
      vpcCidr: net.cidr,
      databasePort: config.database.port,
    });
    new VpcEndpoints(this, "Endpoints", {
      namePrefix,
      region: config.region,
      vpcId,
      subnetIds: this.network.privateTier.ids,
      routeTableIds: [...this.network.privateTier.routeTables, ...this.network.isolatedTier.routeTables].map((t) => t.id),
      securityGroupId: this.securityGroups.endpoints.id,
    });

    if (config.legacy.network) {
      this.legacyConnectivity = new LegacyConnectivity(this, "LegacyConnectivity", {
        namePrefix,
        region: config.region,
        vpcId,
        legacy: config.legacy.network,
        isolatedRouteTables: this.network.isolatedTier.routeTables,
        isolatedSubnetIds: this.network.isolatedTier.ids,
        privateRouteTables: this.network.privateTier.routeTables,
        appSecurityGroupId: this.securityGroups.app.id,
        defaultDnsName: config.dataMigration?.sourceHost,
      });
    }

    const boundary = new WorkloadPermissionsBoundary(this, "WorkloadBoundary", { namePrefix, accountId });
    const ecsRoles = new EcsRoles(this, "EcsRoles", { namePrefix });
    // With remote or agent execution terraform runs in Terraform Cloud, on its dynamic provider credentials. GitHub's
    // CI plan and deploy roles would then be assumed by nothing: PowerUser-level trust of GitHub's OIDC that nobody
    // needs, so they are not created (nor their outputs). Where terraform runs on the runner (s3, cloud with local
    // execution) they are CI's roles and Terraform Cloud's are not created.
    const tfc = usesDynamicCredentials(config.backend) ? config.backend : undefined;
    const tfcRoleNames = tfc ? TerraformCloudRoles.roleNames(namePrefix) : [];
    // phase2 creates them for DMS, under the names AWS looks for.
    const fixedRoleNames = [DmsServiceRoles.VPC_ROLE_NAME, DmsServiceRoles.LOGS_ROLE_NAME];
    // The application teams' publish roles (services[].source) federate through GitHub's provider in every mode.
    const publishers = config.services.filter((s) => s.source !== undefined);
    const githubOidcNeeded = !tfc || publishers.length > 0;
    const listOidcProviders = (githubOidcNeeded && config.ci.oidcProvider === "existing") || tfc?.oidcProvider === "existing";
    // phase1's secret version keeps the origin-verify value in state, and refreshing it reads the secret.
    const stateHeldSecrets = [{ name: LoadBalancer.originVerifySecretName(namePrefix), kmsKeyArn: this.platformKey.arn }];
    const ciRoles: IamRole[] = [];
    let githubOidcProviderArn: string | undefined;
    if (!tfc) {
      const deployRole = new GithubDeployRole(this, "CiDeployRole", {
        namePrefix,
        accountId,
        repository: config.ci.githubRepository,
        branch: config.ci.githubBranch,
        // .github/workflows/infrastructure.yml deploys each environment from the GitHub environment of the same name.
        githubEnvironment: config.environment,
        oidcProvider: config.ci.oidcProvider,
        workloadBoundaryArn: boundary.arn,
        fixedRoleNames,
      });
      githubOidcProviderArn = deployRole.oidcProviderArn;
      const planRole = new GithubPlanRole(this, "CiPlanRole", {
        namePrefix,
        accountId,
        region: config.region,
        environment: config.environment,
        repository: config.ci.githubRepository,
        oidcProviderArn: deployRole.oidcProviderArn,
        backend: config.backend,
        stateHeldSecrets,
        approvalEnvironment: config.ci.planApprovalEnvironment,
      });
      // Named after the GitHub repository variable it fills: `terraform output -raw PLAN_ROLE_ARN_STAGING` (docs/ci.md).
      ciRoles.push(deployRole.role, planRole.role);
      new TerraformOutput(this, `PLAN_ROLE_ARN_${config.environment.toUpperCase()}`, {
        description: `Set as the GitHub repository variable PLAN_ROLE_ARN_${config.environment.toUpperCase()}: the role pull-request plans of ${config.environment} assume`,
        value: planRole.role.arn,
      });
    } else if (githubOidcNeeded) {
      githubOidcProviderArn = GithubDeployRole.providerWithoutRole(this, "CiDeployRole", config.ci.oidcProvider);
    }
    let terraformCloudRoles: PreparationOutputs["terraformCloudRoles"];
    if (tfc) {
      const tfcRoles = new TerraformCloudRoles(this, "TerraformCloudRoles", {
        namePrefix,
        accountId,
        region: config.region,
        environment: config.environment,
        backend: tfc,
        stateHeldSecrets,
        workloadBoundaryArn: boundary.arn,
        fixedRoleNames,
        // Known names, not the roles' name attributes: a reference would make the deny wait on the roles. GitHub's CI
        // role names stay reserved though this mode does not create them: the apply role may not create a role under
        // either name (one an operator could take for CI's own, or that a switch back to local execution would collide with).
        ciRoleNames: [physicalName(namePrefix, "ciDeployRole"), physicalName(namePrefix, "ciPlanRole"), ...tfcRoleNames],
        listOidcProviders,
      });
      ciRoles.push(tfcRoles.planRole, tfcRoles.applyRole);
      terraformCloudRoles = { planRoleArn: tfcRoles.planRole.arn, applyRoleArn: tfcRoles.applyRole.arn };
      // Named after the workspace variables they fill: `terraform output -raw TFC_AWS_PLAN_ROLE_ARN` (docs/ci.md).
      const workspaces = `${tfc.workspacePrefix}-${config.environment}-*`;
      new TerraformOutput(this, "TFC_AWS_PLAN_ROLE_ARN", {
        description: `Set as the environment variable TFC_AWS_PLAN_ROLE_ARN of the ${workspaces} workspaces: the role their plans assume`,
        value: tfcRoles.planRole.arn,
      });
      new TerraformOutput(this, "TFC_AWS_APPLY_ROLE_ARN", {
        description: `Set as the environment variable TFC_AWS_APPLY_ROLE_ARN of the ${workspaces} workspaces: the role their applies assume`,
        value: tfcRoles.applyRole.arn,
      });
    }
    this.ciRoles = ciRoles;
    new ReadOnlyRole(this, "DeveloperReadOnlyRole", { namePrefix, accountId });

    const ecr = new EcrRepositories(this, "Ecr", {
      project: config.project,
      serviceNames: config.services.map((s) => s.name),
      kmsKeyArn: this.platformKey.arn,
    });
    // Application teams publish their own images: one role per service with a source repository (docs: README
    // "Adding or moving a service"), named in an output the team sets as its workflow's `role-to-assume`.
    const publishRoles = new Construct(this, "PublishRoles");
    for (const service of publishers) {
      if (service.source === undefined || githubOidcProviderArn === undefined) continue;
      const publish = new GithubPublishRole(publishRoles, service.name, {
        namePrefix,
        service: service.name,
        repository: service.source.repository,
        branch: service.source.branch,
        tags: service.source.tags,
        oidcProviderArn: githubOidcProviderArn,
        ecrRepositoryArn: ecr.repositories[service.name].arn,
      });
      new TerraformOutput(this, `publish_role_arn_${service.name}`, {
        description: `role-to-assume of ${service.source.repository}'s publish-image workflow for ${service.name} (${config.environment})`,
        value: publish.role.arn,
      });
    }

    // ALB access logs only support SSE-S3; CloudFront standard logging still writes with ACLs.
    const elbAccount = new DataAwsElbServiceAccount(this, "ElbLogDelivery");
    const accessLogs = new SecureBucket(this, "AccessLogs", {
      bucketName: physicalName(namePrefix, "accessLogBucket"),
      objectOwnership: "BucketOwnerPreferred",
      expireAfterDays: ACCESS_LOG_EXPIRY_DAYS,
      extraPolicyStatements: (arn): PolicyStatement[] => [
        {
          Sid: "AlbAccessLogDelivery",
          Effect: "Allow",
          Principal: { AWS: elbAccount.arn },
          Action: "s3:PutObject",
          Resource: `${arn}/alb/AWSLogs/${accountId}/*`,
        },
        {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/s3/*`,
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
      ],
    });

    suppress(accessLogs.bucket, {
      id: "BH-S3-6",
      reason:
        "this is the access-log bucket, the target of every other bucket's server access logs; logging it into itself " +
        "would log each log delivery, and into a second bucket only moves the question",
    });

    const zone = new DataAwsRoute53Zone(this, "Zone", { name: config.dns.zoneName, privateZone: false });
    const certificates = new Certificates(this, "Certificates", { zoneId: zone.zoneId, zoneName: config.dns.zoneName, cloudfrontProvider: this.globalProvider });

    this.outputs = {
      vpcId,
      vpcCidr: net.cidr,
      publicSubnets: { ids: this.network.publicTier.ids },
      privateSubnets: { ids: this.network.privateTier.ids },
      isolatedSubnets: { ids: this.network.isolatedTier.ids },
      securityGroups: {
        edge: this.securityGroups.edge.id,
        app: this.securityGroups.app.id,
        database: this.securityGroups.database.id,
      },
      kms: { platformKeyArn: this.platformKey.arn, dataKeyArn: this.dataKey.arn },
      iam: {
        ecsInstanceProfileName: ecsRoles.instanceProfile.name,
        ecsInstanceRoleArn: ecsRoles.instanceRole.arn,
        taskExecutionRoleArn: ecsRoles.taskExecutionRole.arn,
        taskExecutionRoleName: ecsRoles.taskExecutionRole.name,
        workloadBoundaryArn: boundary.arn,
      },
      ecrRepositoryUrls: Object.fromEntries(Object.entries(ecr.repositories).map(([name, repo]) => [name, repo.repositoryUrl])),
      accessLogBucket: { name: accessLogs.bucket.bucket, domainName: accessLogs.bucket.bucketDomainName, arn: accessLogs.bucket.arn },
      dns: {
        zoneId: zone.zoneId,
        zoneName: config.dns.zoneName,
        // The validation resources' ARNs: consumers wait until the certificates are actually issued.
        regionalCertificateArn: certificates.regionalValidation.certificateArn,
        cloudfrontCertificateArn: certificates.cloudfrontValidation.certificateArn,
      },
      ...(terraformCloudRoles ? { terraformCloudRoles } : {}),
    };
  }
}
