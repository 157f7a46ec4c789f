import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Testing } from "cdktf";
import { listenerPriority } from "../../../config/priority";
import type { ServiceConfig } from "../../../config/schema";
import { Service } from "../../../constructs/service/service";
import type { ServicePlatform } from "../../../constructs/service/service-platform";
import { configFor } from "../../helpers";
import "../../cdktf-matchers";

const platform: ServicePlatform = {
  namePrefix: "bh-test",
  region: "eu-west-2",
  cluster: { name: "bh-test-cluster", arn: "arn:cluster", capacityProviderName: "bh-test-ec2" },
  loadBalancer: { httpsListenerArn: "arn:listener", arnSuffix: "app/bh-test-alb/123" },
  originVerifyHeader: { name: "X-Origin-Verify", value: "s3cret" },
  network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], appSecurityGroupId: "sg-app", edgeSecurityGroupId: "sg-edge" },
  ecrRepositoryUrls: { orders: "111111111111.dkr.ecr.eu-west-2.amazonaws.com/braveheart/orders" },
  ecrRepositoryNames: { orders: "braveheart/orders" },
  logKmsKeyArn: "arn:kms:logs",
  logRetentionDays: 30,
  sharedExecutionRoleArn: "arn:role/shared-exec",
  execAudit: { logGroupArn: "arn:aws:logs:eu-west-2:111111111111:log-group:/bh-test/ecs-exec", kmsKeyArn: "arn:kms:platform" },
  database: { host: "db.internal", port: 5433, name: "braveheart", iamUserArnPrefix: "arn:aws:rds-db:eu-west-2:111111111111:dbuser:db-ABCDEFGHIJ" },
};

const orders: ServiceConfig = configFor("staging").services.find((s) => s.name === "orders")!;

function synthService(service: ServiceConfig) {
  return Testing.synthScope((scope) => new Service(scope, service.name, { service, platform }));
}

