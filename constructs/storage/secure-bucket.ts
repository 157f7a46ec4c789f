import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * KMS key for default encryption.
   * @default - SSE-S3 (AES256): required for ALB access logs, which cannot be written to a KMS-encrypted bucket
   */
  readonly kmsKeyArn?: string;
  /**
   * Statements added to the bucket policy after the TLS-only deny (e.g. log delivery, CloudFront OAC reads).
   * @default - only the TLS-only deny
   */
  readonly extraPolicyStatements?: (bucketArn: string) => PolicyStatement[];
  /**
   * Days after which current objects expire; noncurrent versions expire 30 days after they are replaced.
   * @default - current objects never expire
   */
  readonly expireAfterDays?: number;
  /**
   * `BucketOwnerPreferred` lets log writers that still use ACLs (CloudFront standard logging) deliver.
   * @default "BucketOwnerEnforced" (ACLs disabled)
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
  /**
   * S3 server access logging into another bucket (its policy must let `logging.s3.amazonaws.com` write the prefix).
   * Omitted only for the access-log bucket itself, which carries a BH-S3-6 suppression saying so.
   * @default - no server access logging
   */
  readonly serverAccessLogs?: { readonly targetBucket: string; readonly targetPrefix: string };
}

/**
 * An S3 bucket with every guardrail on: public access blocked, encryption, versioning, a TLS-only policy, a
 * lifecycle for old versions and incomplete uploads, optional server access logging, and `prevent_destroy` (buckets
 * hold data).
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const objectOwnership = props.objectOwnership ?? "BucketOwnerEnforced";

    this.bucket = new S3Bucket(this, "Bucket", { bucket: props.bucketName, lifecycle: { preventDestroy: true } });
    const bucketId = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", { bucket: bucketId, rule: { objectOwnership } });
    new S3BucketVersioningA(this, "Versioning", { bucket: bucketId, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucketId,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucketId,
      rule: [
        {
          id: "tidy-versions-and-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          ...(props.expireAfterDays ? { expiration: [{ days: props.expireAfterDays }] } : {}),
        },
      ],
    });
    if (props.serverAccessLogs) {
      new S3BucketLoggingA(this, "AccessLogging", {
        bucket: bucketId,
        targetBucket: props.serverAccessLogs.targetBucket,
        targetPrefix: props.serverAccessLogs.targetPrefix,
      });
    }
    const arn = this.bucket.arn;
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket: bucketId,
      policy: policyDocument(
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [arn, `${arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        ...(props.extraPolicyStatements?.(arn) ?? []),
      ),
      // A policy put before the public access block exists can briefly be evaluated without it.
      dependsOn: [publicAccess],
    });
  }
}
