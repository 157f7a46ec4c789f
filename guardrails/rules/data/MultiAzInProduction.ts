import type { Rule } from "../../rule";
import { bool, UNKNOWN } from "../../values";
import { isReplica } from "./rds";

export const MultiAzInProduction: Rule = {
  id: "BH-DATA-3",
  name: "MultiAzInProduction",
  reason: "production database is not Multi-AZ",
  explanation:
    "A single-AZ production database is down for the whole of an AZ outage or a host failure, and every " +
    "maintenance window means downtime. Production sets multi_az = true; other environments may save the cost.",
  resourceTypes: ["aws_db_instance"],
  check(attributes, { production }) {
    if (!production || isReplica(attributes)) return "not-applicable";
    const multiAz = bool(attributes.multi_az);
    if (multiAz === UNKNOWN) return "not-applicable";
    return multiAz === true ? "compliant" : "noncompliant";
  },
};
