// The environment file's schema: the one interface application teams and platform engineers edit.
// Every object is strict, so a typo in a key is an error rather than a silently ignored setting.
import { z } from "zod";
import { PHASES } from "../stacks/phases";
import { CUTOVER_STAGES, DEFAULT_CANARY_WEIGHT } from "./cutover-stages";

/** Regions where the platform may run. A typo in a region is a plan-time failure otherwise. */
export const AWS_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ca-central-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
  "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
  "sa-east-1",
] as const;

// The regex also forbids a trailing '-', so the message says so: "starting with a letter" alone left `web-` a puzzle.
const name = (example: string) =>
  z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, {
    error: `2-32 lower-case letters, digits and '-', starting with a letter and not ending with '-', such as ${example}`,
  });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: "a lower-case DNS name such as www.example.com",
});
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "an IPv4 CIDR such as 10.0.0.0/16" });
const arn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, {
  error: "an AWS ARN such as arn:aws:rds:eu-west-2:123456789012:db:legacy",
});
const int = (min: number, max: number) => z.int().min(min).max(max);
/** Environment variable and secret names: the container sees them as they are written. */
const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, {
  error: "an environment variable name of upper-case letters, digits and '_', not starting with a digit, such as LOG_LEVEL",
});
const retentionDays = z.union(
  [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map((d) =>
    z.literal(d),
  ) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>, ...z.ZodLiteral<number>[]],
  { error: "a CloudWatch Logs retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653" },
);
const cron = z.string().regex(/^cron\(.+\)$/, { error: "an AWS cron expression such as cron(0 3 * * ? *)" });
const window = z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun:)?\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun:)?\d{2}:\d{2}$/, {
  error: "a UTC window such as 03:00-04:00 (or sun:04:30-sun:05:30 for maintenance)",
});

export const BackendSchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** State on the local disk, next to each stack's synthesized directory: for trying things out only. */
    type: z.literal("local"),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().min(3).max(63),
    /** @default the environment's region */
    region: z.enum(AWS_REGIONS).optional(),
    /** Each stack's state lives at `<keyPrefix>/<stack id>.tfstate`. */
    keyPrefix: z.string().regex(/^[a-zA-Z0-9/_-]+$/, { error: "letters, digits, '/', '_' and '-', such as platform or braveheart/staging" }).default("braveheart"),
    /** @default - the bucket's default encryption (SSE-S3) */
    kmsKeyId: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal("cloud"),
    /** Terraform Cloud's rule for organization names; a `*` here would widen the dynamic credentials' trust. */
    organization: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "a Terraform Cloud organization name: letters, digits, '-' and '_', such as braveheart" }),
    /** @default app.terraform.io */
    hostname: z.string().default("app.terraform.io"),
    /** Each stack gets the named workspace `<workspacePrefix>-<stack id>` (cross-stack reads need named workspaces). */
    workspacePrefix: name("braveheart").default("braveheart"),
    /**
     * The Terraform Cloud project the workspaces belong to. The cloud block names it, so `terraform init` creates a
     * missing workspace there, and with `remote`/`agent` execution the dynamic credentials' roles trust only runs of
     * this project's `<workspacePrefix>-<environment>-*` workspaces. A workspace moved to another project, or a renamed
     * default project, is refused by AWS (AccessDenied on AssumeRoleWithWebIdentity), never let in.
     * @default "Default Project" - the project every organization starts with, where workspaces go when none is named
     */
    project: z
      .string()
      .regex(/^[A-Za-z0-9_-](?:[A-Za-z0-9 _-]*[A-Za-z0-9_-])?$/, { error: "a Terraform Cloud project name: letters, digits, inner spaces, '-' and '_', such as Default Project" })
      .default("Default Project"),
    /**
     * With `remote`/`agent` execution: `create` the account's IAM OIDC provider for `https://<hostname>` in the
     * preparation stack, or look up the `existing` one (IAM allows one per URL per account: the other environment in a
     * shared account, or another team's workspaces, may have made it). Unused with `local` execution.
     * @default "create"
     */
    oidcProvider: z.enum(["create", "existing"]).default("create"),
    /**
     * Where terraform runs for these workspaces (set the same on each workspace; docs/ci.md): `local` on the CI runner
     * with the runner's AWS role (Terraform Cloud keeps the state), `remote` on Terraform Cloud's workers or `agent`
     * on your own agent pool, both with Terraform Cloud's dynamic provider credentials (OIDC to AWS), so CI needs no
     * AWS role and no PLAN_ROLE_ARN.
     * @default "local"
     */
    executionMode: z.enum(["local", "remote", "agent"]).default("local"),
  }),
]);

