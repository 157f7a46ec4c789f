import { findings, type Rule } from "../../rule";
import { describeStatement, identityPolicies, IDENTITY_POLICY_TYPES, statements } from "../../policy";
import { UNKNOWN } from "../../values";

export const NoWildcardActions: Rule = {
  id: "BH-IAM-1",
  name: "NoWildcardActions",
  reason: 'identity policy allows every action ("*" or an Allow with NotAction)',
  explanation:
    'An Allow of "*" (or NotAction, which allows everything not listed) is administrator access under another name. ' +
    "List the actions the principal needs. Deny statements may use wildcards: they only take permissions away.",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(attributes, { stack, type }) {
    return findings(
      ...identityPolicies(type, attributes).flatMap(({ where, value }) => {
        const list = statements(value, stack);
        if (list === undefined || list === UNKNOWN) return [];
        return list
          .filter((s) => s.effect === "Allow")
          .map((s) =>
            s.actions.includes("*")
              ? `${where} ${describeStatement(s)} allows Action "*"`
              : s.notActions.length > 0 && `${where} ${describeStatement(s)} allows everything except NotAction ${s.notActions.join(", ")}`,
          );
      }),
    );
  },
};
