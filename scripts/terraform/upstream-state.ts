// The state an upstream stack would have after its apply, as far as its consumers can see: its outputs, with
// realistic, type-correct values. Each output of a cdktf stack is one reference (`${aws_vpc.Network_Vpc.id}`); its
// value is made from the referenced resource type and attribute in the form AWS gives it (ids with their prefix,
// ARNs of the right service and resource type), because the provider validates ids and ARNs at plan time. An
// output this file cannot value is an error that names it: a new cross-stack reference must be taught here.
import { fakeId } from "./aws-stand-in/world";

export interface UpstreamContext {
  /** The region of the provider the resource uses (the stack's default, or its alias's). */
  readonly region: string;
  readonly accountId: string;
}

interface TerraformJson {
  readonly output?: Record<string, { readonly value: unknown; readonly sensitive?: boolean }>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: { readonly aws?: readonly { readonly alias?: string; readonly region?: string }[] };
}

/** Terraform's local state file (format version 4) holding only outputs. */
export interface OutputsState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, { readonly value: unknown; readonly type: unknown; readonly sensitive?: boolean }>;
  readonly resources: [];
  readonly check_results: null;
}

type Attribute = (seed: string, c: UpstreamContext, resource: Record<string, unknown>) => string;

const hex = (seed: string, n: number) => fakeId(seed, n);
const upper = (seed: string, n: number) => fakeId(seed, n, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const uuid = (seed: string) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
/** The resource's own literal argument when it has one (a bucket's `bucket`), else a name made from its id. */
const literal = (resource: Record<string, unknown>, key: string, fallback: string) => {
  const v = resource[key];
  return typeof v === "string" && !v.includes("${") ? v : fallback;
};
const nameOf = (resource: Record<string, unknown>, seed: string) => literal(resource, "name", literal(resource, "name_prefix", `offline-${hex(seed, 8)}`).replace(/-?$/, ""));

/** `<type>.<attribute>` -> value; the forms are AWS's (ARN formats from the service authorization reference). */
const ATTRIBUTES: Record<string, Attribute> = {
  "aws_vpc.id": (s) => `vpc-${hex(s, 17)}`,
  "aws_subnet.id": (s) => `subnet-${hex(s, 17)}`,
  "aws_security_group.id": (s) => `sg-${hex(s, 17)}`,
  "aws_route53_health_check.id": (s) => uuid(s),
  "data.aws_route53_zone.zone_id": (s) => `Z${upper(s, 13)}`,
  "aws_kms_key.arn": (s, c) => `arn:aws:kms:${c.region}:${c.accountId}:key/${uuid(s)}`,
  "aws_iam_role.arn": (s, c, r) => `arn:aws:iam::${c.accountId}:role/${nameOf(r, s)}`,
  "aws_iam_policy.arn": (s, c, r) => `arn:aws:iam::${c.accountId}:policy/${nameOf(r, s)}`,
  "aws_iam_instance_profile.name": (s, _c, r) => nameOf(r, s),
  "aws_acm_certificate_validation.certificate_arn": (s, c) => `arn:aws:acm:${c.region}:${c.accountId}:certificate/${uuid(s)}`,
  "aws_ecr_repository.repository_url": (s, c, r) => `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com/${nameOf(r, s)}`,
  "aws_s3_bucket.bucket": (s, _c, r) => literal(r, "bucket", `offline-${hex(s, 12)}`),
  "aws_s3_bucket.bucket_domain_name": (s, _c, r) => `${literal(r, "bucket", `offline-${hex(s, 12)}`)}.s3.amazonaws.com`,
  "aws_backup_vault.name": (s, _c, r) => nameOf(r, s),
  "aws_backup_vault.arn": (s, c, r) => `arn:aws:backup:${c.region}:${c.accountId}:backup-vault:${nameOf(r, s)}`,
  "aws_ecs_cluster.name": (s, _c, r) => nameOf(r, s),
  "aws_ecs_cluster.arn": (s, c, r) => `arn:aws:ecs:${c.region}:${c.accountId}:cluster/${nameOf(r, s)}`,
  "aws_ecs_capacity_provider.name": (s, _c, r) => nameOf(r, s),
  "aws_lb.arn_suffix": (s, _c, r) => `app/${nameOf(r, s)}/${hex(s, 16)}`,
  "aws_lb_listener.arn": (s, c) => `arn:aws:elasticloadbalancing:${c.region}:${c.accountId}:listener/app/offline-alb/${hex(`${s}-lb`, 16)}/${hex(s, 16)}`,
  "aws_lb_target_group.arn_suffix": (s, _c, r) => `targetgroup/${nameOf(r, s).slice(0, 20)}${hex(s, 6)}/${hex(s, 16)}`,
  "aws_sns_topic.arn": (s, c, r) => `arn:aws:sns:${c.region}:${c.accountId}:${nameOf(r, s)}`,
  "aws_cloudfront_distribution.id": (s) => `E${upper(s, 13)}`,
  "aws_cloudfront_distribution.domain_name": (s) => `d${fakeId(s, 13, "abcdefghijklmnopqrstuvwxyz0123456789")}.cloudfront.net`,
  // CloudFront's one hosted zone for alias records, the same for every distribution.
  "aws_cloudfront_distribution.hosted_zone_id": () => "Z2FDTNDATAQYW2",
  "aws_secretsmanager_secret_version.secret_string": (s) => fakeId(s, 48, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
};

/** The types and attributes `outputsState` can value, for the test that keeps the table in step with the stacks. */
export const VALUED_ATTRIBUTES: readonly string[] = Object.keys(ATTRIBUTES);

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([^.]+)\.([a-z0-9_]+)\}$/;

/** The value an applied stack would give `value` (an output's expression), or an Error naming what is missing. */
export function outputValue(stackId: string, outputName: string, value: unknown, stack: TerraformJson, context: UpstreamContext): unknown {
  if (typeof value !== "string") {
    if (JSON.stringify(value).includes("${")) throw new Error(`${stackId} output ${outputName}: an expression inside a structure is not supported offline: ${JSON.stringify(value)}`);
    return value;
  }
  if (!value.includes("${")) return value;
  const m = REFERENCE.exec(value);
  if (!m) throw new Error(`${stackId} output ${outputName}: ${value} is not a single reference; scripts/terraform/upstream-state.ts values only those`);
  const [, data, type, id, attribute] = m;
  const key = `${data ?? ""}${type}.${attribute}`;
  const make = ATTRIBUTES[key];
  if (!make) throw new Error(`${stackId} output ${outputName}: no offline value for ${key}; add one to scripts/terraform/upstream-state.ts`);
  const resource = ((data ? stack.data : stack.resource)?.[type]?.[id] ?? {}) as Record<string, unknown>;
  // `provider = "aws.global"`: the resource lives in that alias's region, and its ARN says so
  const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\./, "") : undefined;
  const region = (alias && stack.provider?.aws?.find((p) => p.alias === alias)?.region) || context.region;
  return make(`${stackId}/${type}.${id}.${attribute}`, { ...context, region }, resource);
}

const typeOf = (value: unknown): unknown => {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(typeOf)];
  if (value && typeof value === "object") return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))];
  return "dynamic";
};

/** The local state file a consumer's `terraform_remote_state` reads in place of the upstream's real state. */
export function outputsState(stackId: string, stack: TerraformJson, context: UpstreamContext): OutputsState {
  const outputs = Object.fromEntries(
    Object.entries(stack.output ?? {}).map(([name, output]) => {
      const value = outputValue(stackId, name, output.value, stack, context);
      return [name, { value, type: typeOf(value), ...(output.sensitive ? { sensitive: true } : {}) }];
    }),
  );
  return { version: 4, terraform_version: "1.11.4", serial: 1, lineage: `offline-${uuid(stackId)}`, outputs, resources: [], check_results: null };
}
