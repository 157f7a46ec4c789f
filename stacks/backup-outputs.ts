// What the backup stack offers operators and later phases.

export interface BackupOutputs {
  readonly primaryVault: { readonly name: string; readonly arn: string };
  readonly drVault: { readonly name: string; readonly arn: string };
  readonly planId: string;
  /** Role for on-demand `aws backup start-backup-job` runs (the runbook's first backups). */
  readonly backupRoleArn: string;
  readonly notificationTopicArn: string;
  /** Stateful resources of later phases carry this tag so the tag selection covers them. */
  readonly selectionTag?: { readonly key: string; readonly value: string };
}
