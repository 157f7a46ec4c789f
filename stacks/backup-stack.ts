// Phase "backup": everything the migration touches is backed up to a locked vault, and copied to a second
// region, before anything moves. Its own keys and vaults, so nothing a later phase does can break it; it reads one
// value from preparation (the permissions boundary its role carries) and is applied right after it.
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BackupVaultNotifications } from "@cdktf/provider-aws/lib/backup-vault-notifications";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { BackupPlan } from "../constructs/backup/backup-plan";
import { LockedBackupVault } from "../constructs/backup/backup-vault";
import { AlarmTopic } from "../constructs/monitoring/alarm-topic";
import type { BackupOutputs } from "./backup-outputs";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import { physicalName } from "../config/physical-names";

/** Vault events worth a message: completed jobs carry their state, so failures are visible too. */
export const VAULT_EVENTS = ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED", "RECOVERY_POINT_MODIFIED", "S3_BACKUP_OBJECT_FAILED"];

export class BackupStack extends PhaseStack {
  readonly outputs: BackupOutputs;
  /** The DR region's provider (alias `dr`). */
  readonly drProvider: AwsProvider;

  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "backup", props);
    const { config, namePrefix } = this;
    const backup = config.backup;
    const { accountId } = this;
    this.drProvider = this.regionProvider("dr", config.drRegion);

    const primary = new LockedBackupVault(this, "PrimaryVault", { vaultName: physicalName(namePrefix, "primaryVault"), accountId, lock: backup.vaultLock });
    const dr = new LockedBackupVault(this, "DrVault", { vaultName: physicalName(namePrefix, "drVault"), accountId, lock: backup.vaultLock, provider: this.drProvider });

    const plan = new BackupPlan(this, "Plan", {
      planName: physicalName(namePrefix, "backupPlan"),
      vaultName: primary.vault.name,
      copyToVaultArn: dr.vault.arn,
      copyRetentionDays: backup.drCopyRetentionDays,
      daily: { schedule: backup.dailySchedule, retentionDays: backup.dailyRetentionDays },
      weekly: { schedule: backup.weeklySchedule, retentionDays: backup.weeklyRetentionDays, coldStorageAfterDays: backup.weeklyColdStorageAfterDays },
      continuousBackup: backup.continuousBackup,
      resourceArns: backup.selection.arns,
      selectionTag: backup.selection.tag,
    });

    const topic = new AlarmTopic(this, "Notifications", {
      topicName: `${namePrefix}-backup-events`,
      kmsKeyArn: primary.key.arn,
      accountId,
      publishers: ["backup.amazonaws.com"],
      recipients: config.alerts,
    });
    new BackupVaultNotifications(this, "VaultNotifications", {
      backupVaultName: primary.vault.name,
      snsTopicArn: topic.arn,
      backupVaultEvents: VAULT_EVENTS,
    });

    this.outputs = {
      primaryVault: { name: primary.vault.name, arn: primary.vault.arn },
      drVault: { name: dr.vault.name, arn: dr.vault.arn },
      planId: plan.plan.id,
      backupRoleArn: plan.role.arn,
      notificationTopicArn: topic.arn,
      selectionTag: backup.selection.tag,
    };
    // What the runbook's first on-demand backups and copy checks need (docs/backup.md).
    new TerraformOutput(this, "primary_vault_name", { description: "Vault the plan backs up to, in the primary region", value: primary.vault.name });
    new TerraformOutput(this, "dr_vault_arn", { description: "Vault in the DR region that every recovery point is copied to", value: dr.vault.arn });
    new TerraformOutput(this, "backup_role_arn", { description: "Role for on-demand backup and restore jobs", value: plan.role.arn });
  }
}
