import { configFor, resourceAt, resourcesOf, synthStacks, type StackJson } from "../helpers";

const backupOf = (env: "staging" | "production", edit?: (raw: Record<string, any>) => void) =>
  synthStacks(configFor(env, edit))[`${env}-backup`];

describe("backup stack (staging)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = backupOf("staging");
  });

  test("has a second aws provider, aliased dr, in the DR region with the same default tags", () => {
    const [primary, dr] = stack.provider!.aws;
    expect(primary.region).toBe("eu-west-2");
    expect(dr).toMatchObject({ alias: "dr", region: "eu-west-1" });
    expect(dr.default_tags).toEqual(primary.default_tags);
  });

  test("creates two KMS-encrypted vaults: primary in the stack's region, DR through the dr provider", () => {
    const primary = resourceAt(stack, "aws_backup_vault", "PrimaryVault/Vault");
    const dr = resourceAt(stack, "aws_backup_vault", "DrVault/Vault");
    expect(primary.provider).toBeUndefined();
    expect(dr.provider).toBe("aws.dr");
    expect(primary.kms_key_arn).toMatch(/^\$\{aws_kms_key\.PrimaryVault_Key_[A-F0-9]+\.arn\}$/);
    expect(dr.kms_key_arn).toMatch(/^\$\{aws_kms_key\.DrVault_Key_[A-F0-9]+\.arn\}$/);
    expect(resourceAt(stack, "aws_kms_key", "DrVault/Key/Key").provider).toBe("aws.dr");
  });

  test("every rule copies to the DR vault's ARN with the configured DR retention", () => {
    const plan = resourceAt(stack, "aws_backup_plan", "Plan/Plan");
    expect(plan.rule.map((r: any) => r.rule_name)).toEqual(["daily", "weekly"]);
    for (const rule of plan.rule) {
      expect(rule.copy_action).toEqual([
        { destination_vault_arn: expect.stringMatching(/^\$\{aws_backup_vault\.DrVault_[A-F0-9]+\.arn\}$/), lifecycle: { delete_after: 30 } },
      ]);
      expect(rule.target_vault_name).toMatch(/aws_backup_vault\.PrimaryVault_[A-F0-9]+\.name/);
    }
  });

  test("retention comes from config", () => {
    const [daily, weekly] = resourceAt(stack, "aws_backup_plan", "Plan/Plan").rule;
    expect(daily).toMatchObject({ schedule: "cron(0 3 * * ? *)", lifecycle: { delete_after: 14 }, start_window: 60, completion_window: 480 });
    expect(weekly).toMatchObject({ schedule: "cron(0 4 ? * SUN *)", lifecycle: { delete_after: 60 } });
    expect(daily.enable_continuous_backup).toBeUndefined();
  });

  test("a retention change in config changes the plan", () => {
    const edited = backupOf("staging", (raw) => {
      raw.backup.dailyRetentionDays = 21;
    });
    expect(resourceAt(edited, "aws_backup_plan", "Plan/Plan").rule[0].lifecycle.delete_after).toBe(21);
  });

  test("selects the configured legacy ARNs and the backup tag", () => {
    expect(resourceAt(stack, "aws_backup_selection", "Plan/ByArn").resources).toEqual([
      "arn:aws:ec2:eu-west-2:111111111111:instance/i-0a1b2c3d4e5f60718",
      "arn:aws:rds:eu-west-2:111111111111:db:legacy-staging",
    ]);
    expect(resourceAt(stack, "aws_backup_selection", "Plan/ByTag").selection_tag).toEqual([{ type: "STRINGEQUALS", key: "backup", value: "braveheart" }]);
  });

  test("staging locks both vaults in governance mode (no changeable_for_days)", () => {
    for (const lock of resourcesOf(stack, "aws_backup_vault_lock_configuration").map(([, l]) => l)) {
      expect(lock).toMatchObject({ min_retention_days: 7, max_retention_days: 365 });
      expect(lock.changeable_for_days).toBeUndefined();
    }
  });

  test("vault policies deny deleting recovery points or shortening their lifecycle to everyone", () => {
    for (const [, policy] of resourcesOf(stack, "aws_backup_vault_policy")) {
      expect(JSON.parse(policy.policy).Statement[0]).toEqual({
        Sid: "NobodyDeletesRecoveryPoints",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
        Resource: "*",
      });
    }
  });

  test("keys, vaults and locks cannot be destroyed", () => {
    for (const type of ["aws_kms_key", "aws_backup_vault", "aws_backup_vault_lock_configuration"]) {
      const all = resourcesOf(stack, type);
      expect(all.length).toBe(2);
      for (const [, r] of all) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test("the backup role has only the AWS managed backup and restore policies (no S3 bucket selected)", () => {
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    expect(resourcesOf(stack, "aws_iam_role_policy")).toHaveLength(0);
  });

  test("outputs what the runbook's first backups need: the primary vault's name, the DR vault's ARN, the backup role", () => {
    expect(stack.output).toEqual({
      primary_vault_name: expect.objectContaining({ value: expect.stringMatching(/^\$\{aws_backup_vault\.PrimaryVault_[A-F0-9]+\.name\}$/) }),
      dr_vault_arn: expect.objectContaining({ value: expect.stringMatching(/^\$\{aws_backup_vault\.DrVault_[A-F0-9]+\.arn\}$/) }),
      backup_role_arn: expect.objectContaining({ value: expect.stringMatching(/^\$\{aws_iam_role\.Plan_Role_[A-F0-9]+\.arn\}$/) }),
    });
  });

  test("reads nothing from preparation but the permissions boundary of its role", () => {
    const remote = Object.keys(stack.data?.terraform_remote_state ?? {});
    expect(remote).toEqual(["cross-stack-reference-input-staging-preparation"]);
    const references = JSON.stringify(stack.resource).match(/data\.terraform_remote_state\.[^}]+/g);
    expect(references).toEqual([expect.stringContaining("aws_iam_policyWorkloadBoundary_Policy")]);
  });

  test("vault events go to a KMS-encrypted topic that only AWS Backup (for this account) may publish to", () => {
    expect(resourceAt(stack, "aws_sns_topic", "Notifications/Topic").kms_master_key_id).toMatch(/PrimaryVault_Key_/);
    expect(JSON.parse(resourceAt(stack, "aws_sns_topic_policy", "Notifications/Policy").policy).Statement[0].Principal).toEqual({ Service: ["backup.amazonaws.com"] });
    expect(resourceAt(stack, "aws_backup_vault_notifications", "VaultNotifications").backup_vault_events).toContain("BACKUP_JOB_COMPLETED");
    expect(resourcesOf(stack, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint])).toEqual([["email", "platform-team@braveheart-tech.com"]]);
  });
});

describe("backup stack (production)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = backupOf("production");
  });

  test("locks both vaults in compliance mode with the configured grace period", () => {
    for (const [, lock] of resourcesOf(stack, "aws_backup_vault_lock_configuration")) {
      expect(lock).toMatchObject({ min_retention_days: 7, max_retention_days: 3650, changeable_for_days: 7 });
    }
  });

  test("adds S3's backup and restore policies because an S3 bucket is selected", () => {
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn)).toEqual(
      expect.arrayContaining(["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"]),
    );
  });

  test("moves weekly points to cold storage and keeps continuous backup on the daily rule", () => {
    const [daily, weekly] = resourceAt(stack, "aws_backup_plan", "Plan/Plan").rule;
    expect(daily.enable_continuous_backup).toBe(true);
    expect(weekly.lifecycle).toEqual({ delete_after: 365, cold_storage_after: 90 });
  });

  test("subscribes the on-call address to vault events", () => {
    expect(resourceAt(stack, "aws_sns_topic_subscription", "Notifications/Email")).toMatchObject({ protocol: "email", endpoint: "platform-oncall@braveheart-tech.com" });
  });
});
