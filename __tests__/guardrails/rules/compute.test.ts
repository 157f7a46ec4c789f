import { ContainerInsights } from "../../../guardrails/rules/compute/ContainerInsights";
import { ContainerLogConfiguration } from "../../../guardrails/rules/compute/ContainerLogConfiguration";
import { DeploymentCircuitBreaker } from "../../../guardrails/rules/compute/DeploymentCircuitBreaker";
import { EncryptedVolumes } from "../../../guardrails/rules/compute/EncryptedVolumes";
import { Imdsv2Required } from "../../../guardrails/rules/compute/Imdsv2Required";
import { ExecCommandAudited } from "../../../guardrails/rules/compute/ExecCommandAudited";
import { LaunchTemplateVersionPinned } from "../../../guardrails/rules/compute/LaunchTemplateVersionPinned";
import { NoPlainSecretsInEnvironment } from "../../../guardrails/rules/compute/NoPlainSecretsInEnvironment";
import { NoPrivilegedContainers } from "../../../guardrails/rules/compute/NoPrivilegedContainers";
import { describeRule } from "../rule-cases";

describeRule(Imdsv2Required, {
  compliant: [
    { name: "launch template requires tokens (block as object)", attributes: { metadata_options: { http_endpoint: "enabled", http_tokens: "required" } } },
    { name: "instance requires tokens (block as list)", type: "aws_instance", attributes: { metadata_options: [{ http_tokens: "required" }] } },
  ],
  noncompliant: [
    { name: "http_tokens optional", attributes: { metadata_options: { http_tokens: "optional" } }, detail: "http_tokens is optional" },
    { name: "no metadata_options", attributes: { image_id: "ami-1" }, detail: "unset" },
  ],
  unresolved: [{ name: "http_tokens from a variable", attributes: { metadata_options: { http_tokens: "${var.tokens}" } } }],
});

