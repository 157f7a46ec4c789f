import type { Rule } from "../../rule";
import { block, isSet, UNKNOWN } from "../../values";

export const ReplicationEncrypted: Rule = {
  id: "BH-DMS-2",
  name: "ReplicationEncrypted",
  reason: "DMS replication storage is not encrypted with a customer-managed KMS key",
  explanation:
    "DMS stages table data and change logs on its own storage. Encrypt it with the data key (kms_key_arn, or " +
    "compute_config.kms_key_id for serverless replication) like the databases on both ends.",
  resourceTypes: ["aws_dms_replication_instance", "aws_dms_replication_config"],
  check(attributes, { type }) {
    if (type === "aws_dms_replication_instance") return isSet(attributes.kms_key_arn) ? "compliant" : "noncompliant";
    const compute = block(attributes.compute_config);
    if (compute === UNKNOWN) return "not-applicable";
    return isSet(compute?.kms_key_id) ? "compliant" : "noncompliant";
  },
};