export const NetworkSchema = z.strictObject({
  cidr,
  azCount: int(2, 6),
  /** `perAz` keeps egress up when an AZ fails (production); `single` saves cost (staging). */
  natGateways: z.enum(["single", "perAz"]),
  subnets: z.strictObject({
    /** One CIDR per AZ, in AZ order: load balancers and NAT gateways. */
    public: z.array(cidr).min(1),
    /** One CIDR per AZ: ECS instances and tasks (egress through NAT). */
    private: z.array(cidr).min(1),
    /** One CIDR per AZ: databases and DMS, no route to the internet. */
    isolated: z.array(cidr).min(1),
  }),
  flowLogRetentionDays: retentionDays.default(90),
});

/** An HTTP header name as it appears on the wire (RFC 9110 token characters). */
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "an HTTP header name such as X-Service" });

/**
 * How `npm run verify` proves a deployed service answers through the edge (scripts/verify/). Every field has a
 * default, so a service without this block is still verified.
 */
export const ServiceVerifySchema = z.strictObject({
  /**
   * Path requested through CloudFront that must answer 200. The ALB routes only the service's `routing.paths`, so it
   * must match one of them (the container's own `healthCheckPath` is usually not routed).
   * @default - healthCheckPath when a routing path matches it, else the first routing path's prefix + healthCheckPath
   */
  healthPath: z.string().regex(/^\/[\x21-\x7e]*$/, { error: "an absolute path such as /api/orders/health" }).optional(),
  /**
   * What only this service's responses carry, so a routing prefix is proven to reach this service and not the ALB's
   * default action or another service: a response header (`value` compared exactly) or a body substring.
   * @default - header `X-Service` with the service's name
   */
  marker: z
    .union([z.strictObject({ header: headerName, value: z.string().min(1) }), z.strictObject({ bodyContains: z.string().min(1) })], {
      error: "{ header: <name>, value: <value> } or { bodyContains: <text> }",
    })
    .optional(),
});

const githubRepository = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: "owner/name of a GitHub repository, such as braveheart-tech/orders" });

/**
 * The application repository that builds and publishes a service's image (.github/workflows/publish-image.yml). The
 * preparation stack gives it a role that can push to this service's ECR repository and nothing else, trusted only
 * for runs on `branch` (and on release tags matching `tags`): protect both in the repository, since whoever can push
 * there can publish.
 */
export const ServiceSourceSchema = z.strictObject({
  repository: githubRepository,
  /** The protected branch whose runs may publish. @default "main" */
  branch: z.string().regex(/^[A-Za-z0-9._\/-]+$/, { error: "a branch name such as main" }).default("main"),
  /**
   * Release tags whose runs may publish too, as a glob (`v*`); protect them with a tag ruleset.
   * @default - none: only `branch`
   */
  tags: z.string().regex(/^[A-Za-z0-9._\/-]*\*?[A-Za-z0-9._\/-]*$/, { error: "a tag or a tag glob with at most one '*', such as v*" }).min(1).optional(),
});

