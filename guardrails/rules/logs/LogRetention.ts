import type { Rule } from "../../rule";
import { num, UNKNOWN } from "../../values";

export const LogRetention: Rule = {
  id: "BH-LOG-1",
  name: "LogRetention",
  reason: "log group keeps logs forever (retention_in_days unset or 0)",
  explanation:
    "Logs without retention grow (and are billed) forever and keep personal data longer than anyone decided. " +
    "Set retention_in_days from the environment's logRetentionDays.",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check(attributes) {
    const days = num(attributes.retention_in_days);
    if (days === UNKNOWN) return "not-applicable";
    return days !== undefined && days > 0 ? "compliant" : "noncompliant";
  },
};
