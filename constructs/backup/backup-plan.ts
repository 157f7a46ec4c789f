import { BackupPlan as BackupPlanResource } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AWS_MANAGED_POLICY, serviceTrustPolicy } from "../iam/policy-document";

/** A job may start this long after its scheduled time before it counts as missed. */
export const START_WINDOW_MINUTES = 60;
/** A started job must finish within this time (large EBS and RDS snapshots of the legacy estate). */
export const COMPLETION_WINDOW_MINUTES = 8 * 60;

export interface BackupRuleSettings {
  readonly schedule: string;
  readonly retentionDays: number;
  /** @default - recovery points stay in warm storage */
  readonly coldStorageAfterDays?: number;
}

export interface BackupPlanProps {
  readonly planName: string;
  readonly vaultName: string;
  /** Every recovery point is copied here (the DR region's vault). */
  readonly copyToVaultArn: string;
  readonly copyRetentionDays: number;
  readonly daily: BackupRuleSettings;
  readonly weekly: BackupRuleSettings;
  /** Point-in-time recovery for supported types (RDS, S3) on the daily rule. */
  readonly continuousBackup: boolean;
  /** Resources to protect by ARN. @default - none */
  readonly resourceArns?: readonly string[];
  /** Resources carrying this tag are protected too. @default - no tag selection */
  readonly selectionTag?: { readonly key: string; readonly value: string };
}

/**
 * The backup plan (daily and weekly rules, each copying to the DR vault), its selections, and the IAM role AWS
 * Backup assumes with AWS's managed backup and restore policies only (S3's own pair only when an S3 bucket is
 * selected by ARN).
 */
export class BackupPlan extends Construct {
  readonly plan: BackupPlanResource;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    const arns = props.resourceArns ?? [];

    this.role = new IamRole(this, "Role", {
      name: `${props.planName}-backup`,
      description: "AWS Backup: take, copy and restore recovery points of the selected resources",
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
    });
    const managed = ["service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores"];
    if (arns.some((arn) => arn.startsWith("arn:aws:s3:::"))) managed.push("AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore");
    for (const policy of managed) {
      new IamRolePolicyAttachment(this, policy.split("/").pop()!, { role: this.role.name, policyArn: AWS_MANAGED_POLICY(policy) });
    }

    const rule = (name: string, settings: BackupRuleSettings, continuous: boolean) => ({
      ruleName: name,
      targetVaultName: props.vaultName,
      schedule: settings.schedule,
      startWindow: START_WINDOW_MINUTES,
      completionWindow: COMPLETION_WINDOW_MINUTES,
      enableContinuousBackup: continuous || undefined,
      lifecycle: { deleteAfter: settings.retentionDays, coldStorageAfter: settings.coldStorageAfterDays },
      copyAction: [{ destinationVaultArn: props.copyToVaultArn, lifecycle: { deleteAfter: props.copyRetentionDays } }],
      recoveryPointTags: { rule: name },
    });
    this.plan = new BackupPlanResource(this, "Plan", {
      name: props.planName,
      rule: [rule("daily", props.daily, props.continuousBackup), rule("weekly", props.weekly, false)],
    });

    if (arns.length > 0) {
      new BackupSelection(this, "ByArn", { name: `${props.planName}-arns`, planId: this.plan.id, iamRoleArn: this.role.arn, resources: [...arns] });
    }
    if (props.selectionTag) {
      new BackupSelection(this, "ByTag", {
        name: `${props.planName}-tag`,
        planId: this.plan.id,
        iamRoleArn: this.role.arn,
        selectionTag: [{ type: "STRINGEQUALS", key: props.selectionTag.key, value: props.selectionTag.value }],
      });
    }
  }
}
