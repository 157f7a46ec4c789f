// The resource types that hold data which cannot be recreated from code, and the argument (if the type has one)
// that makes AWS or the provider refuse to delete them. Both the guardrails (BH-DATA-5, BH-DATA-9) and the
// "nothing lost" test read this list, so adding a stateful type here protects it everywhere.
//
// Deliberately not listed:
// - aws_ecr_repository: images are rebuilt from source by CI, and AWS already refuses to delete a repository that
//   still holds images (force_delete is off by default). Without prevent_destroy, removing a service from the
//   catalog stays a configuration change instead of a state surgery.
// - aws_cloudwatch_log_group: logs expire by retention anyway; the record that must survive is in the backups.
// - aws_dms_replication_instance, aws_rds_cluster_instance: they copy or serve data held elsewhere.
import { bool, num, UNKNOWN } from "./values";

export interface DeletionGuard {
  /** The argument, e.g. `deletion_protection`. */
  readonly attribute: string;
  /** The required setting, for messages: `true`, `false (or unset)`. */
  readonly expected: string;
  /** Whether the value keeps the resource from being deleted; UNKNOWN when computed. */
  isSafe(value: unknown): boolean | typeof UNKNOWN;
}

export interface StatefulType {
  readonly type: string;
  /** What is lost with it. */
  readonly holds: string;
  /** The type's own deletion protection, when it has one. */
  readonly deletionGuard?: DeletionGuard;
}

const mustBeTrue = (attribute: string): DeletionGuard => ({
  attribute,
  expected: "true",
  isSafe: (v) => (bool(v) === UNKNOWN ? UNKNOWN : bool(v) === true),
});
const mustNotBeTrue = (attribute: string): DeletionGuard => ({
  attribute,
  expected: "false (or unset)",
  isSafe: (v) => (bool(v) === UNKNOWN ? UNKNOWN : bool(v) !== true),
});

export const STATEFUL_TYPES: readonly StatefulType[] = [
  { type: "aws_db_instance", holds: "the platform's database", deletionGuard: mustBeTrue("deletion_protection") },
  { type: "aws_rds_cluster", holds: "an Aurora database", deletionGuard: mustBeTrue("deletion_protection") },
  { type: "aws_dynamodb_table", holds: "table data", deletionGuard: mustBeTrue("deletion_protection_enabled") },
  { type: "aws_efs_file_system", holds: "shared files" },
  { type: "aws_s3_bucket", holds: "objects (logs, static assets)", deletionGuard: mustNotBeTrue("force_destroy") },
  {
    type: "aws_kms_key",
    holds: "the only way to decrypt everything encrypted with it (deletion is scheduled, 7-30 days, never immediate)",
  },
  { type: "aws_backup_vault", holds: "recovery points of the legacy and new platform", deletionGuard: mustNotBeTrue("force_destroy") },
  { type: "aws_backup_vault_lock_configuration", holds: "the immutability of the recovery points" },
  {
    type: "aws_secretsmanager_secret",
    holds: "credentials set outside Terraform",
    deletionGuard: {
      attribute: "recovery_window_in_days",
      expected: "7 to 30 (or unset: 30)",
      isSafe: (v) => (num(v) === UNKNOWN ? UNKNOWN : num(v) === undefined || (num(v) as number) > 0),
    },
  },
];

export const STATEFUL_TYPE_NAMES: readonly string[] = STATEFUL_TYPES.map((t) => t.type);

export function statefulType(type: string): StatefulType | undefined {
  return STATEFUL_TYPES.find((t) => t.type === type);
}
