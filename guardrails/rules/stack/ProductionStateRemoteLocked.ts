import { STACK_SCOPE, type Rule } from "../../rule";
import { bool, isSet } from "../../values";

export const ProductionStateRemoteLocked: Rule = {
  id: "BH-STK-3",
  name: "ProductionStateRemoteLocked",
  reason: "production stack state is not remote and locked",
  explanation:
    "Production state on a laptop is lost with the laptop, and two unlocked applies corrupt it. Production uses " +
    "the s3 backend with use_lockfile (or a DynamoDB lock table) and encryption, or Terraform Cloud.",
  resourceTypes: [STACK_SCOPE],
  check(attributes, { production }) {
    if (!production) return "not-applicable";
    const terraform = (attributes.terraform ?? {}) as { backend?: Record<string, Record<string, unknown>>; cloud?: unknown };
    if (terraform.cloud) return "compliant";
    const [kind, settings] = Object.entries(terraform.backend ?? {})[0] ?? ["local", {}];
    if (kind === "remote") return "compliant";
    if (kind !== "s3") return [{ detail: `backend is ${kind}` }];
    const locked = bool(settings.use_lockfile) === true || isSet(settings.dynamodb_table);
    const encrypted = bool(settings.encrypt) === true;
    if (locked && encrypted) return "compliant";
    return [{ detail: [!locked && "no use_lockfile", !encrypted && "encrypt is not true"].filter(Boolean).join(", ") }];
  },
};
