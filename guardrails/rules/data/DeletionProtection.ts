import type { Rule } from "../../rule";
import { STATEFUL_TYPES, statefulType } from "../../stateful";
import { UNKNOWN } from "../../values";

export const DeletionProtection: Rule = {
  id: "BH-DATA-5",
  name: "DeletionProtection",
  reason: "stateful resource has its deletion protection off",
  explanation:
    "prevent_destroy only guards this Terraform configuration; deletion protection (deletion_protection, " +
    "force_destroy off, a secret recovery window) also stops the console, the CLI and another tool. Stateful types " +
    "and their arguments are listed in guardrails/stateful.ts.",
  resourceTypes: STATEFUL_TYPES.filter((t) => t.deletionGuard).map((t) => t.type),
  check(attributes, { type }) {
    const guard = statefulType(type)?.deletionGuard;
    if (!guard) return "not-applicable";
    const safe = guard.isSafe(attributes[guard.attribute]);
    if (safe === UNKNOWN) return "not-applicable";
    return safe ? "compliant" : [{ detail: `${guard.attribute} must be ${guard.expected}, got ${JSON.stringify(attributes[guard.attribute] ?? null)}` }];
  },
};
