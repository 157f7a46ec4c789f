// S3 settings live in companion resources (aws_s3_bucket_*) that point at the bucket by `bucket`.
import type { ResourceEntry, StackView } from "../../stack-view";

/** The companion resources of `type` configuring the bucket at `address` (by reference or by literal name). */
export function bucketCompanions(stack: StackView, type: string, address: string): readonly ResourceEntry[] {
  return stack.referencing(type, "bucket", address, ["bucket"]);
}
