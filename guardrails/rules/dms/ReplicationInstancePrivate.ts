import type { Rule } from "../../rule";
import { bool, UNKNOWN } from "../../values";

export const ReplicationInstancePrivate: Rule = {
  id: "BH-DMS-1",
  name: "ReplicationInstancePrivate",
  reason: "DMS replication instance is not explicitly private (publicly_accessible = false)",
  explanation:
    "The replication instance holds credentials for both databases and reads every row. AWS makes it publicly " +
    "accessible unless told otherwise; set publicly_accessible = false and place it in the isolated subnets.",
  resourceTypes: ["aws_dms_replication_instance"],
  check(attributes) {
    const open = bool(attributes.publicly_accessible);
    if (open === UNKNOWN) return "not-applicable";
    return open === false ? "compliant" : [{ detail: open === true ? "publicly_accessible is true" : "publicly_accessible is unset" }];
  },
};
