import type { Rule } from "../../rule";
import { isSet } from "../../values";

export const LogEncryption: Rule = {
  id: "BH-LOG-2",
  name: "LogEncryption",
  reason: "log group is not encrypted with a customer-managed KMS key (kms_key_id)",
  explanation:
    "Application and flow logs carry request data and internal addresses. A customer-managed key makes reading " +
    "them a separately grantable (and auditable) permission; use the platform key.",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check(attributes) {
    return isSet(attributes.kms_key_id) ? "compliant" : "noncompliant";
  },
};
