import type { Rule } from "../../rule";
import { block, str, UNKNOWN } from "../../values";
import { bucketCompanions } from "./companions";

export const BucketVersioning: Rule = {
  id: "BH-S3-3",
  name: "BucketVersioning",
  reason: "bucket versioning is not enabled",
  explanation:
    "Versioning turns an overwrite or delete into a new version instead of data loss, and AWS Backup for S3 " +
    "requires it. Add aws_s3_bucket_versioning with status Enabled (the lifecycle expires old versions).",
  resourceTypes: ["aws_s3_bucket"],
  check(_attributes, { stack, address }) {
    const statuses = bucketCompanions(stack, "aws_s3_bucket_versioning", address).map((v) => {
      const config = block(v.attributes.versioning_configuration);
      return config === UNKNOWN ? UNKNOWN : str(config?.status);
    });
    if (statuses.includes(UNKNOWN)) return "not-applicable";
    return statuses.includes("Enabled") ? "compliant" : [{ detail: statuses.length ? `status is ${statuses.join(", ")}` : "no aws_s3_bucket_versioning" }];
  },
};
