import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import type { BackendConfig } from "../../config/schema";
import { physicalName } from "../../config/physical-names";
import { grantPlanPermissions, type StateHeldSecret } from "./ci-permissions";
import { githubOidcRole } from "./github-oidc";

export type { StateHeldSecret } from "./ci-permissions";

export interface GithubPlanRoleProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** The stacks' region: where the state-held secrets live, and the state bucket's unless the backend names one. */
  readonly region: string;
  /** The environment whose stacks (`<environment>-<phase>`) this role plans. */
  readonly environment: string;
  /** `owner/name` of the repository whose pull requests are planned. */
  readonly repository: string;
  /**
   * ARN of the account's GitHub OIDC provider, the one `GithubDeployRole` creates: IAM allows one provider per URL
   * and account, so a second `aws_iam_openid_connect_provider` would fail to apply.
   */
  readonly oidcProviderArn: string;
  /**
   * Where the environment's state lives. Only an `s3` backend needs statements here; Terraform Cloud is read with the
   * plan job's Terraform Cloud token (`TF_PLAN_API_TOKEN_STAGING`, production's `TF_PLAN_API_TOKEN` in
   * production-plan), and local state is never planned in CI.
   */
  readonly backend: BackendConfig;
  /**
   * Secrets a plan must refresh (an `aws_secretsmanager_secret_version` reads its value back). Their values are in
   * the state this role reads anyway, so they are exempt from the deny; every other secret value stays denied.
   * @default - none: every secret value is denied
   */
  readonly stateHeldSecrets?: readonly StateHeldSecret[];
  /**
   * A GitHub environment (with required reviewers) the plan job must run in: the role then trusts only
   * `repo:<repository>:environment:<name>`, so no pull request reads this environment's state before a reviewer
   * approves its plan.
   * @default - none: the role trusts `repo:<repository>:pull_request`, every same-repository pull request
   */
  readonly approvalEnvironment?: string;
}

/**
 * The role pull-request plans assume (`PLAN_ROLE_ARN_<ENV>`), through GitHub OIDC. Pull-request code runs with these
 * credentials, so the role reads and never writes (grantPlanPermissions).
 */
export class GithubPlanRole extends Construct {
  /**
   * One hour, the plan job's `timeout-minutes` and configure-aws-credentials' default session: a plan that needs
   * longer has a problem credentials should not paper over, and leaked credentials expire soon.
   */
  static readonly MAX_SESSION_SECONDS = 3600;

  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubPlanRoleProps) {
    super(scope, id);
    // The subject a job presents when triggered by `pull_request` and declaring no `environment:` (docs/ci.md). It
    // names no branch: every same-repository PR may plan; fork PRs get no OIDC token at all.
    // With an approval environment, the subject of a job that declares it: only an approved run presents it.
    const subject = props.approvalEnvironment ? `repo:${props.repository}:environment:${props.approvalEnvironment}` : `repo:${props.repository}:pull_request`;

    this.role = githubOidcRole(this, "Role", {
      name: physicalName(props.namePrefix, "ciPlanRole"),
      description: `CI plans pull requests of ${props.repository} through GitHub OIDC: read-only, no secret values`,
      maxSessionSeconds: GithubPlanRole.MAX_SESSION_SECONDS,
      oidcProviderArn: props.oidcProviderArn,
      subjects: subject,
    });
    grantPlanPermissions(this, this.role, props);
  }
}
