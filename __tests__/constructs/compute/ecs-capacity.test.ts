import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Testing } from "cdktf";
import { EcsCapacity, type EcsCapacityProps } from "../../../constructs/compute/ecs-capacity";
import "../../cdktf-matchers";

const base: EcsCapacityProps = {
  namePrefix: "bh-test",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  securityGroupId: "sg-app",
  instanceProfileName: "bh-test-ecs-instance",
  instanceTypes: ["m6i.large"],
  minSize: 2,
  maxSize: 6,
  desiredCapacity: 2,
  targetCapacityPercent: 90,
  kmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/k",
};

describe("EcsCapacity", () => {
  let synth: string;
  beforeAll(() => {
    synth = Testing.synthScope((scope) => new EcsCapacity(scope, "Capacity", base));
  });

  test("the cluster has Container Insights and audited, encrypted ECS Exec", () => {
    expect(synth).toHaveResourceWithProperties(EcsCluster, {
      name: "bh-test-cluster",
      setting: [{ name: "containerInsights", value: "enhanced" }],
      configuration: expect.objectContaining({
        execute_command_configuration: expect.objectContaining({ logging: "OVERRIDE", log_configuration: expect.objectContaining({ cloud_watch_encryption_enabled: true }) }),
      }),
    });
  });

  test("the AMI is the ECS-optimized Amazon Linux 2023 image from AWS's public SSM parameter", () => {
    expect(synth).toHaveDataSourceWithProperties(DataAwsSsmParameter, { name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" });
  });

  test("instances require IMDSv2 with a hop limit for awsvpc tasks, encrypted gp3 root volumes and no public IP", () => {
    expect(synth).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: expect.objectContaining({ http_tokens: "required", http_put_response_hop_limit: 2 }),
      block_device_mappings: [expect.objectContaining({ ebs: expect.objectContaining({ volume_type: "gp3", encrypted: "true", volume_size: 30 }) })],
      network_interfaces: [expect.objectContaining({ associate_public_ip_address: "false" })],
      iam_instance_profile: { name: "bh-test-ecs-instance" },
    });
  });

  test("user data joins the cluster", () => {
    const lt = Object.values<any>(JSON.parse(synth).resource.aws_launch_template)[0];
    expect(lt.user_data).toContain("ECS_CLUSTER=bh-test-cluster");
  });

  test("the ASG spans the private subnets, is scale-in protected, declares AmazonECSManaged and ignores desired_capacity", () => {
    expect(synth).toHaveResourceWithProperties(AutoscalingGroup, {
      vpc_zone_identifier: ["subnet-a", "subnet-b", "subnet-c"],
      min_size: 2,
      max_size: 6,
      desired_capacity: 2,
      protect_from_scale_in: true,
      tag: expect.arrayContaining([{ key: "AmazonECSManaged", value: "true", propagate_at_launch: true }]),
      lifecycle: { ignore_changes: ["desired_capacity"] },
      instance_refresh: expect.objectContaining({ strategy: "Rolling" }),
    });
  });

  test("the capacity provider uses managed scaling at the configured target and managed termination protection", () => {
    expect(synth).toHaveResourceWithProperties(EcsCapacityProvider, {
      auto_scaling_group_provider: expect.objectContaining({
        managed_termination_protection: "ENABLED",
        managed_scaling: expect.objectContaining({ status: "ENABLED", target_capacity: 90 }),
      }),
    });
  });

  test("the cluster's default strategy is the capacity provider", () => {
    expect(synth).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      default_capacity_provider_strategy: [expect.objectContaining({ weight: 1 })],
    });
  });

  test("one instance type uses the launch template directly; several use a mixed-instances policy", () => {
    const mixed = Testing.synthScope((scope) => new EcsCapacity(scope, "Capacity", { ...base, instanceTypes: ["m6i.large", "m5.large"] }));
    expect(mixed).toHaveResourceWithProperties(AutoscalingGroup, {
      mixed_instances_policy: expect.objectContaining({ launch_template: expect.objectContaining({ override: [{ instance_type: "m6i.large" }, { instance_type: "m5.large" }] }) }),
    });
    expect(Object.values<any>(JSON.parse(synth).resource.aws_autoscaling_group)[0].mixed_instances_policy).toBeUndefined();
  });

  test("turns on ENI trunking before any instance registers, so a host runs more than its spare ENIs' worth of awsvpc tasks", () => {
    const json = JSON.parse(synth);
    const [[address, setting]] = Object.entries<any>(json.resource.aws_ecs_account_setting_default);
    expect(setting).toMatchObject({ name: "awsvpcTrunking", value: "enabled" });
    expect(Object.values<any>(json.resource.aws_autoscaling_group)[0].depends_on).toEqual([`aws_ecs_account_setting_default.${address}`]);
  });

  test("leaves the account's trunking setting alone when told to", () => {
    const json = JSON.parse(Testing.synthScope((scope) => new EcsCapacity(scope, "Capacity", { ...base, enableAwsvpcTrunking: false })));
    expect(json.resource.aws_ecs_account_setting_default).toBeUndefined();
    expect(Object.values<any>(json.resource.aws_autoscaling_group)[0].depends_on).toBeUndefined();
  });
});
