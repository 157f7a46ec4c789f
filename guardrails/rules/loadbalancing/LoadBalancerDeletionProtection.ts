import type { Rule } from "../../rule";
import { bool, UNKNOWN } from "../../values";

export const LoadBalancerDeletionProtection: Rule = {
  id: "BH-LB-5",
  name: "LoadBalancerDeletionProtection",
  reason: "load balancer has deletion protection off (enable_deletion_protection)",
  explanation:
    "Deleting the load balancer takes every service off the internet and changes its DNS name, which the " +
    "CloudFront origin and Route 53 records point at. Turn protection off deliberately when decommissioning.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check(attributes) {
    const enabled = bool(attributes.enable_deletion_protection);
    if (enabled === UNKNOWN) return "not-applicable";
    return enabled === true ? "compliant" : "noncompliant";
  },
};
