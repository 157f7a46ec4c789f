import type { Rule } from "../../rule";
import { isSet } from "../../values";

export const VaultEncryption: Rule = {
  id: "BH-BAK-1",
  name: "VaultEncryption",
  reason: "backup vault is not encrypted with a customer-managed KMS key (kms_key_arn)",
  explanation:
    "With the AWS-managed backup key, anyone who can use AWS Backup in the account can restore. A " +
    "customer-managed key makes restoring a separate, auditable permission, and it outlives the vault's defaults.",
  resourceTypes: ["aws_backup_vault"],
  check(attributes) {
    return isSet(attributes.kms_key_arn) ? "compliant" : "noncompliant";
  },
};
