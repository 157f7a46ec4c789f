import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { suppress } from "../../guardrails/suppressions";
import { GITHUB_OIDC_HOST, githubOidcRole } from "./github-oidc";
import { AWS_MANAGED_POLICY, policyDocument } from "./policy-document";
import { physicalName } from "../../config/physical-names";

/**
 * The services CI's Terraform passes project roles to: every service principal a project role trusts
 * (__tests__/models/iam/pass-role.test.ts proves each role can be passed to each service it trusts, and no other).
 * DMS's regional principal (`dms.<region>.amazonaws.com`) is matched by the pattern.
 */
export const DEPLOY_PASSED_TO_SERVICES = [
  "ecs-tasks.amazonaws.com",
  "ec2.amazonaws.com",
  "dms.amazonaws.com",
  "dms.*.amazonaws.com",
  "backup.amazonaws.com",
  "monitoring.rds.amazonaws.com",
  "vpc-flow-logs.amazonaws.com",
] as const;

export interface GithubDeployRoleProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** `owner/name` of the repository whose workflows may deploy. */
  readonly repository: string;
  /** The branch CI deploys from: trusted only when there is no `githubEnvironment`. */
  readonly branch: string;
  /**
   * GitHub environment whose jobs, and only those, may assume the role. A job that declares `environment:` gets the
   * OIDC subject `repo:<repository>:environment:<name>` instead of the branch ref. Trusting the branch ref as well
   * would let any job on `branch` without the environment (a new workflow, one more step in a verify job) deploy
   * without the environment's required reviewers. Restrict the GitHub environment's deployment branches to `branch`:
   * the subject no longer names the branch, so that setting is what keeps other branches out.
   * @default - no environment: any job on `branch` that declares no environment
   */
  readonly githubEnvironment?: string;
  /**
   * Whether this role's stack creates GitHub's OIDC provider or looks up the one the account already has. IAM allows
   * one provider per URL per account: use `existing` when another repository's CI, or the other environment in a
   * shared account, created it.
   * @default "create"
   */
  readonly oidcProvider?: OidcProviderSource;
  /**
   * The permissions boundary (WorkloadPermissionsBoundary) a role must carry before CI may create it or write its
   * policies: whatever policy CI writes, the role stays below the boundary.
   */
  readonly workloadBoundaryArn: string;
  /**
   * Roles outside the project's naming scheme that CI manages too: names AWS fixes (DMS's `dms-vpc-role`).
   * @default - none
   */
  readonly fixedRoleNames?: readonly string[];
}

/** Where the account's GitHub OIDC provider comes from (config `ci.oidcProvider`). */
export type OidcProviderSource = "create" | "existing";

/**
 * The CI deploy role, assumed through GitHub's OIDC provider (no long-lived keys), trusted for one subject of one
 * repository: its GitHub environment for this stage when given (behind the environment's reviewers), else one
 * branch. Terraform has to create most resource types, so it gets PowerUserAccess; IAM is the exception that would
 * make it admin, so IAM writes are limited to this project's own roles, and what those roles may do is written only
 * under the workload permissions boundary: no role CI writes can do more than CI. CI's own roles and the boundary
 * change only through an administrator.
 */
export class GithubDeployRole extends Construct {
  /**
   * Longest session a job may ask for. A first apply of every phase (RDS Multi-AZ, DMS, CloudFront) can outlast
   * the 1-hour default, and credentials that expire mid-apply leave resources created but not in state.
   */
  static readonly MAX_SESSION_SECONDS = 4 * 3600;

