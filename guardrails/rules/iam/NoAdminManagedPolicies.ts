import { findings, type Rule } from "../../rule";
import { str, strings, UNKNOWN } from "../../values";

/** AWS managed policies that grant (or can grant themselves) near-administrator access. */
export const ADMIN_MANAGED_POLICIES = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"] as const;

const adminName = (arn: string): string | undefined =>
  ADMIN_MANAGED_POLICIES.find((name) => new RegExp(`^arn:aws[a-z-]*:iam::aws:policy/${name}$`).test(arn));

export const NoAdminManagedPolicies: Rule = {
  id: "BH-IAM-3",
  name: "NoAdminManagedPolicies",
  reason: `an administrator-level AWS managed policy (${ADMIN_MANAGED_POLICIES.join(", ")}) is attached`,
  explanation:
    "AdministratorAccess and IAMFullAccess can do (or grant themselves) anything; PowerUserAccess is everything " +
    "except IAM. No workload needs them; a deploy role that really does must say why in a suppression.",
  resourceTypes: [
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_role_policy_attachments_exclusive",
    "aws_iam_role",
  ],
  check(attributes, { type }) {
    const arns =
      type === "aws_iam_role" ? strings(attributes.managed_policy_arns)
      : type === "aws_iam_role_policy_attachments_exclusive" ? strings(attributes.policy_arns)
      : [str(attributes.policy_arn)].filter((a): a is string => typeof a === "string");
    if (arns === UNKNOWN) return "not-applicable";
    return findings(...arns.map((arn) => adminName(arn) && `attaches ${adminName(arn)}`));
  },
};
