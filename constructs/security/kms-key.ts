import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix, e.g. `braveheart-staging-platform`. */
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  /**
   * Service principals allowed to use the key for encryption (e.g. `logs.eu-west-2.amazonaws.com`).
   * @default - none: only IAM principals of the account the key policy delegates to
   */
  readonly servicePrincipals?: string[];
  /**
   * Lets CloudWatch Logs in this region encrypt this account's log groups, with the condition CloudWatch Logs
   * documents (the log group's ARN in the encryption context).
   * @default - CloudWatch Logs cannot use the key
   */
  readonly cloudWatchLogsRegion?: string;
  /**
   * Lets any principal of the account use the key through EC2 in this region, as the AWS-managed `aws/ebs` key does.
   * Encrypted EBS volumes need it: Auto Scaling launches instances through its service-linked role, which IAM cannot
   * grant customer-managed keys, and which may not exist yet when the key is created.
   * @default - EC2 cannot use the key
   */
  readonly ebsVolumesRegion?: string;
  /**
   * Days before a scheduled deletion completes.
   * @default 30 (the maximum, the longest window to notice a mistake)
   */
  readonly deletionWindowInDays?: number;
  /** Provider to create the key with (another region). @default - the stack's default provider */
  readonly provider?: import("cdktf").TerraformProvider;
}

/**
 * A customer-managed KMS key with yearly rotation, a key policy that delegates to the account's IAM and lets the
 * listed services encrypt, an alias, and `prevent_destroy`: losing a key loses everything encrypted with it.
 */
export class KmsKey extends Construct {
  static readonly DEFAULT_DELETION_WINDOW_DAYS = 30;

  readonly key: KmsKeyResource;
  readonly arn: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? KmsKey.DEFAULT_DELETION_WINDOW_DAYS;
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministersThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ];
    if (props.servicePrincipals?.length) {
      statements.push({
        Sid: "ServicesEncryptWithinAccount",
        Effect: "Allow",
        Principal: { Service: props.servicePrincipals },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      });
    }
    if (props.cloudWatchLogsRegion !== undefined) {
      statements.push({
        Sid: "CloudWatchLogsEncryptsLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${props.cloudWatchLogsRegion}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${props.cloudWatchLogsRegion}:${props.accountId}:log-group:*` } },
      });
    }
    if (props.ebsVolumesRegion !== undefined) {
      statements.push({
        Sid: "Ec2EncryptsVolumesForTheAccount",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": props.accountId, "kms:ViaService": `ec2.${props.ebsVolumesRegion}.amazonaws.com` } },
      });
    }
    this.key = new KmsKeyResource(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays,
      policy: policyDocument(...statements),
      provider: props.provider,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "Alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, provider: props.provider });
    this.arn = this.key.arn;
    this.aliasName = `alias/${props.alias}`;
  }
}
