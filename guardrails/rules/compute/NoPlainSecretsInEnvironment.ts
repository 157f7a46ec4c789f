import { findings, type Rule } from "../../rule";
import { isExpression, UNKNOWN } from "../../values";
import { containerDefinitions, containerLabel } from "./containers";

/** Variable names that suggest a credential... */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL/i;
/** ...unless they only name or locate one (an ARN, an id, a path), which is not secret. */
export const REFERENCE_NAME = /(_ARN|_ID|_NAME|_PATH|_REGION)$/i;

export const NoPlainSecretsInEnvironment: Rule = {
  id: "BH-CMP-6",
  name: "NoPlainSecretsInEnvironment",
  reason: "container environment holds a literal value under a secret-looking name",
  explanation:
    "Environment values are stored in the task definition in plain text, readable by anyone who can describe " +
    "it, and end up in the Terraform state. Inject credentials with the container's `secrets` (Secrets Manager or " +
    "SSM Parameter Store), which ECS resolves at start.",
  resourceTypes: ["aws_ecs_task_definition"],
  check(attributes) {
    const containers = containerDefinitions(attributes.container_definitions);
    if (containers === UNKNOWN) return "not-applicable";
    return findings(
      ...containers.flatMap((c, i) =>
        (Array.isArray(c.environment) ? c.environment : [])
          .filter((e) => typeof e.name === "string" && SECRET_NAME.test(e.name) && !REFERENCE_NAME.test(e.name))
          .filter((e) => typeof e.value === "string" && e.value !== "" && !isExpression(e.value))
          .map((e) => `${containerLabel(c, i)} sets ${e.name} to a literal value`),
      ),
    );
  },
};
