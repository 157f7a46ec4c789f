// What CI's roles may do, whoever assumes them: the permissions of the plan role and of the deploy (apply) role,
// granted the same way to GitHub Actions' roles (github-plan-role.ts, github-deploy-role.ts) and to Terraform Cloud's
// (terraform-cloud-roles.ts). One definition, so a role Terraform Cloud assumes can never do more, or less, than the
// GitHub role it stands in for. Each function creates its resources directly in `scope`, under the ids the GitHub
// roles always had, so extracting them moved no resource address.
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { Construct } from "constructs";
import type { BackendConfig } from "../../config/schema";
import { suppress } from "../../guardrails/suppressions";
import { AWS_MANAGED_POLICY, PARAMETER_VALUE_ACTIONS, policyDocument, SECRET_VALUE_ACTIONS, type PolicyStatement } from "./policy-document";

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

/** A Secrets Manager secret whose value Terraform keeps in this environment's state, so refreshing it reveals nothing new. */
export interface StateHeldSecret {
  /** The secret's name (its ARN adds `-` and six random characters). */
  readonly name: string;
  /** The key the secret is encrypted with: reading the value decrypts through Secrets Manager. */
  readonly kmsKeyArn: string;
}

export interface PlanPermissionsProps {
  readonly accountId: string;
  /** The stacks' region: where the state-held secrets live, and the state bucket's unless the backend names one. */
  readonly region: string;
  /** The environment whose stacks (`<environment>-<phase>`) the role plans. */
  readonly environment: string;
  /**
   * Where the environment's state lives. Only an `s3` backend needs statements here; Terraform Cloud serves its state
   * to whoever holds a token for the workspace, and local state is never planned in CI.
   */
  readonly backend: BackendConfig;
  /**
   * Secrets a plan must refresh (an `aws_secretsmanager_secret_version` reads its value back). Their values are in
   * the state the role reads anyway, so they are exempt from the deny; every other secret value stays denied.
   * @default - none: every secret value is denied
   */
  readonly stateHeldSecrets?: readonly StateHeldSecret[];
}

/**
 * A plan role's permissions: plans run pull-request code, so the role reads and never writes. The AWS managed
 * ReadOnlyAccess for the refresh, read-only access to this environment's state, and explicit denies for secret values
 * the plan has no business seeing. Created in `scope` as ReadOnly, ReadState (s3 backend), RefreshStateHeldSecrets
 * (with state-held secrets) and DenySecrets.
 */
export function grantPlanPermissions(scope: Construct, role: IamRole, props: PlanPermissionsProps): void {
  const stateHeldSecrets = props.stateHeldSecrets ?? [];
  // Refreshing every resource type of five phases needs Describe/Get/List across services; a hand-written list
  // would break the plan whenever a phase adds a resource type.
  new IamRolePolicyAttachment(scope, "ReadOnly", { role: role.name, policyArn: AWS_MANAGED_POLICY("ReadOnlyAccess") });

  // Services that may decrypt on this role's behalf; kms:Decrypt through anything else is denied below.
  const decryptVia: string[] = [];
  if (props.backend.type === "s3") {
    const state = stateStatements(props, props.backend);
    new IamRolePolicy(scope, "ReadState", { role: role.id, name: "read-terraform-state", policy: policyDocument(...state.statements) });
    decryptVia.push(...state.decryptVia);
  }
  const secretArns = stateHeldSecrets.map((s) => `arn:aws:secretsmanager:${props.region}:${props.accountId}:secret:${s.name}-??????`);
  if (stateHeldSecrets.length > 0) {
    const secretsmanager = `secretsmanager.${props.region}.amazonaws.com`;
    new IamRolePolicy(scope, "RefreshStateHeldSecrets", {
      role: role.id,
      name: "refresh-state-held-secrets",
      policy: policyDocument(
        { Sid: "ReadStateHeldSecrets", Effect: "Allow", Action: SECRET_VALUE_ACTIONS, Resource: secretArns },
        {
          Sid: "DecryptStateHeldSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [...new Set(stateHeldSecrets.map((s) => s.kmsKeyArn))],
          Condition: { StringEquals: { "kms:ViaService": secretsmanager }, StringLike: { "kms:EncryptionContext:SecretARN": secretArns } },
        },
      ),
    });
    decryptVia.push(secretsmanager);
  }

  new IamRolePolicy(scope, "DenySecrets", {
    role: role.id,
    name: "deny-secret-values",
    policy: policyDocument(
      secretArns.length > 0
        ? { Sid: "NoSecretValues", Effect: "Deny", Action: SECRET_VALUE_ACTIONS, NotResource: secretArns }
        : { Sid: "NoSecretValues", Effect: "Deny", Action: SECRET_VALUE_ACTIONS, Resource: "*" },
      // The account's own parameters only: a plan reads AWS's public ones (the ECS-optimized AMI), whose ARNs have
      // no account. ReadOnlyAccess grants ssm:Get*, hence the explicit deny.
      { Sid: "NoParameterValues", Effect: "Deny", Action: PARAMETER_VALUE_ACTIONS, Resource: `arn:aws:ssm:*:${props.accountId}:parameter/*` },
      // Not a blanket deny as on the developers' read-only role: an explicit Deny beats every Allow, so it would also
      // block reading KMS-encrypted state and the state-held secrets. Denying every other path keeps SecureString
      // parameters, other secrets and direct kms:Decrypt calls closed.
      decryptVia.length > 0
        ? { Sid: "DecryptOnlyForState", Effect: "Deny", Action: "kms:Decrypt", Resource: "*", Condition: { StringNotEquals: { "kms:ViaService": decryptVia } } }
        : { Sid: "DecryptOnlyForState", Effect: "Deny", Action: "kms:Decrypt", Resource: "*" },
    ),
  });
}