describeRule(EncryptedVolumes, {
  compliant: [
    { name: "launch template with an encrypted root mapping", attributes: { block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", volume_type: "gp3" } }] } },
    { name: "instance with encrypted root and data volumes", type: "aws_instance", attributes: { root_block_device: { encrypted: true }, ebs_block_device: [{ encrypted: true }] } },
    { name: "encrypted EBS volume", type: "aws_ebs_volume", attributes: { encrypted: true } },
  ],
  noncompliant: [
    { name: "launch template without block device mappings", attributes: { image_id: "ami-1" }, detail: "inherits the AMI's encryption" },
    { name: "launch template mapping without encryption", attributes: { block_device_mappings: [{ ebs: [{ volume_size: 30 }] }] }, detail: "block_device_mappings[0].ebs" },
    { name: "instance with an unencrypted root volume", type: "aws_instance", attributes: { root_block_device: [{ encrypted: false }] }, detail: "root_block_device" },
    { name: "unencrypted EBS volume", type: "aws_ebs_volume", attributes: { size: 10 } },
  ],
  unresolved: [{ name: "encryption from a variable", type: "aws_ebs_volume", attributes: { encrypted: "${var.encrypted}" } }],
});

describeRule(ContainerInsights, {
  compliant: [
    { name: "enabled", attributes: { setting: [{ name: "containerInsights", value: "enabled" }] } },
    { name: "enhanced", attributes: { setting: { name: "containerInsights", value: "enhanced" } } },
  ],
  noncompliant: [
    { name: "no setting", attributes: { name: "c" }, detail: "not set" },
    { name: "disabled", attributes: { setting: [{ name: "containerInsights", value: "disabled" }] }, detail: "disabled" },
  ],
});

describeRule(DeploymentCircuitBreaker, {
  compliant: [{ name: "enabled with rollback", attributes: { deployment_circuit_breaker: { enable: true, rollback: true } } }],
  noncompliant: [
    { name: "no circuit breaker", attributes: { name: "s" }, detail: "not set" },
    { name: "enabled without rollback", attributes: { deployment_circuit_breaker: [{ enable: true, rollback: false }] }, detail: "rollback = false" },
  ],
  notApplicable: [{ name: "CodeDeploy controller", attributes: { deployment_controller: { type: "CODE_DEPLOY" } } }],
});

const task = (...containers: object[]) => ({ container_definitions: JSON.stringify(containers) });
const logs = { logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/x" } } };

describeRule(NoPrivilegedContainers, {
  compliant: [
    { name: "unprivileged containers", attributes: task({ name: "app", ...logs }, { name: "sidecar", privileged: false }) },
  ],
  noncompliant: [{ name: "a privileged sidecar", attributes: task({ name: "app" }, { name: "agent", privileged: true }), detail: 'container "agent" is privileged' }],
  unresolved: [{ name: "definitions from jsonencode()", attributes: { container_definitions: "${jsonencode(local.containers)}" } }],
});

describeRule(NoPlainSecretsInEnvironment, {
  compliant: [
    {
      name: "plain settings, secrets by reference, and names that only locate a secret",
      attributes: task({
        name: "app",
        environment: [
          { name: "LOG_LEVEL", value: "info" },
          { name: "DB_SECRET_ARN", value: "arn:aws:secretsmanager:eu-west-2:1:secret:x" },
          { name: "KMS_KEY_ID", value: "alias/x" },
        ],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-2:1:secret:db" }],
      }),
    },
    { name: "a secret-named variable whose value is a reference", attributes: task({ name: "app", environment: [{ name: "API_TOKEN", value: "${aws_ssm_parameter.t.value}" }] }) },
  ],
  noncompliant: [
    { name: "a literal password", attributes: task({ name: "app", environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }), detail: 'container "app" sets DB_PASSWORD' },
    { name: "a literal API key (lower-case name)", attributes: task({ name: "app", environment: [{ name: "stripe_api_key", value: "sk_live_x" }] }), detail: "stripe_api_key" },
    { name: "a literal token", attributes: task({ name: "worker", environment: [{ name: "GITHUB_TOKEN", value: "ghp_x" }] }) },
  ],
});

describeRule(ContainerLogConfiguration, {
  compliant: [{ name: "every container logs with awslogs", attributes: task({ name: "app", ...logs }, { name: "proxy", ...logs }) }],
  noncompliant: [
    { name: "a container without logConfiguration", attributes: task({ name: "app", ...logs }, { name: "proxy" }), detail: 'container "proxy"' },
    { name: "a logConfiguration without a driver", attributes: task({ name: "app", logConfiguration: { options: {} } }) },
  ],
});

const lt = (version?: unknown) => ({ id: "${aws_launch_template.Lt.id}", ...(version === undefined ? {} : { version }) });
const mixedWith = (version: unknown) => ({
  mixed_instances_policy: { launch_template: { launch_template_specification: { launch_template_id: "${aws_launch_template.Lt.id}", version } } },
});

describeRule(LaunchTemplateVersionPinned, {
  compliant: [
    { name: "version follows the template's latest_version", attributes: { launch_template: lt("${aws_launch_template.Lt.latest_version}") } },
    { name: "mixed instances policy at a literal version", attributes: mixedWith("3") },
  ],
  noncompliant: [
    { name: "launch_template at $Latest", attributes: { launch_template: lt("$Latest") }, detail: 'launch_template.version is "$Latest"' },
    { name: "no version (AWS uses $Default)", attributes: { launch_template: lt() }, detail: "$Default" },
    { name: "mixed instances policy at $Default", attributes: mixedWith("$Default"), detail: "mixed_instances_policy" },
  ],
  notApplicable: [{ name: "a launch configuration instead of a template", attributes: { launch_configuration: "lc" } }],
});

const execService = { enable_execute_command: true, cluster: "${aws_ecs_cluster.Cluster.arn}", task_definition: "${aws_ecs_task_definition.Task.arn}" };
const auditedCluster = {
  configuration: {
    execute_command_configuration: {
      kms_key_id: "${aws_kms_key.K.arn}",
      logging: "OVERRIDE",
      log_configuration: { cloud_watch_encryption_enabled: true, cloud_watch_log_group_name: "/x/ecs-exec" },
    },
  },
};
const execPolicy = (actions: string[]) => JSON.stringify({ Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });
const execStack = (cluster: Record<string, unknown>, actions: string[]) => ({
  aws_ecs_cluster: { Cluster: cluster },
  aws_ecs_task_definition: { Task: { task_role_arn: "${aws_iam_role.TaskRole.arn}" } },
  aws_iam_role: { TaskRole: { name: "task" } },
  aws_iam_role_policy: { Exec: { role: "${aws_iam_role.TaskRole.id}", policy: execPolicy(actions) } },
});
const CHANNELS = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"];

describeRule(ExecCommandAudited, {
  compliant: [
    { name: "audited cluster, task role with the four channels", attributes: execService, others: execStack(auditedCluster, CHANNELS) },
    { name: "cluster and role in another stack (phase2 on phase1's cluster)", attributes: { ...execService, cluster: "${data.terraform_remote_state.phase1.outputs.cluster}", task_definition: "${data.x.arn}" } },
  ],
  noncompliant: [
    { name: "the task role cannot open channels (the half-wired state before issue 22)", attributes: execService, others: execStack(auditedCluster, ["s3:GetObject"]), detail: "lacks ssmmessages:CreateControlChannel" },
    { name: "the cluster does not record sessions", attributes: execService, others: execStack({ configuration: { execute_command_configuration: { kms_key_id: "k", logging: "DEFAULT" } } }, CHANNELS), detail: "logging is not OVERRIDE" },
  ],
  notApplicable: [{ name: "exec off", attributes: { ...execService, enable_execute_command: false } }],
});