export const ServiceSchema = z.strictObject({
  /** Becomes the ECS service, ECR repository and Terraform construct id: never rename a deployed service casually. */
  name: name("orders"),
  /** The migration phase whose stack runs the service: 1 = non-critical first, 2 = critical with the data. */
  phase: z.union([z.literal(1), z.literal(2)], { error: "1 (non-critical, moves first) or 2 (critical, moves with the data)" }),
  /** Image tag in the service's ECR repository. */
  imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
    error: "a Docker image tag: 1-128 letters, digits, '_', '.' and '-', not starting with '.' or '-', such as 2026.11.0",
  }),
  /** Container port. Containers run as an unprivileged user, so 1024 and up. */
  port: int(1024, 65535),
  /** Task CPU units (1024 = one vCPU). */
  cpu: z.union([256, 512, 1024, 2048, 4096].map((n) => z.literal(n)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>], {
    error: "256, 512, 1024, 2048 or 4096",
  }),
  /**
   * Task memory in MiB. Together with cpu it must be an AWS Fargate task size (config/task-sizes.ts, checked in
   * semantic.ts: the range here is only the widest one, so a bad pair gets a message naming the sizes for its cpu).
   */
  memory: int(128, 30720),
  desiredCount: int(0, 100),
  minCount: int(0, 100),
  maxCount: int(1, 200),
  healthCheckPath: z.string().regex(/^\/[\x21-\x7e]*$/, { error: "an absolute path such as /health" }).default("/health"),
  routing: z
    .strictObject({
      /** Host headers that route to this service; each must be inside the hosted zone. */
      hosts: z.array(hostname).default([]),
      /** Path patterns such as /api/orders/*. */
      paths: z.array(z.string().regex(/^\/[\x21-\x7e]*$/, { error: "a path pattern such as /api/orders/*" })).default([]),
      /**
       * Listener rule priority. Derived from the service name when unset, so it never changes when other services
       * are added, removed or reordered.
       * @default - a stable hash of the service name into 1000..49999
       */
      priority: int(1, 50000).optional(),
      /**
       * This service also takes every request no other rule matches (`/`, `/favicon.ico`, unknown paths) instead of the
       * load balancer's 404. At most one service; not one with `usesDatabase` (the edge could not keep it on legacy).
       */
      catchAll: z.boolean().default(false),
    })
    .refine((r) => r.hosts.length + r.paths.length > 0, { error: "at least one host or path" }),
  /** Plain, non-secret environment variables. */
  environment: z.record(envVarName, z.string()).default({}),
  /** Secrets injected by ECS from Secrets Manager or SSM Parameter Store ARNs: never put secret values in `environment`. */
  secrets: z.record(envVarName, arn).default({}),
  /**
   * ECS Exec (`aws ecs execute-command`) into this service's containers: for debugging, every session recorded in the
   * cluster's encrypted exec audit log. The task role gets the Session Manager channels and writes to that log only.
   * @default false
   */
  enableExecuteCommand: z.boolean().default(false),
  /** Grants the task read access to the database's managed master secret and the database port. */
  usesDatabase: z.boolean().default(false),
  /** Where the image comes from: an application repository that publishes it itself. @default - none: images are pushed by hand */
  source: ServiceSourceSchema.optional(),
  /** What `npm run verify` requests and recognises; see ServiceVerifySchema. */
  verify: ServiceVerifySchema.default({}),
});

export const CapacitySchema = z.strictObject({
  /** The first type is the launch template's; more than one enables a mixed-instances policy. */
  instanceTypes: z.array(z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, { error: "an EC2 instance type such as m6i.large" })).min(1),
  minSize: int(0, 100),
  maxSize: int(1, 200),
  desiredCapacity: int(0, 200),
  /** Managed scaling target: 100 packs instances fully, lower keeps spare room for fast task placement. */
  targetCapacityPercent: int(1, 100).default(100),
  rootVolumeGb: int(30, 1000).default(30),
});

