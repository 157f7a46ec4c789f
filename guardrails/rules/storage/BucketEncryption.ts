import type { Rule } from "../../rule";
import { bucketCompanions } from "./companions";

export const BucketEncryption: Rule = {
  id: "BH-S3-2",
  name: "BucketEncryption",
  reason: "bucket has no explicit default encryption configuration",
  explanation:
    "S3 encrypts with SSE-S3 by default since 2023, but only an explicit configuration says which key (KMS for " +
    "data, SSE-S3 where a log writer requires it) and keeps a later console change visible as drift.",
  resourceTypes: ["aws_s3_bucket"],
  check(_attributes, { stack, address }) {
    return bucketCompanions(stack, "aws_s3_bucket_server_side_encryption_configuration", address).length > 0 ? "compliant" : "noncompliant";
  },
};
