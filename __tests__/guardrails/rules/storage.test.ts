import { BucketEncryption } from "../../../guardrails/rules/storage/BucketEncryption";
import { BucketAccessLogging } from "../../../guardrails/rules/storage/BucketAccessLogging";
import { BucketLifecycle } from "../../../guardrails/rules/storage/BucketLifecycle";
import { BucketPublicAccessBlocked } from "../../../guardrails/rules/storage/BucketPublicAccessBlocked";
import { BucketTlsOnly } from "../../../guardrails/rules/storage/BucketTlsOnly";
import { BucketVersioning } from "../../../guardrails/rules/storage/BucketVersioning";
import { describeRule } from "../rule-cases";

const bucket = { bucket: "braveheart-staging-assets" };
const byRef = "${aws_s3_bucket.Subject.id}";
const allBlocked = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };

describeRule(BucketPublicAccessBlocked, {
  compliant: [
    { name: "block by reference with all four settings", attributes: bucket, others: { aws_s3_bucket_public_access_block: { Pab: { bucket: byRef, ...allBlocked } } } },
    { name: "block by the bucket's literal name", attributes: bucket, others: { aws_s3_bucket_public_access_block: { Pab: { bucket: "braveheart-staging-assets", ...allBlocked } } } },
  ],
  noncompliant: [
    { name: "no public access block", attributes: bucket, detail: "no aws_s3_bucket_public_access_block" },
    { name: "the block leaves public policies allowed", attributes: bucket, others: { aws_s3_bucket_public_access_block: { Pab: { bucket: byRef, ...allBlocked, block_public_policy: false } } }, detail: "block_public_policy" },
    { name: "a block for a bucket with a similar address", attributes: bucket, others: { aws_s3_bucket_public_access_block: { Pab: { bucket: "${aws_s3_bucket.Subject2.id}", ...allBlocked } } } },
  ],
});

describeRule(BucketEncryption, {
  compliant: [
    {
      name: "KMS default encryption",
      attributes: bucket,
      others: { aws_s3_bucket_server_side_encryption_configuration: { Sse: { bucket: byRef, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }] } } },
    },
  ],
  noncompliant: [{ name: "no encryption configuration", attributes: bucket }],
});

describeRule(BucketVersioning, {
  compliant: [{ name: "versioning Enabled", attributes: bucket, others: { aws_s3_bucket_versioning: { V: { bucket: byRef, versioning_configuration: { status: "Enabled" } } } } }],
  noncompliant: [
    { name: "no versioning resource", attributes: bucket, detail: "no aws_s3_bucket_versioning" },
    { name: "versioning Suspended", attributes: bucket, others: { aws_s3_bucket_versioning: { V: { bucket: byRef, versioning_configuration: [{ status: "Suspended" }] } } }, detail: "Suspended" },
  ],
});

const tlsDeny = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["${aws_s3_bucket.Subject.arn}", "${aws_s3_bucket.Subject.arn}/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const policyOf = (...Statement: object[]) => ({ aws_s3_bucket_policy: { P: { bucket: byRef, policy: JSON.stringify({ Version: "2012-10-17", Statement }) } } });

describeRule(BucketTlsOnly, {
  compliant: [
    { name: "TLS-only deny first among other statements", attributes: bucket, others: policyOf(tlsDeny, { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "x" }) },
    { name: "condition written as a boolean", attributes: bucket, others: policyOf({ ...tlsDeny, Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": false } } }) },
  ],
  noncompliant: [
    { name: "no bucket policy", attributes: bucket, detail: "no aws_s3_bucket_policy" },
    { name: "a policy without the TLS deny", attributes: bucket, others: policyOf({ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "x" }), detail: "no TLS-only deny" },
    { name: "the deny only covers a few actions", attributes: bucket, others: policyOf({ ...tlsDeny, Action: "s3:GetObject" }) },
  ],
  unresolved: [{ name: "a policy from a data source", attributes: bucket, others: { aws_s3_bucket_policy: { P: { bucket: byRef, policy: "${data.aws_iam_policy_document.p.json}" } } } }],
});

describeRule(BucketLifecycle, {
  compliant: [
    { name: "an enabled rule", attributes: bucket, others: { aws_s3_bucket_lifecycle_configuration: { L: { bucket: byRef, rule: [{ id: "tidy", status: "Enabled" }] } } } },
  ],
  noncompliant: [
    { name: "no lifecycle configuration", attributes: bucket },
    { name: "only disabled rules", attributes: bucket, others: { aws_s3_bucket_lifecycle_configuration: { L: { bucket: byRef, rule: { id: "tidy", status: "Disabled" } } } } },
  ],
});

describeRule(BucketAccessLogging, {
  compliant: [
    { name: "logs into the access-log bucket", attributes: bucket, others: { aws_s3_bucket_logging: { L: { bucket: byRef, target_bucket: "logs", target_prefix: "s3/b/" } } } },
  ],
  noncompliant: [
    { name: "no aws_s3_bucket_logging", attributes: bucket },
    { name: "logging configured for another bucket", attributes: bucket, others: { aws_s3_bucket_logging: { L: { bucket: "${aws_s3_bucket.Other.id}", target_bucket: "logs", target_prefix: "s3/" } } } },
  ],
});