export const EdgeSchema = z.strictObject({
  /**
   * The AWS WAF web ACL in front of the distribution (AWS managed rule groups, logged with authorization and cookie
   * redacted). On in every environment, so staging proves what production runs; turning it off needs `reason`
   * (at least 20 characters), which every synth summary prints as a BH-EDGE-7 suppression.
   * @default { enabled: true }
   */
  waf: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Why the web ACL is off: required with `enabled: false`, refused otherwise. */
      reason: z.string().optional(),
    })
    .default({ enabled: true }),
  priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_100"),
});

export const DatabaseSchema = z.strictObject({
  engine: z.enum(["postgres", "mysql"]).default("postgres"),
  engineVersion: z.string().regex(/^\d+(\.\d+)*$/, { error: "a version of numbers separated by dots, such as 16.4" }),
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: "an RDS instance class such as db.r6g.large" }),
  multiAz: z.boolean(),
  allocatedStorageGb: int(20, 65536),
  maxAllocatedStorageGb: int(20, 65536),
  /** A non-default port makes scanners' lives a little harder. */
  port: int(1150, 65535).default(5433),
  databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
    error: "1-63 lower-case letters, digits and '_', starting with a letter, such as braveheart",
  }),
  backupRetentionDays: int(1, 35),
  backupWindow: window.default("02:00-03:00"),
  maintenanceWindow: window.default("sun:04:00-sun:05:00"),
});

export const DataMigrationSchema = z.strictObject({
  /** The legacy database DMS reads from. */
  sourceEngine: z.enum(["postgres", "mysql"]),
  sourceHost: hostname,
  sourcePort: int(1, 65535),
  sourceDatabase: z.string().min(1),
  /** Secrets Manager secret holding the legacy database's `username` and `password`. */
  sourceSecretArn: arn,
  instanceClass: z.string().regex(/^dms\.[a-z0-9]+\.[a-z0-9]+$/, { error: "a DMS instance class such as dms.t3.medium" }),
  multiAz: z.boolean(),
  tableMappings: z
    .array(
      z.strictObject({
        schema: z.string().min(1),
        table: z.string().min(1),
        action: z.enum(["include", "exclude"]).default("include"),
      }),
    )
    .min(1),
  /** Replication lag in seconds above which the lag alarm fires. */
  lagAlarmSeconds: int(1, 86400).default(300),
  /**
   * How DMS copies large objects (PostgreSQL text, jsonb, bytea; MySQL TEXT, BLOB, JSON). `full` copies every value
   * whole, in chunks: slower, never truncates. `limited` is faster but silently truncates every value longer than
   * `maxSizeKb`, so it needs a size measured on the legacy data (docs/phase2.md, "Large objects").
   * @default { mode: "full", chunkSizeKb: 64 }
   */
  lob: z
    .discriminatedUnion("mode", [
      z.strictObject({
        mode: z.literal("full"),
        /** DMS LobChunkSize: the size of each piece a value is copied in. @default 64 */
        chunkSizeKb: int(1, 102400).default(64),
      }),
      z.strictObject({
        mode: z.literal("limited"),
        /** DMS LobMaxSize: at least the largest value measured on legacy (values above it are cut without an error). */
        maxSizeKb: int(1, 102400),
      }),
    ])
    .default({ mode: "full", chunkSizeKb: 64 }),
  /** Set once the cutover holds: removes DMS (after a final backup; see the runbook). */
  retire: z.boolean().default(false),
});

const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: "an IPv4 address such as 172.16.0.2" });

/**
 * How the new VPC reaches the legacy network. Each option is built on this side only; what the legacy side must do
 * (accept the peering, route back, open its database's security group) is in docs/phase2.md.
 */
