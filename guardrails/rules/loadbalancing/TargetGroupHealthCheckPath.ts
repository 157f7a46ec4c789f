import type { Rule } from "../../rule";
import { block, bool, str, UNKNOWN } from "../../values";

export const TargetGroupHealthCheckPath: Rule = {
  id: "BH-LB-6",
  name: "TargetGroupHealthCheckPath",
  reason: "HTTP(S) target group has no explicit health check path",
  explanation:
    "Left unset, the health check requests `/`, which many services answer without checking their dependencies " +
    "(or with a redirect). Naming the path (the catalog's healthCheckPath, /health by default) makes the ALB, the " +
    "circuit breaker and the cutover alarms see real health.",
  resourceTypes: ["aws_lb_target_group", "aws_alb_target_group"],
  check(attributes) {
    const targetType = str(attributes.target_type) ?? "instance";
    const protocol = str(attributes.protocol);
    if (targetType === UNKNOWN || targetType === "lambda" || targetType === "alb") return "not-applicable";
    if (protocol === UNKNOWN || (protocol !== "HTTP" && protocol !== "HTTPS")) return "not-applicable";
    const check = block(attributes.health_check);
    if (check === UNKNOWN) return "not-applicable";
    const enabled = bool(check?.enabled);
    const path = str(check?.path);
    if (enabled === UNKNOWN || path === UNKNOWN) return "not-applicable";
    if (enabled === false) return [{ detail: "health checks are disabled" }];
    return path !== undefined ? "compliant" : [{ detail: "health_check.path is unset" }];
  },
};
