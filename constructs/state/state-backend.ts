// The Terraform backend of one stack, chosen by config. Cross-stack references read the producer's state through
// the matching terraform_remote_state data source, so each backend also knows how a later stack finds its state.
import {
  CloudBackend,
  type CloudBackendConfig,
  DataTerraformRemoteStateLocal,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  type TerraformBackend,
  type TerraformRemoteState,
} from "cdktf";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
import type { Construct, IValidation } from "constructs";
import type { BackendConfig } from "../../config/schema";

/**
 * Local state with a portable, relative path. cdktf's default bakes the synth machine's absolute working directory
 * into every stack and every consumer's remote-state path. Terraform runs in `cdktf.out/stacks/<stack>`, so a
 * sibling stack's state is at `../<stack>/terraform.<stack>.tfstate`.
 */
export class PortableLocalBackend extends LocalBackend {
  constructor(scope: Construct, stackId: string) {
    super(scope, { path: `terraform.${stackId}.tfstate` });
  }

  public getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteStateLocal(scope, name, { path: `../${fromStack}/terraform.${fromStack}.tfstate` });
  }
}

/**
 * S3 state with Terraform's native lock file (`use_lockfile`, Terraform 1.10+), so no DynamoDB lock table is
 * needed. cdktf 0.21's S3BackendConfig predates the argument, hence the added attribute.
 */
export class LockedS3Backend extends S3Backend {
  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { ...super.synthesizeAttributes(), use_lockfile: true };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return { ...super.synthesizeHclAttributes(), use_lockfile: true };
  }
}

/**
 * Terraform Cloud's `cloud` block without the check cdktf's CloudBackend adds: like `importFrom` (see ImportBlock),
 * it runs `terraform version` through a shell at every synth, so synth fails where no terraform binary is installed
 * (CI's synth and test jobs). Every stack holds the Terraform that plans and applies to `required_version >= 1.10.0`
 * (stacks/phase-stack.ts), above the 1.1 the block needs. cdktf offers no way to leave the check out, so it is taken
 * off the node's validations (constructs 10's `_validations`): if that field is ever renamed, this throws at synth,
 * and state-backend.test's run without terraform on PATH fails too.
 */
export class CloudBackendWithoutBinaryCheck extends CloudBackend {
  constructor(scope: Construct, props: CloudBackendConfig) {
    super(scope, props);
    const validations = (this.node as unknown as { _validations?: IValidation[] })._validations;
    if (!Array.isArray(validations)) throw new Error("constructs no longer keeps a node's validations in _validations: update CloudBackendWithoutBinaryCheck");
    const others = validations.filter((v) => !(v instanceof ValidateBinaryVersion));
    validations.splice(0, validations.length, ...others);
  }
}

export interface StateBackendProps {
  readonly backend: BackendConfig;
  /** The stack id, e.g. `staging-phase1`: names the state file, key or workspace. */
  readonly stackId: string;
  /** Region of the S3 state bucket when the config does not name one. */
  readonly defaultRegion: string;
}

/** Adds the configured backend to a stack. One state per stack: key `<prefix>/<stack>.tfstate` or workspace `<prefix>-<stack>`. */
export function addStateBackend(stack: Construct, props: StateBackendProps): TerraformBackend {
  const { backend, stackId } = props;
  switch (backend.type) {
    case "local":
      return new PortableLocalBackend(stack, stackId);
    case "s3":
      return new LockedS3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackId}.tfstate`,
        region: backend.region ?? props.defaultRegion,
        encrypt: true,
        ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
      });
    case "cloud":
      // Cross-stack reads only work against named workspaces (tagged workspaces have no remote-state source). The
      // project (Terraform >= 1.5) is where `terraform init` creates a missing workspace; the dynamic credentials'
      // roles trust that project's runs only (TerraformCloudRoles).
      return new CloudBackendWithoutBinaryCheck(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}-${stackId}`, backend.project),
      });
  }
}
