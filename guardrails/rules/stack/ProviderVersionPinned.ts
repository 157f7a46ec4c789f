import { findings, STACK_SCOPE, type Rule } from "../../rule";

/** An exact version: `6.25.0` or `= 6.25.0`. */
const EXACT = /^=?\s*\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export const ProviderVersionPinned: Rule = {
  id: "BH-STK-2",
  name: "ProviderVersionPinned",
  reason: "a required provider is not pinned to an exact version",
  explanation:
    "The prebuilt bindings are generated from one provider version; a range lets `terraform init` pick another " +
    "whose schema differs from what was synthesized and tested, and two machines plan differently. Pin exactly " +
    "(required_providers.<name>.version = \"6.25.0\") and upgrade on purpose.",
  resourceTypes: [STACK_SCOPE],
  check(attributes) {
    const terraform = attributes.terraform as { required_providers?: Record<string, { version?: unknown } | string> } | undefined;
    const providers = Object.entries(terraform?.required_providers ?? {});
    return findings(
      ...providers.map(([name, spec]) => {
        const version = typeof spec === "string" ? spec : spec?.version;
        return !(typeof version === "string" && EXACT.test(version.trim())) && `${name} version is ${version === undefined ? "unset" : JSON.stringify(version)}`;
      }),
    );
  },
};
