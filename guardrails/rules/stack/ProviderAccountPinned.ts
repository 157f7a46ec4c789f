import { findings, STACK_SCOPE, type Rule } from "../../rule";
import { blocks, UNKNOWN } from "../../values";

export const ProviderAccountPinned: Rule = {
  id: "BH-STK-4",
  name: "ProviderAccountPinned",
  reason: "an AWS provider does not pin the account (allowed_account_ids)",
  explanation:
    "Without allowed_account_ids a plan or apply runs against whatever account the credentials belong to: a " +
    "production plan with staging credentials (or the reverse) would propose replacing everything. With it the " +
    "provider refuses other accounts before any call. Every aws provider block (aliases included) sets it from the " +
    "environment's accountId.",
  resourceTypes: [STACK_SCOPE],
  check(attributes) {
    const list = blocks((attributes.provider as Record<string, unknown> | undefined)?.aws);
    if (list === UNKNOWN) return "not-applicable";
    return findings(
      ...list.map((p, i) => {
        const name = `provider aws${p.alias ? ` (alias ${String(p.alias)})` : `[${i}]`}`;
        const ids = p.allowed_account_ids;
        if (typeof ids === "string") return undefined; // a reference or variable: known at plan time
        if (!Array.isArray(ids) || ids.length === 0) return `${name} has no allowed_account_ids`;
        const bad = ids.filter((id) => typeof id === "string" && !/^\d{12}$/.test(id) && !id.includes("${"));
        return bad.length > 0 && `${name} allows ${JSON.stringify(bad)}, which are not 12-digit account ids`;
      }),
    );
  },
};
