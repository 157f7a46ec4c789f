import type { Rule } from "../../rule";
import { STATEFUL_TYPE_NAMES } from "../../stateful";
import { block, bool, UNKNOWN } from "../../values";

export const PreventDestroy: Rule = {
  id: "BH-DATA-9",
  name: "PreventDestroy",
  reason: "stateful resource is not protected by lifecycle.prevent_destroy",
  explanation:
    "A renamed construct id, a removed catalog entry or a refactor can turn into a destroy in the plan; for a " +
    "database, key, vault or bucket that loses data. prevent_destroy makes such a plan fail instead. Stateful " +
    "types are listed in guardrails/stateful.ts.",
  resourceTypes: STATEFUL_TYPE_NAMES,
  check(attributes) {
    const lifecycle = block(attributes.lifecycle);
    if (lifecycle === UNKNOWN) return "not-applicable";
    const prevent = bool(lifecycle?.prevent_destroy);
    if (prevent === UNKNOWN) return "not-applicable";
    return prevent === true ? "compliant" : "noncompliant";
  },
};