export const LegacyConnectivitySchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** VPC peering, requester side: the legacy VPC's owner accepts it (docs/phase2.md). */
    type: z.literal("peering"),
    peerVpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: "a VPC id such as vpc-0a1b2c3d4e5f60718" }),
    /** @default - this stack's account (the peering is then accepted by this stack) */
    peerAccountId: z.string().regex(/^\d{12}$/, { error: "a 12-digit AWS account id" }).optional(),
    /** @default - the environment's region */
    peerRegion: z.enum(AWS_REGIONS).optional(),
  }),
  z.strictObject({
    /** An attachment to a transit gateway that already routes to the legacy network (shared with this account by RAM). */
    type: z.literal("transitGateway"),
    transitGatewayId: z.string().regex(/^tgw-[0-9a-f]{8,17}$/, { error: "a transit gateway id such as tgw-0a1b2c3d4e5f60718" }),
  }),
  z.strictObject({
    /** Site-to-site VPN: a virtual private gateway on this VPC, the legacy site's customer gateway, two IPsec tunnels. */
    type: z.literal("vpn"),
    /** The legacy site's public VPN address. */
    customerGatewayIp: ipv4,
    /** `static`: this side routes the legacy CIDRs into the tunnels; `bgp`: the tunnels learn them from the site. */
    routing: z.enum(["static", "bgp"]),
    /** The site's BGP ASN (AWS requires one even for static routing). @default 65000 */
    customerGatewayBgpAsn: int(1, 4294967294).default(65000),
    /** @default - AWS's default ASN for the virtual private gateway (64512) */
    amazonSideAsn: int(64512, 65534).optional(),
  }),
]);

/** How the legacy database's DNS name resolves from inside the VPC. */
export const LegacyDnsSchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** A Route 53 Resolver outbound endpoint and a forwarding rule: for a name in a private zone on the legacy side. */
    type: z.literal("forward"),
    /** @default dataMigration.sourceHost (only that name is forwarded, not its zone) */
    domainName: hostname.optional(),
    /** The legacy DNS servers, inside legacy.network.cidrs. */
    targetIps: z.array(ipv4).min(1).max(6),
  }),
  z.strictObject({
    /** The VPC's own resolver answers: the name is public, or its private zone is associated with this VPC. */
    type: z.literal("vpc"),
  }),
]);

export const LegacyNetworkSchema = z.strictObject({
  /** The legacy network's address ranges: routed from the subnets that need them, and nothing else. */
  cidrs: z.array(cidr).min(1),
  connectivity: LegacyConnectivitySchema,
  dns: LegacyDnsSchema.default({ type: "vpc" }),
  /**
   * Ports the services call on the legacy network during the migration. Empty: the services do not call legacy,
   * and the private subnets get no route to it (only DMS's isolated subnets do).
   */
  applicationPorts: z.array(int(1, 65535)).default([]),
});

export const LegacySchema = z.strictObject({
  /** The legacy load balancer that serves the public hostnames today. */
  loadBalancer: z.strictObject({ dnsName: hostname, zoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, { error: "a Route 53 hosted zone id such as Z32O12XQLNTSW2" }) }),
  /** How the new VPC reaches the legacy network (required while dataMigration is set). @default - no connectivity */
  network: LegacyNetworkSchema.optional(),
  /**
   * What users hit on the legacy platform today: each entry is a path (with `*` for "and below") on every public
   * hostname, or on `host` only. Checked at synth: each is served on the new platform by the static bucket or by
   * exactly one service, the most specific that matches (or the catch-all), never by a less specific rule that
   * shadows it.
   * @default - none
   */
  routes: z
    .array(
      z.strictObject({
        path: z.string().regex(/^\/[\x21-\x7e]*$/, { error: "a path such as / or /api/orders/*" }),
        host: hostname.optional(),
      }),
    )
    .default([]),
});