describe("Service", () => {
  let synth: string;
  let json: any;
  beforeAll(() => {
    synth = synthService(orders);
    json = JSON.parse(synth);
  });
  const container = () => JSON.parse(Object.values<any>(json.resource.aws_ecs_task_definition)[0].container_definitions)[0];

  test("task definition: awsvpc on EC2, cpu/memory from config, image pinned to the digest the configured tag resolves to", () => {
    const task = Object.values<any>(json.resource.aws_ecs_task_definition)[0];
    expect(task).toMatchObject({ network_mode: "awsvpc", requires_compatibilities: ["EC2"], cpu: "512", memory: "1024", family: "bh-test-orders" });
    const [[address, image]] = Object.entries<any>(json.data.aws_ecr_image);
    expect(image).toMatchObject({ repository_name: "braveheart/orders", image_tag: "2026.11.0" });
    expect(container().image).toBe(`111111111111.dkr.ecr.eu-west-2.amazonaws.com/braveheart/orders@\${data.aws_ecr_image.${address}.image_digest}`);
  });

  test("the container is unprivileged, read-only, health-checked and logs to its own encrypted group", () => {
    expect(container()).toMatchObject({ privileged: false, readonlyRootFilesystem: true, portMappings: [{ containerPort: 8080, protocol: "tcp" }] });
    expect(container().healthCheck.command[1]).toContain("http://localhost:8080/health");
    expect(container().logConfiguration.logDriver).toBe("awslogs");
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/bh-test/services/orders", retention_in_days: 30, kms_key_id: "arn:kms:logs" });
  });

  test("configured secrets are injected by reference; the database needs none (IAM authentication)", () => {
    expect(container().secrets).toEqual([
      { name: "PAYMENT_API_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-2:111111111111:secret:staging/orders/payment-AbCdEf" },
    ]);
    expect(container().environment).toEqual([
      { name: "DB_AUTH", value: "iam" },
      { name: "DB_HOST", value: "db.internal" },
      { name: "DB_NAME", value: "braveheart" },
      { name: "DB_PORT", value: "5433" },
      { name: "DB_SSLMODE", value: "require" },
      { name: "DB_USERNAME", value: "app_orders" },
    ]);
  });

  test("a service with secrets gets its own execution role that can read exactly those secrets (and no database secret)", () => {
    const policies = Object.values<any>(json.resource.aws_iam_role_policy);
    const execution = JSON.parse(policies.find((p) => p.name === "read-own-secrets").policy);
    expect(execution.Statement).toEqual([
      { Sid: "ReadOwnSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ["arn:aws:secretsmanager:eu-west-2:111111111111:secret:staging/orders/payment-AbCdEf"] },
    ]);
  });

  test("the task role may sign in to the database as the service's own user of this instance, and as nothing else", () => {
    const policies = Object.values<any>(json.resource.aws_iam_role_policy);
    const database = policies.find((p) => p.name === "connect-as-own-database-user");
    expect(database.role).toMatch(/aws_iam_role\.orders_TaskRole_/);
    expect(JSON.parse(database.policy).Statement).toEqual([
      { Sid: "ConnectAsOwnUser", Effect: "Allow", Action: "rds-db:connect", Resource: "arn:aws:rds-db:eu-west-2:111111111111:dbuser:db-ABCDEFGHIJ/app_orders" },
    ]);
  });

  test("a service without secrets uses the shared execution role", () => {
    const plain = JSON.parse(synthService({ ...orders, name: "plain", secrets: {}, usesDatabase: false }));
    expect(Object.values<any>(plain.resource.aws_ecs_task_definition)[0].execution_role_arn).toBe("arn:role/shared-exec");
    expect(plain.resource.aws_iam_role_policy).toBeUndefined();
  });

  test("the ECS service runs on the capacity provider (no launch type) with circuit-breaker rollback and AZ spread", () => {
    expect(synth).toHaveResourceWithProperties(EcsService, {
      name: "orders",
      capacity_provider_strategy: [{ capacity_provider: "bh-test-ec2", weight: 1, base: 0 }],
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      ordered_placement_strategy: expect.arrayContaining([{ type: "spread", field: "attribute:ecs.availability-zone" }]),
      network_configuration: { subnets: ["subnet-a", "subnet-b"], security_groups: ["sg-app"], assign_public_ip: false },
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(Object.values<any>(json.resource.aws_ecs_service)[0].launch_type).toBeUndefined();
  });

  test("the ECS service is created after its listener rule, so the target group is attached first", () => {
    const svc = Object.values<any>(json.resource.aws_ecs_service)[0];
    expect(svc.depends_on).toEqual([expect.stringMatching(/^aws_lb_listener_rule\./)]);
  });

  test("target group health check uses the configured path; the rule needs the origin header and the path", () => {
    expect(synth).toHaveResourceWithProperties(LbTargetGroup, {
      target_type: "ip",
      port: 8080,
      health_check: expect.objectContaining({ path: "/health" }),
      lifecycle: { create_before_destroy: true },
    });
    expect(synth).toHaveResourceWithProperties(LbListenerRule, {
      priority: listenerPriority(orders),
      condition: [
        { http_header: { http_header_name: "X-Origin-Verify", values: ["s3cret"] } },
        { path_pattern: { values: ["/api/orders/*"] } },
      ],
    });
  });

  test("autoscaling stays within the configured counts of the service on its cluster", () => {
    expect(synth).toHaveResourceWithProperties(AppautoscalingTarget, {
      min_capacity: 2,
      max_capacity: 8,
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: expect.stringMatching(/^service\/bh-test-cluster\/\$\{aws_ecs_service\.orders_Service_[A-F0-9]+\.name\}$/),
    });
  });

  test("two target-tracking policies: CPU and ALB requests per target", () => {
    const policies = Object.values<any>(json.resource.aws_appautoscaling_policy).map((p) => p.target_tracking_scaling_policy_configuration.predefined_metric_specification);
    expect(policies.map((p) => p.predefined_metric_type).sort()).toEqual(["ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization"]);
    expect(policies.find((p) => p.resource_label).resource_label).toMatch(/^app\/bh-test-alb\/123\/\$\{aws_lb_target_group\./);
    expect(synth).toHaveResourceWithProperties(AppautoscalingPolicy, { policy_type: "TargetTrackingScaling" });
  });

  test("adds no security group rule of its own (two services on one port would collide)", () => {
    expect(json.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
  });
});

describe("Service with ECS Exec", () => {
  const byType = (json: any, type: string) => Object.values<any>(json.resource[type] ?? {});
  let on: any;
  let off: any;
  beforeAll(() => {
    on = JSON.parse(synthService({ ...orders, enableExecuteCommand: true }));
    off = JSON.parse(synthService(orders));
  });

  test("is off unless the service asks: no flag, no task-role channel permissions, no agent volumes", () => {
    expect(byType(off, "aws_ecs_service")[0].enable_execute_command).toBe(false);
    expect(byType(off, "aws_iam_role_policy").map((p) => p.name)).not.toContain("ecs-exec");
    expect(byType(off, "aws_ecs_task_definition")[0].volume).toEqual([{ name: "tmp" }]);
  });

  test("on: the service enables it and the task role may open session channels and write only the audit log", () => {
    expect(byType(on, "aws_ecs_service")[0].enable_execute_command).toBe(true);
    const policy = byType(on, "aws_iam_role_policy").find((p) => p.name === "ecs-exec");
    expect(policy.role).toMatch(/TaskRole/);
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.find((st: any) => st.Sid === "SessionManagerChannels").Action).toEqual([
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
    expect(statements.find((st: any) => st.Sid === "WriteAuditLog").Resource).toBe(`${platform.execAudit.logGroupArn}:*`);
    expect(statements.find((st: any) => st.Sid === "DecryptSessions").Resource).toBe(platform.execAudit.kmsKeyArn);
  });

  test("on: the root filesystem stays read-only; the agent writes to three task volumes only", () => {
    const task = byType(on, "aws_ecs_task_definition")[0];
    const [container] = JSON.parse(task.container_definitions);
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints.map((m: any) => m.containerPath)).toEqual(["/tmp", "/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"]);
    expect(task.volume.map((v: any) => v.name)).toEqual(["tmp", "exec-managed-agents", "exec-ssm-state", "exec-ssm-logs"]);
  });
});
