import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { physicalName } from "../../config/physical-names";
import { grantDeployPermissions } from "./ci-permissions";
import { GITHUB_OIDC_ISSUER, githubOidcRole } from "./github-oidc";
import { oidcProviderArn, type OidcProviderSource } from "./oidc-role";

export { DEPLOY_PASSED_TO_SERVICES } from "./ci-permissions";
export type { OidcProviderSource } from "./oidc-role";

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
  /**
   * CI roles besides GitHub's deploy and plan roles that this role may not change either: Terraform Cloud's plan and
   * apply roles, where the environment has them.
   * @default - none
   */
  readonly otherCiRoleNames?: readonly string[];
  /**
   * Whether the stack also looks up another OIDC provider by URL (Terraform Cloud's, `backend.oidcProvider:
   * existing`): the lookup needs iam:ListOpenIDConnectProviders, as GitHub's does with `oidcProvider: existing`.
   * @default false
   */
  readonly otherOidcProviderLookups?: boolean;
}

/**
 * The CI deploy role, assumed through GitHub's OIDC provider (no long-lived keys), trusted for one subject of one
 * repository: its GitHub environment for this stage when given (behind the environment's reviewers), else one
 * branch. Its permissions are every deploy role's (grantDeployPermissions): PowerUserAccess, IAM writes limited to
 * this project's roles under the workload permissions boundary, and no changes to CI's own roles.
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
    this.oidcProviderArn = oidcProviderArn(this, "GithubOidc", GITHUB_OIDC_ISSUER, props.oidcProvider);
    this.role = githubOidcRole(this, "Role", {
      name: physicalName(props.namePrefix, "ciDeployRole"),
      description: `CI deploys from ${props.repository}@${props.branch}${props.githubEnvironment ? ` (environment ${props.githubEnvironment})` : ""} through GitHub OIDC`,
      maxSessionSeconds: GithubDeployRole.MAX_SESSION_SECONDS,
      oidcProviderArn: this.oidcProviderArn,
      subjects: subject,
    });
    grantDeployPermissions(this, this.role, {
      namePrefix: props.namePrefix,
      accountId: props.accountId,
      workloadBoundaryArn: props.workloadBoundaryArn,
      fixedRoleNames: props.fixedRoleNames,
      ciRoleNames: [physicalName(props.namePrefix, "ciDeployRole"), physicalName(props.namePrefix, "ciPlanRole"), ...(props.otherCiRoleNames ?? [])],
      listOidcProviders: props.oidcProvider === "existing" || props.otherOidcProviderLookups === true,
      trustedBy: trusted,
    });
  }
}
