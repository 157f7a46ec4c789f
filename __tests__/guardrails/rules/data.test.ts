import { BackupRetention } from "../../../guardrails/rules/data/BackupRetention";
import { DeletionProtection } from "../../../guardrails/rules/data/DeletionProtection";
import { FinalSnapshot } from "../../../guardrails/rules/data/FinalSnapshot";
import { ManagedMasterPassword } from "../../../guardrails/rules/data/ManagedMasterPassword";
import { MultiAzInProduction } from "../../../guardrails/rules/data/MultiAzInProduction";
import { NotPubliclyAccessible } from "../../../guardrails/rules/data/NotPubliclyAccessible";
import { ParameterGroupForcesTls } from "../../../guardrails/rules/data/ParameterGroupForcesTls";
import { PreventDestroy } from "../../../guardrails/rules/data/PreventDestroy";
import { StorageEncrypted } from "../../../guardrails/rules/data/StorageEncrypted";
import { describeRule } from "../rule-cases";

const replica = { replicate_source_db: "${aws_db_instance.Primary.identifier}" };

describeRule(StorageEncrypted, {
  compliant: [
    { name: "encrypted with a KMS key", attributes: { storage_encrypted: true, kms_key_id: "${aws_kms_key.Data.arn}" } },
    { name: "encrypted Aurora cluster", type: "aws_rds_cluster", attributes: { storage_encrypted: "true" } },
  ],
  noncompliant: [
    { name: "storage_encrypted unset", attributes: { engine: "postgres" } },
    { name: "storage_encrypted false on a cluster", type: "aws_rds_cluster", attributes: { storage_encrypted: false } },
  ],
  notApplicable: [{ name: "a read replica (inherits encryption)", attributes: replica }],
});

describeRule(NotPubliclyAccessible, {
  compliant: [
    { name: "publicly_accessible false", attributes: { publicly_accessible: false } },
    { name: "publicly_accessible unset (default false)", attributes: {} },
  ],
  noncompliant: [
    { name: "publicly accessible instance", attributes: { publicly_accessible: true } },
    { name: "publicly accessible Aurora instance", type: "aws_rds_cluster_instance", attributes: { publicly_accessible: "true" } },
  ],
});

describeRule(MultiAzInProduction, {
  compliant: [{ name: "Multi-AZ in production", production: true, attributes: { multi_az: true } }],
  noncompliant: [
    { name: "single-AZ in production", production: true, attributes: { multi_az: false } },
    { name: "multi_az unset in production", production: true, attributes: {} },
  ],
  notApplicable: [{ name: "single-AZ in staging", production: false, attributes: { multi_az: false } }],
});

describeRule(BackupRetention, {
  compliant: [
    { name: "7 days", attributes: { backup_retention_period: 7 } },
    { name: "35 days on a cluster", type: "aws_rds_cluster", attributes: { backup_retention_period: "35" } },
  ],
  noncompliant: [
    { name: "1 day", attributes: { backup_retention_period: 1 }, detail: "backup_retention_period is 1" },
    { name: "unset (RDS default 1 day)", attributes: {}, detail: "unset" },
    { name: "0 (backups off)", attributes: { backup_retention_period: 0 } },
  ],
  notApplicable: [{ name: "a read replica", attributes: replica }],
});

describeRule(DeletionProtection, {
  compliant: [
    { name: "RDS deletion_protection true", type: "aws_db_instance", attributes: { deletion_protection: true } },
    { name: "bucket without force_destroy", type: "aws_s3_bucket", attributes: { bucket: "b" } },
    { name: "backup vault with force_destroy false", type: "aws_backup_vault", attributes: { force_destroy: false } },
    { name: "secret with the default recovery window", type: "aws_secretsmanager_secret", attributes: { name: "s" } },
    { name: "DynamoDB table with deletion protection", type: "aws_dynamodb_table", attributes: { deletion_protection_enabled: true } },
  ],
  noncompliant: [
    { name: "RDS without deletion_protection", type: "aws_db_instance", attributes: {}, detail: "deletion_protection must be true" },
    { name: "Aurora cluster with deletion_protection false", type: "aws_rds_cluster", attributes: { deletion_protection: false } },
    { name: "bucket with force_destroy", type: "aws_s3_bucket", attributes: { force_destroy: true }, detail: "force_destroy" },
    { name: "vault with force_destroy", type: "aws_backup_vault", attributes: { force_destroy: "true" } },
    { name: "secret deleted without recovery", type: "aws_secretsmanager_secret", attributes: { recovery_window_in_days: 0 }, detail: "recovery_window_in_days" },
    { name: "DynamoDB table without deletion protection", type: "aws_dynamodb_table", attributes: {} },
  ],
  unresolved: [{ name: "protection from a variable", type: "aws_db_instance", attributes: { deletion_protection: "${var.protect}" } }],
});

