import type { Rule } from "../../rule";
import { bool } from "../../values";
import { bucketCompanions } from "./companions";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const BucketPublicAccessBlocked: Rule = {
  id: "BH-S3-1",
  name: "BucketPublicAccessBlocked",
  reason: "bucket has no public access block with all four settings on",
  explanation:
    "The public access block is the switch that overrides any ACL or policy that would make objects public, " +
    "including ones added later by hand. Every bucket gets an aws_s3_bucket_public_access_block with all four true.",
  resourceTypes: ["aws_s3_bucket"],
  check(_attributes, { stack, address }) {
    const blocks = bucketCompanions(stack, "aws_s3_bucket_public_access_block", address);
    if (blocks.length === 0) return [{ detail: "no aws_s3_bucket_public_access_block for this bucket" }];
    const off = FLAGS.filter((flag) => blocks.every((b) => bool(b.attributes[flag]) === false || b.attributes[flag] === undefined));
    return off.length === 0 ? "compliant" : [{ detail: `${off.join(", ")} not true` }];
  },
};
