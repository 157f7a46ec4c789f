import { NoAdminManagedPolicies } from "../../../guardrails/rules/iam/NoAdminManagedPolicies";
import { NoServiceWildcardOnAllResources } from "../../../guardrails/rules/iam/NoServiceWildcardOnAllResources";
import { NoWildcardActions } from "../../../guardrails/rules/iam/NoWildcardActions";
import { ProductionPlanApproval } from "../../../guardrails/rules/iam/ProductionPlanApproval";
import { PassRoleScoped } from "../../../guardrails/rules/iam/PassRoleScoped";
import { OidcTrustPinned } from "../../../guardrails/rules/iam/OidcTrustPinned";
import { describeRule } from "../rule-cases";

const policy = (...Statement: object[]) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement }) });

describeRule(NoWildcardActions, {
  compliant: [
    { name: "named actions on a scoped resource", type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "arn:aws:logs:*:1:log-group:x:*" }) },
    { name: 'a Deny of "*" (takes permissions away)', type: "aws_iam_role_policy", attributes: policy({ Effect: "Deny", Action: "*", Resource: "*" }) },
    { name: "a role with a scoped inline policy", type: "aws_iam_role", attributes: { inline_policy: [policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })] } },
  ],
  noncompliant: [
    { name: 'Action "*"', type: "aws_iam_policy", attributes: policy({ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }), detail: 'statement 0 (Everything) allows Action "*"' },
    { name: "Allow with NotAction", type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }), detail: "NotAction iam:*" },
    { name: 'a role inline policy with Action "*"', type: "aws_iam_role", attributes: { inline_policy: [policy({ Effect: "Allow", Action: ["*"], Resource: "arn:aws:s3:::b" })] }, detail: "inline_policy[0]" },
    { name: "a user policy with a single statement object", type: "aws_iam_user_policy", attributes: { policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } }) } },
    {
      name: 'an aws_iam_policy_document data source in the stack allowing "*"',
      type: "aws_iam_role_policy",
      attributes: { policy: "${data.aws_iam_policy_document.Admin.json}" },
      data: { aws_iam_policy_document: { Admin: { statement: [{ sid: "All", actions: ["*"], resources: ["*"] }] } } },
      detail: "statement 0 (All)",
    },
  ],
  unresolved: [
    { name: "a policy document from another stack", type: "aws_iam_role_policy", attributes: { policy: "${data.terraform_remote_state.x.outputs.policy}" } },
    {
      name: "a data source document merged from others",
      type: "aws_iam_role_policy",
      attributes: { policy: "${data.aws_iam_policy_document.Merged.json}" },
      data: { aws_iam_policy_document: { Merged: { source_policy_documents: ["${data.aws_iam_policy_document.Other.json}"] } } },
    },
  ],
});

describeRule(NoServiceWildcardOnAllResources, {
  compliant: [
    { name: "service wildcard on scoped resources", type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::braveheart-*" }) },
    { name: 'named actions on "*"', type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" }) },
    { name: "a Deny of s3:* on *", type: "aws_iam_role_policy", attributes: policy({ Effect: "Deny", Action: "s3:*", Resource: "*" }) },
  ],
  noncompliant: [
    { name: 's3:* on "*"', type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: ["s3:*", "logs:PutLogEvents"], Resource: "*" }), detail: 'allows s3:* on "*"' },
    { name: 'kms:* on a list containing "*"', type: "aws_iam_policy", attributes: policy({ Effect: "Allow", Action: "kms:*", Resource: ["arn:aws:kms:eu-west-2:1:key/a", "*"] }) },
  ],
});

