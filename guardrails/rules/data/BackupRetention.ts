import type { Rule } from "../../rule";
import { num, UNKNOWN } from "../../values";
import { isReplica, RDS_TYPES } from "./rds";

export const MIN_BACKUP_RETENTION_DAYS = 7;

export const BackupRetention: Rule = {
  id: "BH-DATA-4",
  name: "BackupRetention",
  reason: `automated backups are kept less than ${MIN_BACKUP_RETENTION_DAYS} days (backup_retention_period)`,
  explanation:
    "Automated backups are the point-in-time recovery window: a bad migration step or data fix found on Monday " +
    `must still be recoverable from the previous week. Keep at least ${MIN_BACKUP_RETENTION_DAYS} days.`,
  resourceTypes: RDS_TYPES,
  check(attributes) {
    if (isReplica(attributes)) return "not-applicable";
    const days = num(attributes.backup_retention_period);
    if (days === UNKNOWN) return "not-applicable";
    return days !== undefined && days >= MIN_BACKUP_RETENTION_DAYS ? "compliant" : [{ detail: `backup_retention_period is ${days ?? "unset (1 day)"}` }];
  },
};
