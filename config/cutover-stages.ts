// The migration stages: one line per environment (`cutover.stage`) decides what Route 53, CloudFront and the data
// tier do. The guarantees are properties of this table, proven by the cutover simulator (models/cutover) over every
// health scenario: before the data cutover no health state puts a user's write on the new database, and after it
// no health state sends users back to the legacy database.

/** In order of a migration; `failback` is the way back after the data cutover. */
export const CUTOVER_STAGES = ["preview", "canary", "data-cutover", "complete", "decommissioned", "failback"] as const;
export type CutoverStage = (typeof CUTOVER_STAGES)[number];

/** What one public hostname's weighted record does in a stage. */
export interface RecordPlan {
  /** Route 53 weight; `canary` means the hostname's configured canary weight (the legacy record gets the rest). */
  readonly weight: number | "canary" | "rest-of-canary";
  /**
   * Whether Route 53 may take the record out of the answers when its platform fails: the legacy record evaluates
   * the legacy load balancer's health, the new record carries the platform health check. Off where the other
   * record must never be answered instead (a zero-weight partner is answered when this one is unhealthy).
   */
  readonly healthChecked: boolean;
}

export interface StagePlan {
  /** Which database users' writes go to: legacy until the data cutover, the new RDS after it. */
  readonly dataOwner: "legacy" | "new";
  /** The `legacy` record of each public hostname; absent: not in the set. */
  readonly legacyRecord?: RecordPlan;
  /** The `new` record of each public hostname; absent: not in the set (the new platform answers only `new.<zone>`). */
  readonly newRecord?: RecordPlan;
  /**
   * CloudFront sends the routes of services with `usesDatabase` to the legacy load balancer (reads and writes): users
   * the canary puts on the new platform keep writing to the legacy database.
   */
  readonly pinWritePathsToLegacy: boolean;
  /** The reverse DMS task (new -> legacy) exists, when `cutover.reverseReplication` is on. */
  readonly reverseReplication: boolean;
  /** One line for the docs and the report: what an operator sees in this stage. */
  readonly summary: string;
}

export const STAGE_PLANS: Readonly<Record<CutoverStage, StagePlan>> = {
  preview: {
    dataOwner: "legacy",
    // Weight 100 of a set of one; no `new` record, so nothing can leak to the new platform whatever fails.
    legacyRecord: { weight: 100, healthChecked: true },
    pinWritePathsToLegacy: true,
    reverseReplication: false,
    summary: "users on legacy; the new platform answers only new.<zone>",
  },
  canary: {
    dataOwner: "legacy",
    // Both weights non-zero (config: canaryWeight 1..99), so neither record is ever a zero-weight fallback; when
    // legacy fails its share goes to the new platform, which serves every write path from legacy anyway.
    legacyRecord: { weight: "rest-of-canary", healthChecked: true },
    newRecord: { weight: "canary", healthChecked: true },
    pinWritePathsToLegacy: true,
    reverseReplication: false,
    summary: "canaryWeight % of users on the new platform for stateless routes; write paths served by legacy",
  },
  "data-cutover": {
    dataOwner: "new",
    // The new record has no health check, so it is always healthy and the weight-0 legacy record is never answered:
    // no automatic failback to a database that no longer receives writes. Kept so failback is a weight change.
    legacyRecord: { weight: 0, healthChecked: false },
    newRecord: { weight: 100, healthChecked: false },
    pinWritePathsToLegacy: false,
    reverseReplication: true,
    summary: "every user on the new platform, writes to RDS; reverse replication keeps legacy current for a failback",
  },
  complete: {
    dataOwner: "new",
    newRecord: { weight: 100, healthChecked: false },
    pinWritePathsToLegacy: false,
    reverseReplication: true,
    summary: "legacy records removed; reverse replication still allows a failback",
  },
  decommissioned: {
    dataOwner: "new",
    newRecord: { weight: 100, healthChecked: false },
    pinWritePathsToLegacy: false,
    reverseReplication: false,
    summary: "reverse replication removed: no way back to the legacy database",
  },
  failback: {
    dataOwner: "legacy",
    // The new record stays at weight 0 (deleting it while the legacy record is created could leave the name empty);
    // the legacy record is not health-checked, so it is always healthy and the weight-0 new record never answers.
    legacyRecord: { weight: 100, healthChecked: false },
    newRecord: { weight: 0, healthChecked: false },
    pinWritePathsToLegacy: true,
    reverseReplication: true,
    summary: "users back on legacy after a data cutover; the reverse task stays until its last changes are applied",
  },
};

/** The weight a record plan gives a hostname. */
export function recordWeight(plan: RecordPlan, canaryWeight: number): number {
  if (plan.weight === "canary") return canaryWeight;
  if (plan.weight === "rest-of-canary") return 100 - canaryWeight;
  return plan.weight;
}

/** @default canary weight when a hostname sets none */
export const DEFAULT_CANARY_WEIGHT = 10;

/** Whether the reverse DMS task is wanted: `cutover.reverseReplication`, by default on in production only. */
export function reverseReplicationEnabled(config: { readonly production: boolean; readonly cutover: { readonly reverseReplication?: boolean } }): boolean {
  return config.cutover.reverseReplication ?? config.production;
}

/** Percent of a hostname's users on the new platform while both platforms are healthy. */
export function newPlatformPercent(plan: StagePlan, canaryWeight: number): number {
  const n = plan.newRecord ? recordWeight(plan.newRecord, canaryWeight) : 0;
  const l = plan.legacyRecord ? recordWeight(plan.legacyRecord, canaryWeight) : 0;
  return n + l === 0 ? 0 : Math.round((100 * n) / (n + l));
}

/** The path patterns of every service that writes to the database (`usesDatabase`), each once, sorted. */
export function writePathPatterns(services: readonly { readonly usesDatabase: boolean; readonly routing: { readonly paths: readonly string[] } }[]): string[] {
  return [...new Set(services.filter((s) => s.usesDatabase).flatMap((s) => s.routing.paths))].sort();
}