describeRule(FinalSnapshot, {
  compliant: [{ name: "final snapshot with an identifier", attributes: { skip_final_snapshot: false, final_snapshot_identifier: "braveheart-production-final" } }],
  noncompliant: [
    { name: "skip_final_snapshot true", attributes: { skip_final_snapshot: true, final_snapshot_identifier: "x" }, detail: "skip_final_snapshot is true" },
    { name: "no identifier (destroy fails half-way)", attributes: { skip_final_snapshot: false }, detail: "final_snapshot_identifier is not set" },
  ],
  notApplicable: [{ name: "a read replica", attributes: replica }],
});

describeRule(ManagedMasterPassword, {
  compliant: [
    { name: "managed master password", attributes: { manage_master_user_password: true, username: "admin" } },
    { name: "managed on a cluster", type: "aws_rds_cluster", attributes: { manage_master_user_password: true } },
  ],
  noncompliant: [
    { name: "a literal password", attributes: { username: "admin", password: "hunter2hunter2" }, detail: "password is set" },
    { name: "cluster master_password from a variable", type: "aws_rds_cluster", attributes: { master_password: "${var.pw}" }, detail: "master_password is set" },
  ],
  notApplicable: [
    { name: "a read replica", attributes: replica },
    { name: "restored from a snapshot (credentials come with it)", attributes: { snapshot_identifier: "snap-1" } },
  ],
});

const pg = (parameter: object[], family = "postgres16") => ({ aws_db_parameter_group: { Tls: { family, parameter } } });

describeRule(ParameterGroupForcesTls, {
  compliant: [
    { name: "PostgreSQL group with rds.force_ssl = 1", attributes: { engine: "postgres", parameter_group_name: "${aws_db_parameter_group.Tls.name}" }, others: pg([{ name: "rds.force_ssl", value: "1" }]) },
    {
      name: "MySQL group with require_secure_transport ON",
      attributes: { engine: "mysql", parameter_group_name: "${aws_db_parameter_group.Tls.name}" },
      others: pg([{ name: "require_secure_transport", value: "ON" }], "mysql8.0"),
    },
    {
      name: "Aurora PostgreSQL cluster group",
      type: "aws_rds_cluster",
      attributes: { db_cluster_parameter_group_name: "${aws_rds_cluster_parameter_group.Tls.name}" },
      others: { aws_rds_cluster_parameter_group: { Tls: { family: "aurora-postgresql16", parameter: [{ name: "rds.force_ssl", value: 1 }] } } },
    },
  ],
  noncompliant: [
    { name: "no parameter group (engine default)", attributes: { engine: "postgres" }, detail: "unset" },
    { name: "a default.* group", attributes: { parameter_group_name: "default.postgres16" }, detail: "default group" },
    {
      name: "own group without rds.force_ssl",
      attributes: { parameter_group_name: "${aws_db_parameter_group.Tls.id}" },
      others: pg([{ name: "log_min_duration_statement", value: "500" }]),
      detail: "sets rds.force_ssl to nothing",
    },
    { name: "own group with rds.force_ssl = 0", attributes: { parameter_group_name: "${aws_db_parameter_group.Tls.name}" }, others: pg([{ name: "rds.force_ssl", value: "0" }]) },
  ],
  notApplicable: [
    { name: "a group from another stack", attributes: { parameter_group_name: "${data.terraform_remote_state.p.outputs.group}" } },
    { name: "a read replica", attributes: replica },
  ],
});

describeRule(PreventDestroy, {
  compliant: [
    { name: "database with prevent_destroy", type: "aws_db_instance", attributes: { lifecycle: { prevent_destroy: true } } },
    { name: "KMS key with prevent_destroy", type: "aws_kms_key", attributes: { lifecycle: { prevent_destroy: true, create_before_destroy: false } } },
  ],
  noncompliant: [
    { name: "bucket without lifecycle", type: "aws_s3_bucket", attributes: { bucket: "b" } },
    { name: "vault lock with prevent_destroy false", type: "aws_backup_vault_lock_configuration", attributes: { lifecycle: { prevent_destroy: false } } },
    { name: "file system with only create_before_destroy", type: "aws_efs_file_system", attributes: { lifecycle: { create_before_destroy: true } } },
  ],
});
