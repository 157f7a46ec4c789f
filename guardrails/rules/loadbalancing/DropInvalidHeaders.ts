import type { Rule } from "../../rule";
import { bool, UNKNOWN } from "../../values";
import { loadBalancerType } from "./lb-type";

export const DropInvalidHeaders: Rule = {
  id: "BH-LB-4",
  name: "DropInvalidHeaders",
  reason: "application load balancer forwards invalid HTTP headers (drop_invalid_header_fields)",
  explanation:
    "Header names that are not valid HTTP are a request-smuggling and header-injection vector against the " +
    "services behind the ALB. drop_invalid_header_fields = true removes them before they reach a target.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check(attributes) {
    if (loadBalancerType(attributes) !== "application") return "not-applicable";
    const drop = bool(attributes.drop_invalid_header_fields);
    if (drop === UNKNOWN) return "not-applicable";
    return drop === true ? "compliant" : "noncompliant";
  },
};