describeRule(NoAdminManagedPolicies, {
  compliant: [
    { name: "a scoped managed policy", attributes: { policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" } },
    { name: "ReadOnlyAccess", attributes: { policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
    { name: "a customer policy named like an admin one", attributes: { policy_arn: "arn:aws:iam::123456789012:policy/AdministratorAccess" } },
  ],
  noncompliant: [
    { name: "AdministratorAccess", attributes: { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }, detail: "attaches AdministratorAccess" },
    { name: "IAMFullAccess on a user", type: "aws_iam_user_policy_attachment", attributes: { policy_arn: "arn:aws:iam::aws:policy/IAMFullAccess" } },
    { name: "PowerUserAccess in GovCloud", type: "aws_iam_group_policy_attachment", attributes: { policy_arn: "arn:aws-us-gov:iam::aws:policy/PowerUserAccess" } },
    { name: "AdministratorAccess in a role's managed_policy_arns", type: "aws_iam_role", attributes: { managed_policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
    { name: "AdministratorAccess in an exclusive attachment set", type: "aws_iam_role_policy_attachments_exclusive", attributes: { policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
  ],
  unresolved: [{ name: "a policy ARN from another stack", attributes: { policy_arn: "${data.terraform_remote_state.x.outputs.arn}" } }],
});

const oidcTrust = (condition: object) => ({
  assume_role_policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: "${aws_iam_openid_connect_provider.GitHub.arn}" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }],
  }),
});
const aud = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
const tfcAud = { "app.terraform.io:aud": "aws.workload.identity", "tfe.braveheart-tech.com:aud": "aws.workload.identity" };

describeRule(OidcTrustPinned, {
  compliant: [
    { name: "sub pinned to one repository and branch", attributes: oidcTrust({ StringEquals: { ...aud, "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/platform-infra:ref:refs/heads/main" } }) },
    { name: "sub pinned to one repository's pull requests (the CI plan role)", attributes: oidcTrust({ StringEquals: { ...aud, "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/platform-infra:pull_request" } }) },
    { name: "sub pinned to one repository's GitHub environment", attributes: oidcTrust({ StringEquals: { ...aud, "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/platform-infra:environment:production" } }) },
    { name: "any branch of one repository (wildcard after the repository)", attributes: oidcTrust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/platform-infra:*" } }) },
    { name: "a service trust (no web identity)", attributes: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } },
    {
      name: "Terraform Cloud: one organization's project, one environment's workspaces, one run phase (TerraformCloudRoles)",
      attributes: oidcTrust({ StringEquals: tfcAud, StringLike: { "app.terraform.io:sub": "organization:braveheart:project:Default Project:workspace:platform-staging-*:run_phase:plan" } }),
    },
    {
      name: "Terraform Cloud: the subject format before projects",
      attributes: oidcTrust({ StringEquals: { ...tfcAud, "tfe.braveheart-tech.com:sub": "organization:braveheart:workspace:platform-staging-phase1:run_phase:apply" } }),
    },
  ],
  noncompliant: [
    { name: "no sub condition", attributes: oidcTrust({ StringEquals: aud }), detail: "has no :sub condition" },
    {
      name: "Terraform Cloud: any organization on the host",
      attributes: oidcTrust({ StringEquals: tfcAud, StringLike: { "app.terraform.io:sub": "organization:*:project:Default Project:workspace:platform-staging-*:run_phase:apply" } }),
      detail: "wildcard in the Terraform Cloud organization",
    },
    {
      name: "Terraform Cloud: every workspace of the organization",
      attributes: oidcTrust({ StringEquals: tfcAud, StringLike: { "app.terraform.io:sub": "organization:braveheart:project:*:workspace:*:run_phase:apply" } }),
      detail: "does not name the Terraform Cloud workspace",
    },
    {
      name: "Terraform Cloud: no workspace at all",
      attributes: oidcTrust({ StringEquals: tfcAud, StringLike: { "app.terraform.io:sub": "organization:braveheart:*" } }),
      detail: "does not name the Terraform Cloud workspace",
    },
    { name: "Terraform Cloud: no aud condition", attributes: oidcTrust({ StringLike: { "app.terraform.io:sub": "organization:braveheart:project:Default Project:workspace:platform-staging-*:run_phase:plan" } }), detail: "no :aud condition" },
    { name: "wildcard owner", attributes: oidcTrust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*/platform-infra:*" } }), detail: "wildcard in the repository" },
    {
      name: "a GitHub environment of any repository",
      attributes: oidcTrust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*:environment:production" } }),
      detail: "wildcard in the repository",
    },
    {
      name: "pull requests of any repository",
      attributes: oidcTrust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*:pull_request" } }),
      detail: "wildcard in the repository",
    },
    { name: "wildcard repository of the right owner", attributes: oidcTrust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/*" } }) },
    { name: "any subject", attributes: oidcTrust({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": "*" } }), detail: "matches any subject" },
    { name: "no aud condition", attributes: oidcTrust({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:a/b:ref:refs/heads/main" } }), detail: "no :aud condition" },
    {
      name: "a trust document data source with a wildcard owner",
      attributes: { assume_role_policy: "${data.aws_iam_policy_document.Trust.json}" },
      data: {
        aws_iam_policy_document: {
          Trust: {
            statement: [
              {
                actions: ["sts:AssumeRoleWithWebIdentity"],
                principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.GitHub.arn}"] }],
                condition: [
                  { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
                  { test: "StringLike", variable: "token.actions.githubusercontent.com:sub", values: ["repo:*:*"] },
                ],
              },
            ],
          },
        },
      },
      detail: "wildcard in the repository",
    },
  ],
});

const toEcs = { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } };
const ownTaskRoles = "arn:aws:iam::111111111111:role/braveheart-staging-*-task";

describeRule(PassRoleScoped, {
  compliant: [
    { name: "this environment's task roles, to ECS tasks only", type: "aws_iam_policy", attributes: policy({ Effect: "Allow", Action: "iam:PassRole", Resource: ownTaskRoles, Condition: toEcs }) },
    { name: "a NotAction ceiling that excludes iam:*", type: "aws_iam_policy", attributes: policy({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }) },
    { name: "a Deny of PassRole on *", type: "aws_iam_role_policy", attributes: policy({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" }) },
  ],
  noncompliant: [
    { name: "PassRole on * (the boundary before issue 22)", type: "aws_iam_policy", attributes: policy({ Sid: "PassAndReadIam", Effect: "Allow", Action: ["iam:PassRole", "iam:Get*"], Resource: "*" }), detail: 'allows iam:PassRole on "*"' },
    { name: "every role of the account, even with a service condition", type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/*", Condition: toEcs }), detail: "role/*" },
    { name: "scoped roles but no iam:PassedToService", type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: "iam:PassRole", Resource: ownTaskRoles }), detail: "without an iam:PassedToService condition" },
    { name: "iam:Pass* through a wildcard", type: "aws_iam_role_policy", attributes: policy({ Effect: "Allow", Action: "iam:Pass*", Resource: "*" }), detail: "on \"*\"" },
    { name: "a NotAction that leaves PassRole in", type: "aws_iam_policy", attributes: policy({ Effect: "Allow", NotAction: ["organizations:*"], Resource: "*" }), detail: "iam:PassRole" },
  ],
});

const githubTrust = (sub: string | string[]) => ({
  assume_role_policy: JSON.stringify({
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": sub } },
      },
    ],
  }),
});

describeRule(ProductionPlanApproval, {
  compliant: [
    { name: "production plan role behind an approval environment", type: "aws_iam_role", production: true, attributes: githubTrust("repo:braveheart-tech/platform-infra:environment:production-plan") },
    { name: "a service role", type: "aws_iam_role", production: true, attributes: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } },
  ],
  noncompliant: [
    { name: "production plan role trusting every pull request (before issue 22)", type: "aws_iam_role", production: true, attributes: githubTrust("repo:braveheart-tech/platform-infra:pull_request"), detail: "trusts repo:braveheart-tech/platform-infra:pull_request" },
    { name: "pull_request among other subjects", type: "aws_iam_role", production: true, attributes: githubTrust(["repo:o/r:environment:production-plan", "repo:o/r:pull_request"]) },
  ],
  notApplicable: [{ name: "staging plans every pull request at once", type: "aws_iam_role", production: false, attributes: githubTrust("repo:o/r:pull_request") }],
});
