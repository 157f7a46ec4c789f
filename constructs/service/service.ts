import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsEcrImage } from "@cdktf/provider-aws/lib/data-aws-ecr-image";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CATCH_ALL_RULE_PRIORITY, listenerPriority } from "../../config/priority";
import type { ServiceConfig } from "../../config/schema";
import { AWS_MANAGED_POLICY, policyDocument, serviceTrustPolicy, type PolicyStatement } from "../iam/policy-document";
import { databaseUserArn, databaseUserName } from "../data/database-identity/service-identity";
import type { ServicePlatform } from "./service-platform";
import { servicePhysicalName } from "../../config/physical-names";

export interface ServiceProps {
  readonly service: ServiceConfig;
  readonly platform: ServicePlatform;
  /**
   * Resources in the same stack the ECS service must be created after and destroyed before (the cluster's
   * capacity providers, so teardown does not hang on protected instances).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Paths ECS Exec's agent writes inside the container, as [task volume name, container path]. */
export const EXEC_AGENT_PATHS: readonly (readonly [string, string])[] = [
  ["exec-managed-agents", "/managed-agents"],
  ["exec-ssm-state", "/var/lib/amazon/ssm"],
  ["exec-ssm-logs", "/var/log/amazon/ssm"],
];

/**
 * What a task role needs for ECS Exec (ECS developer guide, "Monitor Amazon ECS containers with ECS Exec"): the four
 * Session Manager channel actions (no resource-level permissions exist for them), and for the audit trail the cluster's
 * KMS key (session encryption) and writes to its exec log group, nothing else.
 */
export function execCommandStatements(audit: ServicePlatform["execAudit"]): PolicyStatement[] {
  return [
    {
      Sid: "SessionManagerChannels",
      Effect: "Allow",
      Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      Resource: "*",
    },
    { Sid: "DecryptSessions", Effect: "Allow", Action: "kms:Decrypt", Resource: audit.kmsKeyArn },
    { Sid: "FindAuditLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    {
      Sid: "WriteAuditLog",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      Resource: `${audit.logGroupArn}:*`,
    },
  ];
}

/** Scaling targets: CPU keeps headroom for spikes; requests per target suits request-bound web services. */
export const CPU_TARGET_PERCENT = 60;
export const REQUESTS_PER_TARGET = 500;

/**
 * One catalog entry as a running service: task definition (awsvpc, logs, health check, secrets by reference),
 * ECS service on the cluster's capacity provider with circuit-breaker rollback and AZ spread, target group,
 * listener rule (stable priority, origin-verify header required) and target-tracking autoscaling. The ALB reaches
 * its port through preparation's edge -> app rule. Every construct id is fixed, and the construct's own id is the service name, so a
 * service's addresses never depend on its position in the catalog.
 */
export class Service extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly ecsService: EcsService;
  readonly targetGroup: LbTargetGroup;
  readonly listenerRule: LbListenerRule;
  /** Set only for the catch-all service (`routing.catchAll`): every request no other rule matches. */
  readonly catchAllRule?: LbListenerRule;
  readonly logGroup: CloudwatchLogGroup;
  readonly taskRole: IamRole;
  /** The image the task runs, resolved from the configured tag at plan time. */
  readonly image: DataAwsEcrImage;
  /** Set only when the service reads secrets (its own least-privilege execution role). */
  readonly executionRole?: IamRole;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    const { service, platform } = props;
    const fullName = `${platform.namePrefix}-${service.name}`;
    const database = service.usesDatabase ? platform.database : undefined;

    this.logGroup = new CloudwatchLogGroup(this, "Logs", {
      name: `/${platform.namePrefix}/services/${service.name}`,
      retentionInDays: platform.logRetentionDays,
      kmsKeyId: platform.logKmsKeyArn,
    });

