// The copy of a synthesized stack that the real-Terraform checks run: the same JSON, with only what a check on
// this machine cannot use replaced, and nothing removed from the resources. What changes, and why:
// - the aws provider version constraint: the pin (6.25.0) cannot be installed here; the check uses the mirror's
//   version (cli-config.ts), and docs/ci.md says what that proves about the pin;
// - the state backend: the checks never touch real state (validate ignores it; the plan runs on an empty local one);
// - for the offline plan only: provider credentials and endpoints pointing at the local AWS stand-in, and every
//   `terraform_remote_state` reading a local file of the upstream stack's outputs (upstream-state.ts).

export interface StackDocument {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }>; backend?: unknown; cloud?: unknown; [key: string]: unknown };
  provider?: { aws?: Record<string, unknown>[]; [key: string]: unknown };
  data?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

/** The services whose endpoints the offline plan names (the rest reach the stand-in through AWS_ENDPOINT_URL). */
export const STAND_IN_ENDPOINTS = ["sts", "iam", "ec2", "route53", "cloudfront", "ssm", "secretsmanager", "ecr"] as const;

/**
 * Provider settings for a plan with no AWS account: static fake keys, no instance-metadata lookup. The account id is
 * still requested (STS GetCallerIdentity, answered by the stand-in with the environment's `accountId`), so the
 * providers' `allowed_account_ids` is checked for real: a plan with another account's credentials fails.
 */
export function offlineProviderSettings(endpoint: string): Record<string, unknown> {
  return {
    access_key: "AKIAOFFLINEPLAN00000",
    secret_key: "offline-plan-not-a-secret",
    skip_credentials_validation: true,
    skip_requesting_account_id: false,
    skip_metadata_api_check: true,
    // The stand-in answers at once; a retry would only slow down the error it gives for an unknown call.
    max_retries: 1,
    endpoints: [Object.fromEntries(STAND_IN_ENDPOINTS.map((service) => [service, endpoint]))],
  };
}

export interface CheckCopyOptions {
  /** The aws provider version the copy requires. */
  readonly providerVersion: string;
  /** For the offline plan: the stand-in's URL and, per remote-state data source name, the local state file it reads. */
  readonly offline?: { readonly endpoint: string; readonly remoteStates: Readonly<Record<string, string>> };
}

export function checkCopy(stack: StackDocument, options: CheckCopyOptions): StackDocument {
  const copy = structuredClone(stack);
  copy.terraform ??= {};
  const aws = copy.terraform.required_providers?.aws;
  if (aws) aws.version = options.providerVersion;
  delete copy.terraform.backend;
  delete copy.terraform.cloud;
  if (options.offline) {
    const { endpoint, remoteStates } = options.offline;
    for (const provider of copy.provider?.aws ?? []) Object.assign(provider, offlineProviderSettings(endpoint));
    for (const [name, source] of Object.entries(copy.data?.terraform_remote_state ?? {})) {
      const path = remoteStates[name];
      if (!path) throw new Error(`terraform_remote_state.${name}: no local state was generated for it`);
      copy.data!.terraform_remote_state[name] = { ...source, backend: "local", config: { path } };
      delete copy.data!.terraform_remote_state[name].workspace;
    }
  }
  return copy;
}
