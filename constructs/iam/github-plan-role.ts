import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { BackendConfig } from "../../config/schema";
import { githubOidcRole } from "./github-oidc";
import { AWS_MANAGED_POLICY, PARAMETER_VALUE_ACTIONS, policyDocument, SECRET_VALUE_ACTIONS, type PolicyStatement } from "./policy-document";
import { physicalName } from "../../config/physical-names";

/** A Secrets Manager secret whose value Terraform keeps in this environment's state, so refreshing it reveals nothing new. */
export interface StateHeldSecret {
  /** The secret's name (its ARN adds `-` and six random characters). */
  readonly name: string;
  /** The key the secret is encrypted with: reading the value decrypts through Secrets Manager. */
  readonly kmsKeyArn: string;
}

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
   * plan job's `TF_PLAN_API_TOKEN`, and local state is never planned in CI.
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
 * credentials, so the role reads and never writes: the AWS managed ReadOnlyAccess for the refresh, read-only access
 * to this environment's state, and explicit denies for secret values the plan has no business seeing.
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
    const stateHeldSecrets = props.stateHeldSecrets ?? [];
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
    // Refreshing every resource type of five phases needs Describe/Get/List across services; a hand-written list
    // would break the plan whenever a phase adds a resource type.
    new IamRolePolicyAttachment(this, "ReadOnly", { role: this.role.name, policyArn: AWS_MANAGED_POLICY("ReadOnlyAccess") });

    // Services that may decrypt on this role's behalf; kms:Decrypt through anything else is denied below.
    const decryptVia: string[] = [];
    if (props.backend.type === "s3") {
      const state = this.stateStatements(props, props.backend);
      new IamRolePolicy(this, "ReadState", { role: this.role.id, name: "read-terraform-state", policy: policyDocument(...state.statements) });
      decryptVia.push(...state.decryptVia);
    }
    const secretArns = stateHeldSecrets.map((s) => `arn:aws:secretsmanager:${props.region}:${props.accountId}:secret:${s.name}-??????`);
    if (stateHeldSecrets.length > 0) {
      const secretsmanager = `secretsmanager.${props.region}.amazonaws.com`;
      new IamRolePolicy(this, "RefreshStateHeldSecrets", {
        role: this.role.id,
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

    new IamRolePolicy(this, "DenySecrets", {
      role: this.role.id,
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
  private stateStatements(props: GithubPlanRoleProps, backend: Extract<BackendConfig, { type: "s3" }>) {
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
}
