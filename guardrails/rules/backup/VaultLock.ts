import type { Rule } from "../../rule";

export const VaultLock: Rule = {
  id: "BH-BAK-2",
  name: "VaultLock",
  reason: "backup vault has no vault lock (aws_backup_vault_lock_configuration) in this stack",
  explanation:
    "Without a lock, anyone with backup permissions (or ransomware holding them) can delete the recovery points " +
    "the migration relies on. A lock enforces minimum and maximum retention; compliance mode cannot be lifted.",
  resourceTypes: ["aws_backup_vault"],
  check(_attributes, { stack, address }) {
    return stack.referencing("aws_backup_vault_lock_configuration", "backup_vault_name", address, ["name"]).length > 0 ? "compliant" : "noncompliant";
  },
};
