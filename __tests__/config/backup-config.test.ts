import { configProblems as problemsOf } from "../helpers";

describe("backup configuration errors", () => {
  test("a selection with no ARNs and no tag is rejected: nothing would be backed up", () => {
    expect(
      problemsOf((raw) => {
        raw.backup.selection = { arns: [] };
      }),
    ).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - backup.selection (got {"arns":[]}): selects nothing, so nothing would be backed up before the migration; allowed: at least one ARN in arns or a tag',
    );
  });

  test("retention outside the vault lock's range is rejected", () => {
    expect(problemsOf((raw) => (raw.backup.dailyRetentionDays = 3))).toContain(
      "  - backup.dailyRetentionDays (got 3): is outside the vault lock's range; allowed: 7 to 365 days (backup.vaultLock)",
    );
  });

  test("DR copy retention must fit the DR vault's lock too", () => {
    expect(problemsOf((raw) => (raw.backup.drCopyRetentionDays = 400))).toContain(
      "  - backup.drCopyRetentionDays (got 400): is outside the vault lock's range; allowed: 7 to 365 days (backup.vaultLock)",
    );
  });

  test("cold storage needs 90 more days of retention", () => {
    expect(
      problemsOf((raw) => {
        raw.backup.weeklyColdStorageAfterDays = 30;
        raw.backup.weeklyRetentionDays = 100;
      }),
    ).toContain("  - backup.weeklyRetentionDays (got 100): allowed: at least weeklyColdStorageAfterDays + 90 (120): AWS keeps cold storage 90 days minimum");
  });

  test("continuous backup caps the daily retention at 35 days", () => {
    expect(
      problemsOf((raw) => {
        raw.backup.continuousBackup = true;
        raw.backup.dailyRetentionDays = 60;
      }),
    ).toContain("  - backup.dailyRetentionDays (got 60): allowed: at most 35 while backup.continuousBackup is true (AWS keeps continuous backups up to 35 days)");
  });

  test("an impossible lock (min above max) is rejected", () => {
    expect(problemsOf((raw) => (raw.backup.vaultLock.minRetentionDays = 400))).toContain(
      "  - backup.vaultLock.minRetentionDays (got 400): allowed: at most maxRetentionDays (365)",
    );
  });

  test("the compliance grace period cannot be under AWS's 3-day minimum", () => {
    expect(problemsOf((raw) => (raw.backup.vaultLock.changeableForDays = 1))).toContain(
      "  - backup.vaultLock.changeableForDays (got 1): out of range; allowed: an integer from 3 to 36500",
    );
  });
});