export const BackupSchema = z.strictObject({
  dailySchedule: cron.default("cron(0 3 * * ? *)"),
  weeklySchedule: cron.default("cron(0 4 ? * SUN *)"),
  dailyRetentionDays: int(1, 36500),
  weeklyRetentionDays: int(1, 36500),
  /** Move weekly recovery points to cold storage after this many days (supported resource types only). */
  weeklyColdStorageAfterDays: int(1, 36500).optional(),
  /** Retention of the copies in the DR region's vault. */
  drCopyRetentionDays: int(1, 36500),
  /** Point-in-time recovery for resource types that support it (RDS, S3). */
  continuousBackup: z.boolean().default(false),
  vaultLock: z.strictObject({
    /** Governance can be lifted by privileged users; compliance becomes immutable once the grace period ends. */
    mode: z.enum(["governance", "compliance"]),
    minRetentionDays: int(1, 36500),
    maxRetentionDays: int(1, 36500),
    /** Grace period before compliance mode locks for good (AWS minimum 3). Ignored in governance mode. */
    changeableForDays: int(3, 36500).default(3),
  }),
  selection: z.strictObject({
    /** Legacy resources to protect, by ARN (EC2, EBS, RDS, EFS, DynamoDB, S3). */
    arns: z.array(arn).default([]),
    /** Resources carrying this tag are backed up too; the new platform's stateful resources carry it. */
    tag: z.strictObject({ key: z.string().min(1), value: z.string().min(1) }).optional(),
  }),
});

/** A key that existed before migration stages: present, it fails with where its job went (docs/golive.md). */
const replacedBy = (what: string) =>
  z
    .unknown()
    .refine((v) => v === undefined, { error: `no value (the key was replaced by ${what}; docs/golive.md, "Stages")` })
    .optional();

export const CutoverSchema = z.strictObject({
  /**
   * Where the migration is (config/cutover-stages.ts): preview -> canary -> data-cutover -> complete ->
   * decommissioned, or failback after the data cutover. One line moves users, the edge and the data tier.
   */
  stage: z.enum(CUTOVER_STAGES, { error: `one of ${CUTOVER_STAGES.map((s) => `"${s}"`).join(", ")}` }).default("preview"),
  hostnames: z
    .array(
      z.strictObject({
        name: hostname,
        /** Percent of this hostname's users on the new platform in the canary stage (write paths stay on legacy). */
        canaryWeight: int(1, 99).default(DEFAULT_CANARY_WEIGHT),
        /**
         * Take over the record that exists today with a Terraform import block (first apply only): `true` imports
         * today's simple record (replaced in one delete-then-create), `swapped` imports the weighted `legacy` record
         * an atomic change batch already put in its place (no NXDOMAIN window; docs/golive.md).
         */
        adoptExistingRecord: z.union([z.boolean(), z.literal("swapped")], { error: 'true, false or "swapped"' }).default(false),
        newWeight: replacedBy("cutover.stage and cutover.hostnames[].canaryWeight"),
      }),
    )
    .default([]),
  /**
   * A DMS task from the new database back to the legacy one, created and started at the data cutover, so that a
   * failback after it loses no write. Needs `dataMigration` (its replication instance).
   * @default true in production, false elsewhere
   */
  reverseReplication: z.boolean().optional(),
  decommissionLegacy: replacedBy("cutover.stage: complete"),
});

/** Shortest accepted reason for turning a safety default off (WAF, alerts): the same bar as a guardrail suppression. */
export const MIN_OFF_REASON_LENGTH = 20;

/**
 * Who receives the alarms: every alarm topic (backup events, DMS lag, cutover, global cutover) gets every subscription
 * here. An environment without any must say so with `none: <reason>`, which the synth summary prints.
 */
export const AlertsSchema = z.strictObject({
  /** E-mail addresses; each recipient confirms the subscription once (SNS sends a confirmation link). */
  emails: z.array(z.email({ error: "an email address such as ops@example.com" })).default([]),
  /** HTTPS endpoints (a chat webhook, an incident tool); each confirms the subscription as SNS documents. */
  https: z.array(z.url({ protocol: /^https$/, error: "an https:// URL such as https://hooks.example.com/sns" })).default([]),
  /**
   * Instead of subscriptions: why this environment's alarms reach no one (at least 20 characters). Printed in every
   * synth summary as a BH-MON-1 suppression.
   * @default - subscriptions required
   */
  none: z.string().optional(),
});

