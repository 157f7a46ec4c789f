import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { EcsAccountSettingDefault } from "@cdktf/provider-aws/lib/ecs-account-setting-default";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";

/** AWS's public parameter that always names the current ECS-optimized Amazon Linux 2023 AMI. */
export const ECS_AL2023_AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

export interface EcsCapacityProps {
  /** `<project>-<environment>`: names the cluster, ASG and capacity provider. */
  readonly namePrefix: string;
  /** Private subnets the instances run in (one per AZ). */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly instanceProfileName: string;
  /** The first is the launch template's type; more than one adds a mixed-instances policy. */
  readonly instanceTypes: string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /**
   * Managed scaling target utilisation of the capacity provider.
   * @default 100
   */
  readonly targetCapacityPercent?: number;
  /** @default 30 */
  readonly rootVolumeGb?: number;
  /** KMS key for the ECS Exec audit log group and the instances' EBS volumes. */
  readonly kmsKeyArn: string;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /**
   * Turn on ENI trunking (the account's `awsvpcTrunking` default, in this region). Every awsvpc task takes an ENI,
   * and without trunking a host runs only as many tasks as it has spare ENIs (2 on an m6i.large, 3 on an
   * m6i.xlarge); with it, 10 and 20. It is an account setting: pass false when the account manages it elsewhere.
   * @default true
   */
  readonly enableAwsvpcTrunking?: boolean;
}

/**
 * The application tier's compute: an ECS cluster (Container Insights, audited ECS Exec) whose capacity is an EC2
 * Auto Scaling group managed by an ECS capacity provider.
 *
 * Destroy order matters (capacity providers otherwise hang, terraform-provider-aws #11409): services depend on
 * `clusterCapacityProviders`, which depends on the capacity provider, which depends on the ASG, so Terraform
 * removes services first. Managed termination protection keeps instances with tasks alive; see docs/phase1.md
 * for the decommission steps.
 */
export class EcsCapacity extends Construct {
  static readonly DEFAULT_ROOT_VOLUME_GB = 30;
  static readonly DEFAULT_TARGET_CAPACITY_PERCENT = 100;

  readonly cluster: EcsCluster;
  /**
   * Where ECS Exec sessions are recorded (the cluster's execute_command_configuration, KMS-encrypted): services with
   * `enableExecuteCommand` let their task role write here.
   */
  readonly execAuditLogs: CloudwatchLogGroup;
  readonly launchTemplate: LaunchTemplate;
  readonly autoScalingGroup: AutoscalingGroup;
  readonly capacityProvider: EcsCapacityProvider;
  /** Services must depend on this, so they are destroyed before the capacity behind them. */
  readonly clusterCapacityProviders: EcsClusterCapacityProviders;
  /** The account's ENI trunking default, when this construct manages it. */
  readonly awsvpcTrunking?: EcsAccountSettingDefault;

  constructor(scope: Construct, id: string, props: EcsCapacityProps) {
    super(scope, id);
    const rootVolumeGb = props.rootVolumeGb ?? EcsCapacity.DEFAULT_ROOT_VOLUME_GB;
    const targetCapacity = props.targetCapacityPercent ?? EcsCapacity.DEFAULT_TARGET_CAPACITY_PERCENT;
    const clusterName = `${props.namePrefix}-cluster`;

    const execLogs = (this.execAuditLogs = new CloudwatchLogGroup(this, "ExecAuditLogs", {
      name: `/${props.namePrefix}/ecs-exec`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.kmsKeyArn,
    }));
    this.cluster = new EcsCluster(this, "Cluster", {
      name: clusterName,
      setting: [{ name: "containerInsights", value: "enhanced" }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: props.kmsKeyArn,
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: execLogs.name },
        },
      },
    });

    const ami = new DataAwsSsmParameter(this, "EcsOptimizedAmi", { name: ECS_AL2023_AMI_PARAMETER });
    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      namePrefix: `${props.namePrefix}-ecs-`,
      imageId: ami.insecureValue,
      instanceType: props.instanceTypes[0],
      iamInstanceProfile: { name: props.instanceProfileName },
      // IMDSv2 only; hop limit 2 so awsvpc tasks (one hop further) still reach the agent's credentials endpoint.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
      networkInterfaces: [{ associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [props.securityGroupId] }],
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: rootVolumeGb, volumeType: "gp3", encrypted: "true", kmsKeyId: props.kmsKeyArn, deleteOnTermination: "true" },
        },
      ],
      monitoring: { enabled: true },
      userData: Fn.base64encode(`#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=${clusterName}\nECS_ENABLE_TASK_IAM_ROLE=true\nECS_AWSVPC_BLOCK_IMDS=true\nECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM=ec2_instance\nEOF\n`),
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${props.namePrefix}-ecs` } }],
      updateDefaultVersion: true,
    });

    if (props.enableAwsvpcTrunking ?? true) {
      this.awsvpcTrunking = new EcsAccountSettingDefault(this, "AwsvpcTrunking", { name: "awsvpcTrunking", value: "enabled" });
    }
    const mixed = props.instanceTypes.length > 1;
    // The template's number, never "$Latest": the provider starts an instance refresh only when the ASG's
    // launch_template (or mixed_instances_policy) argument changes, and "$Latest" stays the same string when a new AMI
    // makes a new template version, so the refresh never ran and instances kept the old AMI until replaced by chance.
    const template = { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) };
    this.autoScalingGroup = new AutoscalingGroup(this, "AutoScalingGroup", {
      name: `${props.namePrefix}-ecs`,
      vpcZoneIdentifier: props.subnetIds,
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: props.desiredCapacity,
      // Managed termination protection requires it: ECS decides which instance may go.
      protectFromScaleIn: true,
      // Instances take the trunking setting when they register, so the setting comes first.
      dependsOn: this.awsvpcTrunking ? [this.awsvpcTrunking] : undefined,
      healthCheckType: "EC2",
      defaultInstanceWarmup: 120,
      ...(mixed
        ? {
            mixedInstancesPolicy: {
              launchTemplate: {
                launchTemplateSpecification: { launchTemplateId: template.id, version: template.version },
                override: props.instanceTypes.map((instanceType) => ({ instanceType })),
              },
              instancesDistribution: { onDemandPercentageAboveBaseCapacity: 100, onDemandAllocationStrategy: "prioritized" },
            },
          }
        : { launchTemplate: template }),
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90, scaleInProtectedInstances: "Refresh", standbyInstances: "Terminate" } },
      // ECS adds this tag when the capacity provider takes over; declaring it stops every plan from removing it
      // (terraform-provider-aws #12582).
      tag: [
        { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
        { key: "Name", value: `${props.namePrefix}-ecs`, propagateAtLaunch: true },
      ],
      // Managed scaling owns the desired count after creation.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

    this.capacityProvider = new EcsCapacityProvider(this, "CapacityProvider", {
      name: `${props.namePrefix}-ec2`,
      autoScalingGroupProvider: {
        autoScalingGroupArn: this.autoScalingGroup.arn,
        managedTerminationProtection: "ENABLED",
        managedDraining: "ENABLED",
        managedScaling: { status: "ENABLED", targetCapacity, minimumScalingStepSize: 1, maximumScalingStepSize: 4, instanceWarmupPeriod: 120 },
      },
    });
    this.clusterCapacityProviders = new EcsClusterCapacityProviders(this, "ClusterCapacityProviders", {
      clusterName: this.cluster.name,
      capacityProviders: [this.capacityProvider.name],
      defaultCapacityProviderStrategy: [{ capacityProvider: this.capacityProvider.name, weight: 1, base: 0 }],
    });
  }
}
