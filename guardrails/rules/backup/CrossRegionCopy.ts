import { findings, type Rule } from "../../rule";
import { blocks, isSet, UNKNOWN } from "../../values";

export const CrossRegionCopy: Rule = {
  id: "BH-BAK-3",
  name: "CrossRegionCopy",
  reason: "a backup plan rule does not copy its recovery points to another vault (copy_action)",
  explanation:
    "Recovery points in the same region as the data do not survive a regional outage or an account-level " +
    "incident in that region. Every rule copies to the DR region's vault (drRegion).",
  resourceTypes: ["aws_backup_plan"],
  check(attributes) {
    const rules = blocks(attributes.rule);
    if (rules === UNKNOWN) return "not-applicable";
    return findings(
      ...rules.map((r, i) => {
        const copies = blocks(r.copy_action);
        if (copies === UNKNOWN) return undefined;
        return !copies.some((c) => isSet(c.destination_vault_arn)) && `rule[${i}] (${String(r.rule_name ?? "?")}) has no copy_action`;
      }),
    );
  },
};