    // No database credentials: the task signs in as its own user with IAM database authentication (below).
    const secrets: Record<string, string> = { ...service.secrets };
    const databaseUser = database ? databaseUserName(service.name) : undefined;
    const configured = Object.values(service.secrets);
    // IAM grants on the secret itself: a reference to one JSON key (`<arn>:<key>::`) keeps the ARN's first 7 fields.
    const smArns = [...new Set(configured.filter((a) => a.includes(":secretsmanager:")).map((a) => a.split(":").slice(0, 7).join(":")))];
    const ssmArns = [...new Set(configured.filter((a) => a.includes(":ssm:")))];
    let executionRoleArn = platform.sharedExecutionRoleArn;
    if (Object.keys(secrets).length > 0) {
      this.executionRole = new IamRole(this, "ExecutionRole", {
        name: servicePhysicalName(platform.namePrefix, service.name, "executionRole"),
        description: `ECS agent for ${service.name}: pull its image, write its logs, read only its own secrets`,
        assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com"),
      });
      new IamRolePolicyAttachment(this, "ExecutionRoleManaged", {
        role: this.executionRole.name,
        policyArn: AWS_MANAGED_POLICY("service-role/AmazonECSTaskExecutionRolePolicy"),
      });
      const statements: PolicyStatement[] = [];
      if (smArns.length) statements.push({ Sid: "ReadOwnSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: smArns });
      if (ssmArns.length) statements.push({ Sid: "ReadOwnParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssmArns });
      new IamRolePolicy(this, "ExecutionRoleSecrets", { role: this.executionRole.id, name: "read-own-secrets", policy: policyDocument(...statements) });
      executionRoleArn = this.executionRole.arn;
    }

    this.taskRole = new IamRole(this, "TaskRole", {
      name: servicePhysicalName(platform.namePrefix, service.name, "taskRole"),
      description: `Application permissions of ${service.name} (none beyond its own by default)`,
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com"),
    });

    // The tag is resolved at plan time (ecr:DescribeImages by tag): a tag that was never pushed fails the plan at this
    // data source (`data.aws_ecr_image.Services_<service>_Image_*`: provider 5.100.0 says "couldn't find resource"),
    // instead of ECS crash-looping on a pull error after apply. The task runs the digest, so what was planned is what
    // runs. (A postcondition could not improve the message: it runs only after a successful read.)
    this.image = new DataAwsEcrImage(this, "Image", { repositoryName: platform.ecrRepositoryNames[service.name], imageTag: service.imageTag });

    const exec = service.enableExecuteCommand;
    // ECS Exec's agent writes its state and logs inside the container, which readonlyRootFilesystem forbids: writable
    // task volumes on exactly those paths keep the rest of the filesystem read-only (aws/containers-roadmap#1359).
    const execVolumes = exec ? EXEC_AGENT_PATHS : [];
    if (exec) {
      new IamRolePolicy(this, "TaskRoleExec", {
        role: this.taskRole.id,
        name: "ecs-exec",
        policy: policyDocument(...execCommandStatements(platform.execAudit)),
      });
    }

    if (database && databaseUser) {
      // Exactly this user of exactly this instance: a token for any other user (the master's included) is refused.
      new IamRolePolicy(this, "TaskRoleDatabase", {
        role: this.taskRole.id,
        name: "connect-as-own-database-user",
        policy: policyDocument({ Sid: "ConnectAsOwnUser", Effect: "Allow", Action: "rds-db:connect", Resource: databaseUserArn(database.iamUserArnPrefix, databaseUser) }),
      });
    }

    const databaseEnvironment = database && databaseUser
      ? {
          DB_HOST: database.host,
          DB_PORT: String(database.port),
          DB_NAME: database.name,
          DB_USERNAME: databaseUser,
          // Sign in with a token from the task role (RDS generate-db-auth-token), over TLS: IAM authentication requires it.
          DB_AUTH: "iam",
          DB_SSLMODE: "require",
        }
      : {};
    const environment = { ...service.environment, ...databaseEnvironment };
    const container = {
      name: service.name,
      image: `${platform.ecrRepositoryUrls[service.name]}@${this.image.imageDigest}`,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      user: "1000",
      portMappings: [{ containerPort: service.port, protocol: "tcp" }],
      environment: Object.entries(environment).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value })),
      secrets: Object.entries(secrets).sort(([a], [b]) => a.localeCompare(b)).map(([name, valueFrom]) => ({ name, valueFrom })),
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }, ...execVolumes.map(([name, containerPath]) => ({ sourceVolume: name, containerPath, readOnly: false }))],
      healthCheck: {
        command: ["CMD-SHELL", `curl -fsS http://localhost:${service.port}${service.healthCheckPath} || exit 1`],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 60,
      },
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": this.logGroup.name, "awslogs-region": platform.region, "awslogs-stream-prefix": service.name },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family: fullName,
      networkMode: "awsvpc",
      requiresCompatibilities: ["EC2"],
      cpu: String(service.cpu),
      memory: String(service.memory),
      executionRoleArn,
      taskRoleArn: this.taskRole.arn,
      containerDefinitions: JSON.stringify([container]),
      volume: [{ name: "tmp" }, ...execVolumes.map(([name]) => ({ name }))],
    });

    this.targetGroup = new LbTargetGroup(this, "TargetGroup", {
      // Generated names: ALB names are capped at 32 characters and a port change must create the new group
      // before the old one is released.
      namePrefix: "svc-",
      port: service.port,
      protocol: "HTTP",
      targetType: "ip",
      vpcId: platform.network.vpcId,
      deregistrationDelay: "30",
      healthCheck: { path: service.healthCheckPath, matcher: "200-399", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
      tags: { Name: fullName, service: service.name },
      lifecycle: { createBeforeDestroy: true },
    });

    const conditions = [
      { httpHeader: { httpHeaderName: platform.originVerifyHeader.name, values: [platform.originVerifyHeader.value] } },
      ...(service.routing.hosts.length ? [{ hostHeader: { values: service.routing.hosts } }] : []),
      ...(service.routing.paths.length ? [{ pathPattern: { values: service.routing.paths } }] : []),
    ];
    this.listenerRule = new LbListenerRule(this, "ListenerRule", {
      listenerArn: platform.loadBalancer.httpsListenerArn,
      priority: listenerPriority(service),
      action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      condition: conditions,
      tags: { service: service.name },
    });

    if (service.routing.catchAll) {
      // Evaluated last (the highest priority number there is), so it only takes what no other rule does: `/`,
      // `/favicon.ico`, unknown paths. Without it the listener's default 404 answers them.
      this.catchAllRule = new LbListenerRule(this, "CatchAllRule", {
        listenerArn: platform.loadBalancer.httpsListenerArn,
        priority: CATCH_ALL_RULE_PRIORITY,
        action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
        condition: [conditions[0], { pathPattern: { values: ["/*"] } }],
        tags: { service: service.name, purpose: "catch-all" },
      });
    }

    this.ecsService = new EcsService(this, "Service", {
      name: service.name,
      cluster: platform.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: service.desiredCount,
      // A capacity-provider strategy, never a launch type: the two cannot be combined.
      capacityProviderStrategy: [{ capacityProvider: platform.cluster.capacityProviderName, weight: 1, base: 0 }],
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      healthCheckGracePeriodSeconds: 60,
      orderedPlacementStrategy: [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "binpack", field: "memory" },
      ],
      networkConfiguration: { subnets: platform.network.subnetIds, securityGroups: [platform.network.appSecurityGroupId], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: this.targetGroup.arn, containerName: service.name, containerPort: service.port }],
      propagateTags: "SERVICE",
      // `aws ecs execute-command` only for services that ask (config enableExecuteCommand); sessions are audited.
      enableExecuteCommand: exec,
      enableEcsManagedTags: true,
      // Application autoscaling owns the running count after creation.
      lifecycle: { ignoreChanges: ["desired_count"] },
      // The target group must be attached to a listener before ECS registers targets into it.
      dependsOn: [this.listenerRule, ...(this.catchAllRule ? [this.catchAllRule] : []), ...(props.dependsOn ?? [])],
    });

    const scaling = new AppautoscalingTarget(this, "ScalingTarget", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${platform.cluster.name}/${this.ecsService.name}`,
      minCapacity: service.minCount,
      maxCapacity: service.maxCount,
    });
    new AppautoscalingPolicy(this, "CpuScaling", {
      name: `${fullName}-cpu`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: scaling.serviceNamespace,
      scalableDimension: scaling.scalableDimension,
      resourceId: scaling.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: CPU_TARGET_PERCENT,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      },
    });
    new AppautoscalingPolicy(this, "RequestScaling", {
      name: `${fullName}-requests`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: scaling.serviceNamespace,
      scalableDimension: scaling.scalableDimension,
      resourceId: scaling.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: REQUESTS_PER_TARGET,
        predefinedMetricSpecification: {
          predefinedMetricType: "ALBRequestCountPerTarget",
          resourceLabel: `${platform.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}`,
        },
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      },
    });
  }
}
