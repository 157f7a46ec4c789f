import { findings, type Rule } from "../../rule";
import { bool, isSet, UNKNOWN } from "../../values";
import { isReplica, RDS_TYPES } from "./rds";

export const ManagedMasterPassword: Rule = {
  id: "BH-DATA-7",
  name: "ManagedMasterPassword",
  reason: "master password is not managed by RDS in Secrets Manager (manage_master_user_password)",
  explanation:
    "A password passed to Terraform is stored in the state in plain text and never rotates. With " +
    "manage_master_user_password RDS generates it, keeps it in Secrets Manager and rotates it; services read it " +
    "from there.",
  resourceTypes: RDS_TYPES,
  check(attributes, { type }) {
    if (isReplica(attributes) || isSet(attributes.snapshot_identifier)) return "not-applicable";
    const managed = bool(attributes.manage_master_user_password);
    if (managed === UNKNOWN) return "not-applicable";
    const passwordAttribute = type === "aws_rds_cluster" ? "master_password" : "password";
    return findings(managed !== true && "manage_master_user_password is not true", isSet(attributes[passwordAttribute]) && `${passwordAttribute} is set`);
  },
};
