import type { Rule } from "../../rule";
import { bool, UNKNOWN } from "../../values";
import { isReplica, RDS_TYPES } from "./rds";

export const StorageEncrypted: Rule = {
  id: "BH-DATA-1",
  name: "StorageEncrypted",
  reason: "database storage is not encrypted (storage_encrypted)",
  explanation:
    "Encryption at rest cannot be switched on later without a snapshot-and-restore outage, and unencrypted " +
    "snapshots can be shared out of the account. Set storage_encrypted = true with the data KMS key.",
  resourceTypes: RDS_TYPES,
  check(attributes) {
    if (isReplica(attributes)) return "not-applicable";
    const encrypted = bool(attributes.storage_encrypted);
    if (encrypted === UNKNOWN) return "not-applicable";
    return encrypted === true ? "compliant" : "noncompliant";
  },
};
