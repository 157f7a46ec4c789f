// Terraform Cloud's dynamic provider credentials for AWS: with `remote` or `agent` execution, terraform runs on
// Terraform Cloud's workers (or the organization's agents), which assume an AWS role through Terraform Cloud's OIDC
// issuer for each run phase. No AWS role, and no role ARN, is then needed in GitHub (docs/ci.md, "Terraform Cloud").
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { physicalName } from "../../config/physical-names";
import type { BackendConfig } from "../../config/schema";
import { grantDeployPermissions, grantPlanPermissions, type StateHeldSecret } from "./ci-permissions";
import { GithubDeployRole } from "./github-deploy-role";
import { GithubPlanRole } from "./github-plan-role";
import { type OidcIssuer, oidcProviderArn, oidcRole } from "./oidc-role";

export type CloudBackendConfig = Extract<BackendConfig, { type: "cloud" }>;

/** The audience Terraform Cloud's workload identity tokens for AWS carry (unless TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE says otherwise). */
export const TFC_AWS_AUDIENCE = "aws.workload.identity";

/** The two phases of a Terraform Cloud run, each with its own role (`TFC_AWS_PLAN_ROLE_ARN`, `TFC_AWS_APPLY_ROLE_ARN`). */
export type RunPhase = "plan" | "apply";

/** Whether an environment's backend has Terraform Cloud run terraform, and so needs its dynamic credentials' roles. */
export function usesDynamicCredentials(backend: BackendConfig): backend is CloudBackendConfig {
  return backend.type === "cloud" && backend.executionMode !== "local";
}

/** Terraform Cloud's issuer for this backend: the host itself (`app.terraform.io`, or a Terraform Enterprise host). */
export function terraformCloudIssuer(backend: CloudBackendConfig): OidcIssuer {
  return { host: backend.hostname, audience: TFC_AWS_AUDIENCE };
}

/**
 * The `sub` of every run phase this environment's roles trust. Terraform Cloud's format is
 * `organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>`; the workspaces are
 * `<workspacePrefix>-<environment>-<phase>` (addStateBackend), so one pattern covers every stack of the environment
 * and none of another environment's. A plan-phase token never matches the apply role.
 */
export function terraformCloudSubject(backend: CloudBackendConfig, environment: string, phase: RunPhase): string {
  return `organization:${backend.organization}:project:${backend.project}:workspace:${backend.workspacePrefix}-${environment}-*:run_phase:${phase}`;
}

export interface TerraformCloudRolesProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The environment whose workspaces (`<workspacePrefix>-<environment>-*`) may assume the roles. */
  readonly environment: string;
  readonly backend: CloudBackendConfig;
  /** Secrets a plan refreshes, as for GitHub's plan role (grantPlanPermissions). */
  readonly stateHeldSecrets?: readonly StateHeldSecret[];
  /** As for GitHub's deploy role (grantDeployPermissions). */
  readonly workloadBoundaryArn: string;
  /** @default - none */
  readonly fixedRoleNames?: readonly string[];
  /**
   * Every CI role name of the environment, these two included, and GitHub's CI role names (reserved: not created in
   * these modes): the apply role may change, or create, none of them.
   */
  readonly ciRoleNames: readonly string[];
  /** Whether the preparation stack looks up any OIDC provider by URL (either issuer's `existing`). */
  readonly listOidcProviders: boolean;
}

/**
 * The account's OIDC provider for Terraform Cloud (created, or looked up with `backend.oidcProvider: existing`) and
 * two roles trusting it: the plan role for the plan phase of this environment's workspaces, with the permissions of
 * GitHub's CI plan role, and the apply role for the apply phase, with those of GitHub's CI deploy role. The same
 * session limits apply. They replace GitHub's two CI roles, which these modes do not create. Like those they carry no
 * workload boundary, and only an administrator changes them.
 */
export class TerraformCloudRoles extends Construct {
  /** The roles' names: `<namePrefix>-tfc-plan` and `<namePrefix>-tfc-apply`. */
  static roleNames(namePrefix: string): string[] {
    return [physicalName(namePrefix, "tfcPlanRole"), physicalName(namePrefix, "tfcApplyRole")];
  }

  /** ARN of Terraform Cloud's OIDC provider in this account. */
  readonly oidcProviderArn: string;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: TerraformCloudRolesProps) {
    super(scope, id);
    const { backend, environment } = props;
    const issuer = terraformCloudIssuer(backend);
    this.oidcProviderArn = oidcProviderArn(this, "Provider", issuer, backend.oidcProvider);
    const workspaces = `the ${backend.workspacePrefix}-${environment}-* workspaces of ${backend.organization}/${backend.project} on ${backend.hostname}`;

    const plan = new Construct(this, "PlanRole");
    this.planRole = oidcRole(plan, "Role", {
      name: physicalName(props.namePrefix, "tfcPlanRole"),
      description: `Terraform Cloud plans of ${workspaces}: read-only, no secret values`,
      maxSessionSeconds: GithubPlanRole.MAX_SESSION_SECONDS,
      providerArn: this.oidcProviderArn,
      issuer,
      subjects: terraformCloudSubject(backend, environment, "plan"),
    });
    grantPlanPermissions(plan, this.planRole, props);

    const apply = new Construct(this, "ApplyRole");
    this.applyRole = oidcRole(apply, "Role", {
      name: physicalName(props.namePrefix, "tfcApplyRole"),
      description: `Terraform Cloud applies of ${workspaces}`,
      maxSessionSeconds: GithubDeployRole.MAX_SESSION_SECONDS,
      providerArn: this.oidcProviderArn,
      issuer,
      subjects: terraformCloudSubject(backend, environment, "apply"),
    });
    grantDeployPermissions(apply, this.applyRole, {
      namePrefix: props.namePrefix,
      accountId: props.accountId,
      workloadBoundaryArn: props.workloadBoundaryArn,
      fixedRoleNames: props.fixedRoleNames,
      ciRoleNames: props.ciRoleNames,
      listOidcProviders: props.listOidcProviders,
      trustedBy: `apply runs of ${workspaces}`,
    });
  }
}
