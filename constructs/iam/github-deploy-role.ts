import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { suppress } from "../../guardrails/suppressions";
import { AWS_MANAGED_POLICY, policyDocument } from "./policy-document";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface GithubDeployRoleProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** `owner/name` of the repository whose workflows may deploy. */
  readonly repository: string;
  /** The only branch whose workflows may assume the role. */
  readonly branch: string;
  /**
   * GitHub environment whose jobs may assume the role too. A job that declares `environment:` gets the OIDC subject
   * `repo:<repository>:environment:<name>` instead of the branch ref, so without this the workflow's deploy jobs
   * (gated by the environment's required reviewers) could not assume the role. Restrict the GitHub environment's
   * deployment branches to `branch`, or this widens the trust beyond it.
   * @default - no environment: only jobs on `branch` that declare no environment
   */
  readonly githubEnvironment?: string;
}

/**
 * The CI deploy role, assumed through GitHub's OIDC provider (no long-lived keys), trusted only for workflows of
 * one repository on one branch (and, optionally, that repository's GitHub environment for this stage). Terraform has to create most resource types, so it gets PowerUserAccess; IAM is
 * the exception that would make it admin, so IAM writes are limited to this project's own names.
 */
export class GithubDeployRole extends Construct {
  readonly oidcProvider: IamOpenidConnectProvider;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const subjects = [`repo:${props.repository}:ref:refs/heads/${props.branch}`];
    if (props.githubEnvironment !== undefined) subjects.push(`repo:${props.repository}:environment:${props.githubEnvironment}`);
    this.oidcProvider = new IamOpenidConnectProvider(this, "GithubOidc", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ["sts.amazonaws.com"],
    });
    this.role = new IamRole(this, "Role", {
      name: `${props.namePrefix}-ci-deploy`,
      description: `CI deploys from ${props.repository}@${props.branch}${props.githubEnvironment ? ` (environment ${props.githubEnvironment})` : ""} through GitHub OIDC`,
      maxSessionDuration: 3600,
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { Federated: this.oidcProvider.arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
            [`${GITHUB_OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
          },
        },
      }),
    });
    const powerUser = new IamRolePolicyAttachment(this, "PowerUser", { role: this.role.name, policyArn: AWS_MANAGED_POLICY("PowerUserAccess") });
    suppress(powerUser, {
      id: "BH-IAM-3",
      reason:
        "Terraform in CI creates and deletes most resource types of every phase; PowerUserAccess excludes IAM, and " +
        "the role's IAM writes are limited to this project's names (ProjectIam). Only main-branch workflows of one " +
        "repository can assume it (BH-IAM-4).",
    });
    const own = (kind: string) => `arn:aws:iam::${props.accountId}:${kind}/${props.namePrefix}-*`;
    new IamRolePolicy(this, "ProjectIam", {
      role: this.role.id,
      name: "manage-project-iam",
      policy: policyDocument(
        {
          Sid: "ManageProjectRolesAndPolicies",
          Effect: "Allow",
          Action: [
            "iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
            "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PassRole",
            "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
            "iam:TagInstanceProfile", "iam:CreatePolicy", "iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion",
          ],
          Resource: [own("role"), own("instance-profile"), own("policy")],
        },
        {
          Sid: "ReadIam",
          Effect: "Allow",
          Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:GetInstanceProfile", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:GetOpenIDConnectProvider", "iam:ListInstanceProfilesForRole"],
          Resource: `arn:aws:iam::${props.accountId}:*`,
        },
      ),
    });
  }
}
