import { findings, type Rule } from "../../rule";
import { statements } from "../../policy";
import { UNKNOWN } from "../../values";

/** The subject a GitHub Actions job presents when triggered by pull_request without an environment. */
const PULL_REQUEST_SUBJECT = /^repo:[^:]+:pull_request$/;

export const ProductionPlanApproval: Rule = {
  id: "BH-IAM-6",
  name: "ProductionPlanApproval",
  reason: "a production role trusts every pull request (the GitHub OIDC subject repo:<repo>:pull_request)",
  explanation:
    "Whoever assumes a production plan role reads production state, and state holds values Terraform cannot keep out " +
    "of it (the origin-verify secret is a CloudFront header and listener-rule value; neither has a write-only " +
    "argument). Trusting every same-repository pull request hands that to any branch's code. In production the plan " +
    "role trusts only an approval environment's subject (ci.planApprovalEnvironment), whose reviewers release the plan.",
  resourceTypes: ["aws_iam_role"],
  check(attributes, { production, stack }) {
    if (!production) return "not-applicable";
    const trust = statements(attributes.assume_role_policy, stack);
    if (trust === undefined || trust === UNKNOWN) return "not-applicable";
    return findings(
      ...trust
        .filter((s) => s.effect === "Allow")
        .flatMap((s) =>
          Object.values(s.condition).flatMap((block) =>
            Object.entries(block ?? {})
              .filter(([key]) => key.toLowerCase().endsWith(":sub"))
              .flatMap(([, values]) => [values].flat().map(String))
              .filter((subject) => PULL_REQUEST_SUBJECT.test(subject) || subject.endsWith(":pull_request") || subject === "*")
              .map((subject) => `trusts ${subject}`),
          ),
        ),
    );
  },
};
