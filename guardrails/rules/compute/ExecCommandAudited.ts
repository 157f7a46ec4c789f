import { allowStatements } from "../../policy";
import { findings, type Rule } from "../../rule";
import { block, bool, UNKNOWN } from "../../values";

const CHANNELS = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"];

export const ExecCommandAudited: Rule = {
  id: "BH-CMP-9",
  name: "ExecCommandAudited",
  reason: "ECS Exec is enabled without its audit trail or without the task role's session permissions",
  explanation:
    "ECS Exec is a shell in a production container: every session must be recorded (the cluster's " +
    "execute_command_configuration with logging OVERRIDE into an encrypted CloudWatch log group, sessions encrypted " +
    "with a KMS key), and the task role needs the four ssmmessages channel actions or the command fails at the worst " +
    "moment. Enable it per service (enableExecuteCommand) so the rest of the fleet stays closed.",
  resourceTypes: ["aws_ecs_service"],
  check(attributes, { stack }) {
    const enabled = bool(attributes.enable_execute_command);
    if (enabled !== true) return "not-applicable";
    const problems: (string | undefined | false)[] = [];

    // The cluster, when it is in this stack (phase2's services run on phase1's cluster, read through remote state).
    const cluster = stack.referencedResource(attributes.cluster, ["aws_ecs_cluster"]);
    if (cluster) {
      const configuration = block(cluster.attributes.configuration);
      const exec = configuration === UNKNOWN ? UNKNOWN : block(configuration?.execute_command_configuration);
      if (exec !== UNKNOWN) {
        const logs = exec === undefined ? undefined : block(exec.log_configuration);
        problems.push(
          (exec === undefined || exec.logging !== "OVERRIDE") && `${cluster.address} does not record sessions (execute_command_configuration.logging is not OVERRIDE)`,
          exec !== undefined && !exec.kms_key_id && `${cluster.address} does not encrypt sessions with a KMS key (execute_command_configuration.kms_key_id)`,
          logs !== UNKNOWN && (logs === undefined || bool(logs.cloud_watch_encryption_enabled) === false || !logs.cloud_watch_log_group_name) &&
            `${cluster.address} has no encrypted CloudWatch log group for sessions`,
        );
      }
    }

    // The task role, when the task definition and the role are in this stack.
    const task = stack.referencedResource(attributes.task_definition, ["aws_ecs_task_definition"]);
    const role = task && stack.referencedResource(task.attributes.task_role_arn, ["aws_iam_role"]);
    if (role) {
      const granted = [
        ...allowStatements("aws_iam_role", role.attributes, stack),
        ...stack.referencing("aws_iam_role_policy", "role", role.address).flatMap((p) => allowStatements("aws_iam_role_policy", p.attributes, stack)),
      ].flatMap(({ statement }) => statement.actions.map((a) => a.toLowerCase()));
      const missing = CHANNELS.filter((a) => !granted.includes(a.toLowerCase()) && !granted.includes("ssmmessages:*"));
      problems.push(missing.length > 0 && `task role ${role.address} lacks ${missing.join(", ")}`);
    }
    return findings(...problems);
  },
};
