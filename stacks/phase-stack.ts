// What every migration-phase stack has in common: its id, the AWS provider with layered default tags, and the
// configured state backend. Stacks extend this and only wire constructs.
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { addStateBackend } from "../constructs/state/state-backend";
import { stackId, type Phase } from "./phases";

/** Pinned with the prebuilt bindings (@cdktf/provider-aws 21.22.1 is generated from hashicorp/aws 6.25.0). */
export const AWS_PROVIDER_VERSION = "6.25.0";
/** Where CloudFront's certificates and web ACLs, and Route 53's and CloudFront's metrics, live. */
export const US_EAST_1 = "us-east-1";

export interface PhaseStackProps {
  readonly config: EnvironmentConfig;
}

export abstract class PhaseStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly phase: Phase;
  /** The default-region provider every resource uses unless it says otherwise. */
  readonly provider: AwsProvider;
  /** `<project>-<environment>`: the prefix of every physical name. */
  readonly namePrefix: string;
  private callerIdentity?: DataAwsCallerIdentity;
  private usEast1?: AwsProvider;

  constructor(scope: Construct, phase: Phase, props: PhaseStackProps) {
    super(scope, stackId(props.config, phase));
    this.config = props.config;
    this.phase = phase;
    this.namePrefix = `${props.config.project}-${props.config.environment}`;
    this.provider = new AwsProvider(this, "aws", { region: props.config.region, ...providerDefaults(props.config, phase) });
    addStateBackend(this, { backend: props.config.backend, stackId: this.node.id, defaultRegion: props.config.region });
    // use_lockfile needs Terraform 1.10+; the exact provider pin matches the generated bindings.
    this.addOverride("terraform.required_version", ">= 1.10.0");
    this.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION);
  }

  /** The account the stack deploys into, read at plan time: one data source per stack, made on first use. */
  get accountId(): string {
    this.callerIdentity ??= new DataAwsCallerIdentity(this, "Account");
    return this.callerIdentity.accountId;
  }

  /**
   * The us-east-1 provider (`provider.aws.global`), made on first use: CloudFront's certificate and web ACL, and the
   * alarms on CloudFront and Route 53 metrics, live there whatever the stack's region. An aliased provider rather
   * than the resource-level `region` argument, which aws provider 5.x does not have (docs/ci.md, "Real Terraform").
   */
  get globalProvider(): AwsProvider {
    this.usEast1 ??= this.regionProvider("global", US_EAST_1);
    return this.usEast1;
  }

  /** A provider for another region (`provider.<alias>`), tagged like the default one; resources opt in with `provider`. */
  protected regionProvider(alias: string, region: string): AwsProvider {
    return new AwsProvider(this, `aws_${alias}`, { alias, region, ...providerDefaults(this.config, this.phase) });
  }
}

/**
 * What every aws provider block of a stack carries, aliases included: the layered default tags, and the one account
 * it may touch (`allowed_account_ids`), so credentials for another account fail at the first API call of a plan.
 */
export function providerDefaults(config: EnvironmentConfig, phase: Phase) {
  return { allowedAccountIds: [config.accountId], defaultTags: [{ tags: defaultTags(config, phase) }] };
}

/** Layered tags: the environment's own tags, then the ones every resource must carry (which win). */
export function defaultTags(config: EnvironmentConfig, phase: Phase): Record<string, string> {
  return {
    ...config.tags,
    project: config.project,
    environment: config.environment,
    phase,
    "managed-by": "cdktf",
  };
}
