import type { Rule } from "../../rule";
import { bucketCompanions } from "./companions";

export const BucketAccessLogging: Rule = {
  id: "BH-S3-6",
  name: "BucketAccessLogging",
  reason: "bucket has no server access logging (aws_s3_bucket_logging)",
  explanation:
    "Server access logs record every request to the bucket, including reads CloudTrail data events would not " +
    "cover: the record an incident responder needs. Add aws_s3_bucket_logging into the access-log bucket " +
    "(SecureBucket's serverAccessLogs). The access-log bucket itself is the target and carries a suppression.",
  resourceTypes: ["aws_s3_bucket"],
  check(_attributes, { stack, address }) {
    return bucketCompanions(stack, "aws_s3_bucket_logging", address).length > 0 ? "compliant" : "noncompliant";
  },
};
