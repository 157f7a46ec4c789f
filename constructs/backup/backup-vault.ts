import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyDocument } from "../iam/policy-document";
import { KmsKey } from "../security/kms-key";

export interface VaultLockSettings {
  readonly mode: "governance" | "compliance";
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;
  /** Grace period before a compliance lock becomes immutable (AWS minimum 3). Ignored in governance mode. */
  readonly changeableForDays: number;
}

export interface LockedBackupVaultProps {
  readonly vaultName: string;
  readonly accountId: string;
  readonly lock: VaultLockSettings;
  /** @default - the stack's default provider (region) */
  readonly provider?: TerraformProvider;
}

/**
 * A backup vault with its own KMS key, a vault lock, and an access policy that denies deleting recovery points or
 * shortening their lifecycle to everyone, administrators included. The key, vault and lock cannot be destroyed
 * by Terraform (`prevent_destroy`).
 *
 * Lock modes: governance can be removed by principals with backup:DeleteBackupVaultLockConfiguration; compliance
 * (`changeable_for_days` set) becomes immutable once the grace period ends, for the life of the vault.
 */
export class LockedBackupVault extends Construct {
  readonly key: KmsKey;
  readonly vault: BackupVault;
  readonly lock: BackupVaultLockConfiguration;

  constructor(scope: Construct, id: string, props: LockedBackupVaultProps) {
    super(scope, id);
    const { provider } = props;
    this.key = new KmsKey(this, "Key", {
      alias: props.vaultName,
      description: `AWS Backup vault ${props.vaultName}`,
      accountId: props.accountId,
      servicePrincipals: ["backup.amazonaws.com", "sns.amazonaws.com"],
      provider,
    });
    this.vault = new BackupVault(this, "Vault", {
      name: props.vaultName,
      kmsKeyArn: this.key.arn,
      forceDestroy: false,
      provider,
      lifecycle: { preventDestroy: true },
    });
    this.lock = new BackupVaultLockConfiguration(this, "Lock", {
      backupVaultName: this.vault.name,
      minRetentionDays: props.lock.minRetentionDays,
      maxRetentionDays: props.lock.maxRetentionDays,
      // Setting changeable_for_days is what makes a lock a compliance lock.
      changeableForDays: props.lock.mode === "compliance" ? props.lock.changeableForDays : undefined,
      provider,
      lifecycle: { preventDestroy: true },
    });
    new BackupVaultPolicy(this, "Policy", {
      backupVaultName: this.vault.name,
      provider,
      policy: policyDocument({
        Sid: "NobodyDeletesRecoveryPoints",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
        Resource: "*",
      }),
    });
  }
}
