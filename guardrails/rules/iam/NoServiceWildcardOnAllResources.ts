import { findings, type Rule } from "../../rule";
import { allowStatements, describeStatement, IDENTITY_POLICY_TYPES } from "../../policy";

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
      ...allowStatements(type, attributes, stack)
        .filter(({ statement: s }) => s.resources.includes("*"))
        .flatMap(({ where, statement: s }) =>
          s.actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a)).map((a) => `${where} ${describeStatement(s)} allows ${a} on "*"`),
        ),
    );
  },
};