/**
 * Reading (never writing) this environment's state objects: plans run with `-lock=false`, so not even the lock file
 * is written. ReadOnlyAccess grants s3:Get* on every bucket today; these statements keep state reads working if it
 * is ever replaced by a narrower policy, and say which objects a plan needs.
 */
function stateStatements(props: PlanPermissionsProps, backend: Extract<BackendConfig, { type: "s3" }>) {
  const stateRegion = backend.region ?? props.region;
  const bucketArn = `arn:aws:s3:::${backend.bucket}`;
  // Stack ids are `<environment>-<phase>`: this environment's states, including the ones terraform_remote_state
  // reads across stacks, and no other environment's.
  const stateObjects = `${bucketArn}/${backend.keyPrefix}/${props.environment}-*.tfstate`;
  const statements: PolicyStatement[] = [
    { Sid: "ReadStateObjects", Effect: "Allow", Action: "s3:GetObject", Resource: stateObjects },
    // `terraform init` lists the bucket (workspaces under `env:/`), so ListBucket is not limited to a prefix.
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
  ];
  if (backend.kmsKeyId === undefined) return { statements, decryptVia: [] };
  const s3 = `s3.${stateRegion}.amazonaws.com`;
  // kmsKeyId is usually an alias, and an alias ARN cannot scope kms:Decrypt: any key of the account in the state
  // region, but only when S3 decrypts one of these objects (or, with an S3 bucket key, the bucket).
  const keys = /^arn:aws[a-z-]*:kms:[^:]+:[^:]+:key\//.test(backend.kmsKeyId) ? backend.kmsKeyId : `arn:aws:kms:${stateRegion}:${props.accountId}:key/*`;
  statements.push({
    Sid: "DecryptStateThroughS3",
    Effect: "Allow",
    Action: "kms:Decrypt",
    Resource: keys,
    Condition: { StringEquals: { "kms:ViaService": s3 }, StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, stateObjects] } },
  });
  return { statements, decryptVia: [s3] };
}

export interface DeployPermissionsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /**
   * The permissions boundary (WorkloadPermissionsBoundary) a role must carry before the deploy role may create it or
   * write its policies: whatever policy it writes, the role stays below the boundary.
   */
  readonly workloadBoundaryArn: string;
  /**
   * Roles outside the project's naming scheme that the deploy role manages too: names AWS fixes (DMS's `dms-vpc-role`).
   * @default - none
   */
  readonly fixedRoleNames?: readonly string[];
  /**
   * Names of every CI role of this environment: GitHub's deploy and plan roles where terraform runs on the runner;
   * with Terraform Cloud's remote or agent execution its plan and apply roles, and GitHub's two names, reserved though
   * not created. They match `<namePrefix>-*` like the project's roles, so they are denied explicitly: who may assume a
   * CI role, and what it may do, changes only through an administrator, and no deploy creates a role under such a name.
   */
  readonly ciRoleNames: readonly string[];
  /**
   * Whether the stack the role applies looks an OIDC provider up by URL (`data.aws_iam_openid_connect_provider`),
   * which lists the account's providers; the action has no resource-level scope.
   */
  readonly listOidcProviders: boolean;
  /** Who can assume the role, in words, for the written PowerUserAccess exception: `jobs on the main branch of o/r`. */
  readonly trustedBy: string;
}

/**
 * A deploy role's permissions. Terraform has to create most resource types, so PowerUserAccess; IAM is the exception
 * that would make it admin, so IAM writes are limited to this project's own roles, and what those roles may do is
 * written only under the workload permissions boundary: no role it writes can do more than it. CI's own roles and the
 * boundary change only through an administrator. Created in `scope` as PowerUser and ProjectIam.
 */
export function grantDeployPermissions(scope: Construct, role: IamRole, props: DeployPermissionsProps): void {
  const powerUser = new IamRolePolicyAttachment(scope, "PowerUser", { role: role.name, policyArn: AWS_MANAGED_POLICY("PowerUserAccess") });
  suppress(powerUser, {
    id: "BH-IAM-3",
    reason:
      "Terraform in CI creates and deletes most resource types of every phase; PowerUserAccess excludes IAM, and " +
      "the role's IAM writes are limited to this project's roles, whose policies it may write only under the workload " +
      `permissions boundary (ProjectIam). Only ${props.trustedBy} can assume it (BH-IAM-4).`,
  });
  const iamArn = (path: string) => `arn:aws:iam::${props.accountId}:${path}`;
  const roles = [iamArn(`role/${props.namePrefix}-*`), ...(props.fixedRoleNames ?? []).map((name) => iamArn(`role/${name}`))];
  const ciRoles = props.ciRoleNames.map((name) => iamArn(`role/${name}`));
  const writeRolePolicies = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary"];
  const manageRoles = ["iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole"];
  new IamRolePolicy(scope, "ProjectIam", {
    role: role.id,
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
      ...(props.listOidcProviders ? [{ Sid: "FindOidcProviders", Effect: "Allow" as const, Action: "iam:ListOpenIDConnectProviders", Resource: "*" }] : []),
    ),
  });
}
