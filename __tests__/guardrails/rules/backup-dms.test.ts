import { CrossRegionCopy } from "../../../guardrails/rules/backup/CrossRegionCopy";
import { VaultEncryption } from "../../../guardrails/rules/backup/VaultEncryption";
import { VaultLock } from "../../../guardrails/rules/backup/VaultLock";
import { EndpointTls } from "../../../guardrails/rules/dms/EndpointTls";
import { ReplicationEncrypted } from "../../../guardrails/rules/dms/ReplicationEncrypted";
import { ReplicationInstancePrivate } from "../../../guardrails/rules/dms/ReplicationInstancePrivate";
import { describeRule } from "../rule-cases";

describeRule(VaultEncryption, {
  compliant: [{ name: "customer-managed key", attributes: { name: "v", kms_key_arn: "${aws_kms_key.Backup.arn}" } }],
  noncompliant: [{ name: "AWS-managed default key", attributes: { name: "v" } }],
});

describeRule(VaultLock, {
  compliant: [
    { name: "lock by reference to the vault name", attributes: { name: "braveheart-production" }, others: { aws_backup_vault_lock_configuration: { Lock: { backup_vault_name: "${aws_backup_vault.Subject.name}", min_retention_days: 7 } } } },
    { name: "lock by literal vault name", attributes: { name: "braveheart-production" }, others: { aws_backup_vault_lock_configuration: { Lock: { backup_vault_name: "braveheart-production" } } } },
  ],
  noncompliant: [
    { name: "no lock", attributes: { name: "braveheart-production" } },
    { name: "a lock on another vault", attributes: { name: "braveheart-production" }, others: { aws_backup_vault_lock_configuration: { Lock: { backup_vault_name: "${aws_backup_vault.Dr.name}" } } } },
  ],
});

const copy = { copy_action: [{ destination_vault_arn: "${aws_backup_vault.Dr.arn}", lifecycle: { delete_after: 365 } }] };
describeRule(CrossRegionCopy, {
  compliant: [{ name: "every rule copies", attributes: { rule: [{ rule_name: "daily", ...copy }, { rule_name: "weekly", ...copy }] } }],
  noncompliant: [
    { name: "the weekly rule does not copy", attributes: { rule: [{ rule_name: "daily", ...copy }, { rule_name: "weekly" }] }, detail: "rule[1] (weekly) has no copy_action" },
    { name: "a single rule object without copy", attributes: { rule: { rule_name: "daily", copy_action: [] } } },
  ],
});

describeRule(ReplicationInstancePrivate, {
  compliant: [{ name: "publicly_accessible false", attributes: { publicly_accessible: false } }],
  noncompliant: [
    { name: "unset (AWS default is public)", attributes: {}, detail: "unset" },
    { name: "publicly accessible", attributes: { publicly_accessible: true }, detail: "is true" },
  ],
});

describeRule(ReplicationEncrypted, {
  compliant: [
    { name: "instance with the data key", attributes: { kms_key_arn: "${aws_kms_key.Data.arn}" } },
    { name: "serverless config with a key", type: "aws_dms_replication_config", attributes: { compute_config: { kms_key_id: "${aws_kms_key.Data.arn}" } } },
  ],
  noncompliant: [
    { name: "instance without a key", attributes: { replication_instance_class: "dms.t3.medium" } },
    { name: "serverless config without a key", type: "aws_dms_replication_config", attributes: { compute_config: [{ max_capacity_units: 4 }] } },
  ],
});

describeRule(EndpointTls, {
  compliant: [
    { name: "postgres source with require", attributes: { engine_name: "postgres", endpoint_type: "source", ssl_mode: "require" } },
    { name: "aurora-postgresql target with verify-full", attributes: { engine_name: "aurora-postgresql", ssl_mode: "verify-full" } },
  ],
  noncompliant: [
    { name: "ssl_mode none", attributes: { engine_name: "postgres", ssl_mode: "none" }, detail: "ssl_mode is none" },
    { name: "ssl_mode unset", attributes: { engine_name: "mysql" }, detail: "unset (none)" },
  ],
  notApplicable: [{ name: "an S3 target (no database connection)", attributes: { engine_name: "s3" } }],
});
