import { findings, STACK_SCOPE, type Rule } from "../../rule";
import { block, blocks, UNKNOWN } from "../../values";

export const ProviderDefaultTags: Rule = {
  id: "BH-STK-1",
  name: "ProviderDefaultTags",
  reason: "an AWS provider has no default_tags",
  explanation:
    "default_tags put project, environment, phase and owner on every resource the provider creates, which is " +
    "how costs are split and how the backup selection and incident responders find the platform's resources. " +
    "Every aws provider block (aliases included) carries them.",
  resourceTypes: [STACK_SCOPE],
  check(attributes) {
    const providers = (attributes.provider as Record<string, unknown> | undefined)?.aws;
    const list = blocks(providers);
    if (list === UNKNOWN) return "not-applicable";
    return findings(
      ...list.map((p, i) => {
        const defaults = block(p.default_tags);
        if (defaults === UNKNOWN) return undefined;
        const tags = defaults?.tags;
        const empty = !tags || (typeof tags === "object" && Object.keys(tags).length === 0);
        return empty && `provider aws${p.alias ? ` (alias ${String(p.alias)})` : `[${i}]`} has no default_tags`;
      }),
    );
  },
};
