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
}

/** The id of GitHub's OIDC provider (or its lookup) under the deploy role's construct: part of its Terraform address. */
const GITHUB_OIDC_ID = "GithubOidc";

/**
 * The CI deploy role, assumed through GitHub's OIDC provider (no long-lived keys), trusted for one subject of one
 * repository: its GitHub environment for this stage when given (behind the environment's reviewers), else one
 * branch. Its permissions are every deploy role's (grantDeployPermissions): PowerUserAccess, IAM writes limited to
 * this project's roles under the workload permissions boundary, and no changes to CI's own roles. Only where
 * terraform runs on the CI runner: with Terraform Cloud's remote or agent execution its apply role stands in.
 */
export class GithubDeployRole extends Construct {
  /**
   * Longest session a job may ask for. A first apply of every phase (RDS Multi-AZ, DMS, CloudFront) can outlast
   * the 1-hour default, and credentials that expire mid-apply leave resources created but not in state.
   */
  static readonly MAX_SESSION_SECONDS = 4 * 3600;

  /**
   * GitHub's OIDC provider without the role, for what else federates through it (the application teams' publish
   * roles) where the deploy role is not created. Created at the construct path the deploy role gives it
   * (`<id>/GithubOidc`), so changing `backend.executionMode` keeps its Terraform address: it is neither destroyed
   * and recreated (which can fail with EntityAlreadyExists) nor needs a moved block. Returns its ARN.
   */
  static providerWithoutRole(scope: Construct, id: string, oidcProvider?: OidcProviderSource): string {
    return oidcProviderArn(new Construct(scope, id), GITHUB_OIDC_ID, GITHUB_OIDC_ISSUER, oidcProvider);
  }

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
    this.oidcProviderArn = oidcProviderArn(this, GITHUB_OIDC_ID, GITHUB_OIDC_ISSUER, props.oidcProvider);
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
      // Terraform Cloud's roles never exist next to this one (they stand in for it), so GitHub's two are CI's roles.
      ciRoleNames: [physicalName(props.namePrefix, "ciDeployRole"), physicalName(props.namePrefix, "ciPlanRole")],
      listOidcProviders: props.oidcProvider === "existing",
      trustedBy: trusted,
    });
  }
}
