import { findings, type Rule } from "../../rule";
import { bool, isSet, UNKNOWN } from "../../values";
import { isReplica, RDS_TYPES } from "./rds";

export const FinalSnapshot: Rule = {
  id: "BH-DATA-6",
  name: "FinalSnapshot",
  reason: "database would be deleted without a final snapshot",
  explanation:
    "skip_final_snapshot = true deletes the data with the instance. With false, Terraform also needs a " +
    "final_snapshot_identifier or the destroy fails half-way (terraform-provider-aws); set both.",
  resourceTypes: RDS_TYPES,
  check(attributes) {
    if (isReplica(attributes)) return "not-applicable";
    const skip = bool(attributes.skip_final_snapshot);
    if (skip === UNKNOWN) return "not-applicable";
    return findings(skip === true && "skip_final_snapshot is true", !isSet(attributes.final_snapshot_identifier) && "final_snapshot_identifier is not set");
  },
};
