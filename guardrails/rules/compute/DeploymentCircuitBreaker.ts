import type { Rule } from "../../rule";
import { block, bool, str, UNKNOWN } from "../../values";

export const DeploymentCircuitBreaker: Rule = {
  id: "BH-CMP-4",
  name: "DeploymentCircuitBreaker",
  reason: "ECS service has no deployment circuit breaker with rollback",
  explanation:
    "Without the circuit breaker a deployment whose tasks never become healthy keeps replacing tasks forever; with " +
    "rollback ECS returns to the last working task definition on its own. Set deployment_circuit_breaker " +
    "{ enable = true, rollback = true }.",
  resourceTypes: ["aws_ecs_service"],
  check(attributes) {
    const controller = block(attributes.deployment_controller);
    const controllerType = controller === UNKNOWN ? UNKNOWN : str(controller?.type);
    // CodeDeploy and external controllers roll back on their own terms.
    if (controllerType === UNKNOWN || (controllerType !== undefined && controllerType !== "ECS")) return "not-applicable";
    const breaker = block(attributes.deployment_circuit_breaker);
    if (breaker === UNKNOWN) return "not-applicable";
    const enable = bool(breaker?.enable);
    const rollback = bool(breaker?.rollback);
    if (enable === UNKNOWN || rollback === UNKNOWN) return "not-applicable";
    return enable && rollback ? "compliant" : [{ detail: breaker ? `enable = ${enable ?? false}, rollback = ${rollback ?? false}` : "deployment_circuit_breaker is not set" }];
  },
};
