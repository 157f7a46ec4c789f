import type { Rule } from "../../rule";
import { block, bool, isSet, UNKNOWN } from "../../values";
import { loadBalancerType } from "./lb-type";

export const LoadBalancerAccessLogs: Rule = {
  id: "BH-LB-3",
  name: "LoadBalancerAccessLogs",
  reason: "load balancer does not write access logs",
  explanation:
    "Access logs are the record of every request the platform received: the basis for comparing error rates " +
    "during the cutover and for any security investigation. Set access_logs { enabled = true, bucket = ... }.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check(attributes) {
    const type = loadBalancerType(attributes);
    if (type === UNKNOWN || type === "gateway") return "not-applicable";
    const logs = block(attributes.access_logs);
    if (logs === UNKNOWN) return "not-applicable";
    const enabled = bool(logs?.enabled);
    if (enabled === UNKNOWN) return "not-applicable";
    // The provider enables logging when a bucket is given and `enabled` is omitted.
    return logs && isSet(logs.bucket) && enabled !== false ? "compliant" : "noncompliant";
  },
};