  /** ARN of GitHub's OIDC provider in this account, created here or looked up (`oidcProvider`). */
  readonly oidcProviderArn: string;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const [subject, trusted] =
      props.githubEnvironment === undefined
        ? [`repo:${props.repository}:ref:refs/heads/${props.branch}`, `jobs on the ${props.branch} branch of ${props.repository}`]
        : [
            `repo:${props.repository}:environment:${props.githubEnvironment}`,
            `jobs in the GitHub environment ${props.githubEnvironment} of ${props.repository} (its reviewers and deployment branches apply)`,
          ];
    const url = `https://${GITHUB_OIDC_HOST}`;
    const existingProvider = props.oidcProvider === "existing";
    this.oidcProviderArn = (
      existingProvider
        ? new DataAwsIamOpenidConnectProvider(this, "GithubOidc", { url })
        : new IamOpenidConnectProvider(this, "GithubOidc", { url, clientIdList: ["sts.amazonaws.com"] })
    ).arn;
    this.role = githubOidcRole(this, "Role", {
      name: physicalName(props.namePrefix, "ciDeployRole"),
      description: `CI deploys from ${props.repository}@${props.branch}${props.githubEnvironment ? ` (environment ${props.githubEnvironment})` : ""} through GitHub OIDC`,
      maxSessionSeconds: GithubDeployRole.MAX_SESSION_SECONDS,
      oidcProviderArn: this.oidcProviderArn,
      subjects: subject,
    });
    const powerUser = new IamRolePolicyAttachment(this, "PowerUser", { role: this.role.name, policyArn: AWS_MANAGED_POLICY("PowerUserAccess") });
    suppress(powerUser, {
      id: "BH-IAM-3",
      reason:
        "Terraform in CI creates and deletes most resource types of every phase; PowerUserAccess excludes IAM, and " +
        "the role's IAM writes are limited to this project's roles, whose policies it may write only under the workload " +
        `permissions boundary (ProjectIam). Only ${trusted} can assume it (BH-IAM-4).`,
    });
    const iamArn = (path: string) => `arn:aws:iam::${props.accountId}:${path}`;
    const roles = [iamArn(`role/${props.namePrefix}-*`), ...(props.fixedRoleNames ?? []).map((name) => iamArn(`role/${name}`))];
    const ciRoles = [iamArn(`role/${physicalName(props.namePrefix, "ciDeployRole")}`), iamArn(`role/${physicalName(props.namePrefix, "ciPlanRole")}`)];
    const writeRolePolicies = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary"];
    const manageRoles = ["iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole"];
    new IamRolePolicy(this, "ProjectIam", {
      role: this.role.id,
      name: "manage-project-iam",
      policy: policyDocument(
        {
          Sid: "ManageProjectRoles",
          Effect: "Allow",
          Action: manageRoles,
          Resource: roles,
        },
        {
          // Terraform passes the project's roles to the services the phases configure (task definitions, the launch
          // template's instance profile, DMS endpoints, backup selections, RDS monitoring, flow logs), to no other.
          Sid: "PassProjectRolesToTheirServices",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: roles,
          Condition: { StringLike: { "iam:PassedToService": [...DEPLOY_PASSED_TO_SERVICES] } },
        },
        {
          // What a role may do is written only onto roles that carry the boundary, so it can never exceed it.
          Sid: "WriteRolePoliciesWithinBoundary",
          Effect: "Allow",
          Action: writeRolePolicies,
          Resource: roles,
          Condition: { StringEquals: { "iam:PermissionsBoundary": props.workloadBoundaryArn } },
        },
        {
          Sid: "ManageProjectInstanceProfiles",
          Effect: "Allow",
          Action: [
            "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
            "iam:TagInstanceProfile", "iam:UntagInstanceProfile",
          ],
          Resource: iamArn(`instance-profile/${props.namePrefix}-*`),
        },
        {
          Sid: "ReadIam",
          Effect: "Allow",
          Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:GetInstanceProfile", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:GetOpenIDConnectProvider", "iam:ListInstanceProfilesForRole"],
          Resource: iamArn("*"),
        },
        {
          Sid: "KeepTheBoundary",
          Effect: "Deny",
          Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
          Resource: props.workloadBoundaryArn,
        },
        { Sid: "NoRoleLeavesTheBoundary", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
        {
          // CI's own roles (who may assume them, what they may do) change only through an administrator.
          Sid: "NoChangesToCiRoles",
          Effect: "Deny",
          Action: [...writeRolePolicies, ...manageRoles],
          Resource: ciRoles,
        },
        // The data source finds an existing provider by URL, listing them; the action has no resource-level scope.
        ...(existingProvider ? [{ Sid: "FindGithubOidcProvider", Effect: "Allow" as const, Action: "iam:ListOpenIDConnectProviders", Resource: "*" }] : []),
      ),
    });
  }
}
