import { findings, type Rule } from "../../rule";
import { allowStatements, describeStatement, IDENTITY_POLICY_TYPES } from "../../policy";

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
      ...allowStatements(type, attributes, stack).map(({ where, statement: s }) =>
        s.actions.includes("*")
          ? `${where} ${describeStatement(s)} allows Action "*"`
          : s.notActions.length > 0 && `${where} ${describeStatement(s)} allows everything except NotAction ${s.notActions.join(", ")}`,
      ),
    );
  },
};
