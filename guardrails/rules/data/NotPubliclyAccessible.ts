import type { Rule } from "../../rule";
import { bool } from "../../values";

export const NotPubliclyAccessible: Rule = {
  id: "BH-DATA-2",
  name: "NotPubliclyAccessible",
  reason: "database instance is publicly accessible",
  explanation:
    "A publicly accessible instance gets a public DNS name and address; one security group change away from the " +
    "internet. The data tier lives in isolated subnets and is reached only from the app security group.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(attributes) {
    return bool(attributes.publicly_accessible) === true ? "noncompliant" : "compliant";
  },
};