export const EnvironmentSchema = z.strictObject({
  /** Stack ids are `<environment>-<phase>`. */
  environment: name("staging"),
  project: name("braveheart").default("braveheart"),
  region: z.enum(AWS_REGIONS),
  /** Region of the backup copies; must differ from `region`. */
  drRegion: z.enum(AWS_REGIONS),
  /** Tags on every resource (provider default_tags), merged with project, environment, phase and managed-by. */
  tags: z.record(z.string(), z.string()).default({}),
  /**
   * The AWS account the environment deploys into. Every provider sets `allowed_account_ids` to it, so a plan or apply
   * with another account's credentials fails before it reads or changes anything. Quote it in YAML: an unquoted
   * number loses leading zeros.
   */
  accountId: z.string({ error: 'a 12-digit AWS account id in quotes, such as "123456789012"' }).regex(/^\d{12}$/, {
    error: 'a 12-digit AWS account id in quotes, such as "123456789012"',
  }),
  /** Environments flagged production get stricter defaults and guardrails (Multi-AZ, WAF, remote locked state). */
  production: z.boolean(),
  dns: z.strictObject({
    /** The existing public hosted zone, looked up by name. */
    zoneName: hostname,
  }),
  backend: BackendSchema,
  network: NetworkSchema,
  logRetentionDays: retentionDays.default(90),
  ci: z.strictObject({
    /** owner/name of the GitHub repository whose workflows may assume the deploy role. */
    githubRepository,
    githubBranch: z.string().min(1).default("main"),
    /**
     * `create` GitHub's OIDC provider in the preparation stack, or look up the `existing` one: IAM allows one per URL
     * per account, so `existing` when the account already has it (another repository's CI, or the other environment
     * sharing the account). Switching an applied stack to `existing`: docs/ci.md. With a `cloud` backend in `remote`
     * or `agent` execution the provider is only for the publish roles (`services[].source`), and absent without any.
     */
    oidcProvider: z.enum(["create", "existing"]).default("create"),
    /**
     * The GitHub environment whose reviewers must approve this environment's pull-request plans before they run. The
     * plan role then trusts only that environment's subject, not every pull request: a plan reads state, and state
     * holds the origin-verify secret (docs/ci.md, "Secrets in state"). Production sets it.
     * @default - none: every same-repository pull request plans at once (staging)
     */
    planApprovalEnvironment: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { error: "a GitHub environment name such as production-plan" }).optional(),
    /**
     * How far the migration has gone in this environment: CI's deploy job applies every phase up to and including
     * this one, in order, and never a later one. Moving on is this one line in a reviewed pull request (docs/ci.md).
     * @default "golive" (every phase)
     */
    targetPhase: z.enum(PHASES).default("golive"),
  }),
  capacity: CapacitySchema,
  edge: EdgeSchema,
  database: DatabaseSchema,
  dataMigration: DataMigrationSchema.optional(),
  legacy: LegacySchema,
  backup: BackupSchema,
  services: z.array(ServiceSchema).default([]),
  cutover: CutoverSchema.default({ stage: "preview", hostnames: [] }),
  alerts: AlertsSchema,
});

/** The validated, defaulted environment configuration every stack receives. */
export type EnvironmentConfig = z.output<typeof EnvironmentSchema>;
export type ServiceConfig = EnvironmentConfig["services"][number];
export type BackendConfig = EnvironmentConfig["backend"];
export type LegacyNetworkConfig = NonNullable<EnvironmentConfig["legacy"]["network"]>;
export type AlertsConfig = EnvironmentConfig["alerts"];
