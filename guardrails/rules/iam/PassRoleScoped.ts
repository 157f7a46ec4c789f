import { globMatches } from "../../../models/cutover/matching";
import { findings, type Rule } from "../../rule";
import { allowStatements, describeStatement, IDENTITY_POLICY_TYPES, type Statement } from "../../policy";

const PASS_ROLE = "iam:PassRole";

/** The statement allows iam:PassRole: named (also through a wildcard such as iam:Pass* or *), or not excluded by a NotAction. */
function allowsPassRole(s: Statement): boolean {
  if (s.actions.length > 0) return s.actions.some((a) => globMatches(a, PASS_ROLE, true));
  return s.notActions.length > 0 && !s.notActions.some((a) => globMatches(a, PASS_ROLE, true));
}

/** A resource pattern that matches any role: `*`, `arn:aws:iam::<account>:*`, `...:role/*`. */
const UNSCOPED = [/^\*$/, /^arn:[^:]*:iam::[^:]*:\*$/, /^arn:[^:]*:iam::[^:]*:role\/[*?]*$/];

export const PassRoleScoped: Rule = {
  id: "BH-IAM-5",
  name: "PassRoleScoped",
  reason: "iam:PassRole is allowed on any role, or without an iam:PassedToService condition",
  explanation:
    "Passing a role hands its permissions to a service. PassRole on \"*\" lets a role (a task role widened in a pull " +
    "request) run anything with the account's most powerful role. Name this environment's roles in Resource and say " +
    "which service may receive them with an iam:PassedToService condition (the workload boundary's passableRoles).",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(attributes, { stack, type }) {
    return findings(
      ...allowStatements(type, attributes, stack)
        .filter(({ statement }) => allowsPassRole(statement))
        .flatMap(({ where, statement: s }) => {
          const what = `${where} ${describeStatement(s)}`;
          const unscoped = s.resources.length === 0 ? ["NotResource"] : s.resources.filter((r) => UNSCOPED.some((u) => u.test(r)));
          const conditionKeys = Object.values(s.condition).flatMap((block) => Object.keys(block ?? {}).map((k) => k.toLowerCase()));
          return [
            unscoped.length > 0 && `${what} allows iam:PassRole on ${unscoped.map((r) => JSON.stringify(r)).join(", ")}`,
            !conditionKeys.includes("iam:passedtoservice") && `${what} allows iam:PassRole without an iam:PassedToService condition`,
          ];
        }),
    );
  },
};
