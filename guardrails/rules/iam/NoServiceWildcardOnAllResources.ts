import { findings, type Rule } from "../../rule";
import { describeStatement, identityPolicies, IDENTITY_POLICY_TYPES, statements } from "../../policy";
import { UNKNOWN } from "../../values";

export const NoServiceWildcardOnAllResources: Rule = {
  id: "BH-IAM-2",
  name: "NoServiceWildcardOnAllResources",
  reason: 'identity policy allows a whole service ("service:*") on every resource ("*")',
  explanation:
    '"s3:*" on "*" is full control of every bucket in the account, including other teams\' and the state bucket. ' +
    "Either name the actions or scope the resources to this project's ARNs; never both wildcards at once.",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(attributes, { stack, type }) {
    return findings(
      ...identityPolicies(type, attributes).flatMap(({ where, value }) => {
        const list = statements(value, stack);
        if (list === undefined || list === UNKNOWN) return [];
        return list
          .filter((s) => s.effect === "Allow" && s.resources.includes("*"))
          .flatMap((s) => s.actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a)).map((a) => `${where} ${describeStatement(s)} allows ${a} on "*"`));
      }),
    );
  },
};
