// Route 53's documented answer rules, encoded once. Sources: Route 53 Developer Guide, "Weighted routing" (its table
// of zero-weight records with health checks) and "How Amazon Route 53 chooses records when health checking is
// configured"; "Values specific for weighted alias records" (evaluate target health); "Creating, updating and
// deleting health checks" (calculated health checks, CloudWatch alarm health checks).

/** One record of a weighted set (same name and type), with what the scenario says about its health. */
export interface Candidate<T> {
  readonly weight: number;
  /**
   * Whether Route 53 counts the record healthy:
   * - a record with a health check is healthy while the check is;
   * - an alias record with evaluate_target_health is healthy while its target is (an ELB with a healthy target in
   *   some enabled AZ); CloudFront targets cannot be evaluated, so such records stay healthy;
   * - a record with neither is ALWAYS healthy ("records without a health check are always healthy").
   */
  readonly healthy: boolean;
  readonly value: T;
}

export interface Answer<T> {
  readonly value: T;
  /** Share of DNS answers, 0..1. */
  readonly share: number;
  /** The record had weight 0: answered only because no record with a non-zero weight was. */
  readonly zeroWeight: boolean;
  /** Answered although unhealthy: every record of the set was unhealthy, so Route 53 treated all as healthy. */
  readonly unhealthy: boolean;
}

/**
 * The records Route 53 answers a query for a weighted set with, and each one's share:
 * 1. "If no record in a group is healthy, Route 53 considers all records healthy" and chooses by the routing policy;
 * 2. among the records considered healthy, only those with a NON-ZERO weight are chosen, in proportion to weight;
 * 3. "If all records that have a weight greater than 0 are unhealthy, Route 53 considers the zero-weighted records":
 *    the healthy zero-weight records answer, with equal shares. This is the leak: weight 0 is not zero traffic;
 * 4. if every record has weight 0 (and some are healthy), the healthy ones answer with equal shares.
 * A simple (non-weighted) record is a set of one with weight 1.
 */
export function weightedAnswers<T>(set: readonly Candidate<T>[]): Answer<T>[] {
  if (set.length === 0) return [];
  const anyHealthy = set.some((c) => c.healthy);
  const considered = anyHealthy ? set.filter((c) => c.healthy) : set;
  const nonZero = considered.filter((c) => c.weight > 0);
  const unhealthy = !anyHealthy;
  if (nonZero.length > 0) {
    const total = nonZero.reduce((sum, c) => sum + c.weight, 0);
    return nonZero.map((c) => ({ value: c.value, share: c.weight / total, zeroWeight: false, unhealthy }));
  }
  return considered.map((c) => ({ value: c.value, share: 1 / considered.length, zeroWeight: true, unhealthy }));
}

/** A Route 53 health check as synthesized, reduced to what decides its status. */
export type HealthCheckKind =
  /** Healthy while at least `threshold` children are (inverted by `invert`). */
  | { readonly type: "CALCULATED"; readonly children: readonly string[]; readonly threshold: number }
  /** Healthy while the CloudWatch alarm is OK (INSUFFICIENT_DATA: per insufficient_data_health_status). */
  | { readonly type: "CLOUDWATCH_METRIC"; readonly alarm: string }
  /** Healthy while the endpoint answers 2xx/3xx from most checker regions (`failure_threshold` times in a row). */
  | { readonly type: "HTTP" | "HTTPS"; readonly fqdn: string; readonly path: string };

/** `invert_healthcheck` flips any check's status. */
export const applyInvert = (healthy: boolean, invert: unknown): boolean => (invert === true ? !healthy : healthy);
