import type { Rule } from "../../rule";
import { blocks, isExpression, UNKNOWN } from "../../values";
import { bucketCompanions } from "./companions";

export const BucketLifecycle: Rule = {
  id: "BH-S3-5",
  name: "BucketLifecycle",
  reason: "bucket has no enabled lifecycle rule",
  explanation:
    "With versioning on, overwritten versions and abandoned multipart uploads are kept (and billed) forever. An " +
    "enabled lifecycle rule expires noncurrent versions and aborts incomplete uploads (and expires logs).",
  resourceTypes: ["aws_s3_bucket"],
  check(_attributes, { stack, address }) {
    const rules = bucketCompanions(stack, "aws_s3_bucket_lifecycle_configuration", address).map((c) => blocks(c.attributes.rule));
    if (rules.includes(UNKNOWN)) return "not-applicable";
    const enabled = rules.flatMap((r) => (r === UNKNOWN ? [] : r)).some((r) => r.status === "Enabled" || isExpression(r.status));
    return enabled ? "compliant" : "noncompliant";
  },
};
