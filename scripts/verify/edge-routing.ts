// Where CloudFront sends a path, read from the synthesized distribution: its ordered behaviours in order, the first
// whose pattern matches wins, else the default behaviour (the ALB) — CloudFront Developer Guide, "Cache behavior
// settings: Path pattern". Before the data cutover the paths of database-writing services go to the legacy origin
// (constructs/edge/cdn.ts, `legacy`), so a smoke test of those paths through the preview name would reach legacy,
// not the new service: verify skips them, saying why, instead of reporting a false failure.
import { ALB_ORIGIN, LEGACY_ORIGIN, STATIC_ORIGIN } from "../../constructs/edge/cdn";
import { cloudFrontPattern, globMatches } from "../../models/cutover/matching";

export type EdgeOrigin = "platform" | "static" | "legacy";

export interface CdnBehaviour {
  readonly pathPattern: string;
  readonly origin: EdgeOrigin;
}

type Json = Record<string, any>;
const blocks = (value: unknown): Json[] => (Array.isArray(value) ? value : value ? [value as Json] : []);
const ORIGINS: Record<string, EdgeOrigin> = { [ALB_ORIGIN]: "platform", [STATIC_ORIGIN]: "static", [LEGACY_ORIGIN]: "legacy" };

/** The ordered behaviours of the stack's distribution (phase1), in CloudFront's evaluation order. */
export function edgeBehavioursOfStack(stack: { readonly resource?: Record<string, Record<string, Json>> }): CdnBehaviour[] {
  const distributions = Object.values(stack.resource?.aws_cloudfront_distribution ?? {});
  if (distributions.length !== 1) return [];
  return blocks(distributions[0].ordered_cache_behavior).map((b) => ({
    pathPattern: String(b.path_pattern),
    origin: ORIGINS[String(b.target_origin_id)] ?? "platform",
  }));
}

/** Where a request path goes: the first behaviour whose pattern matches (a leading `/` is implied), else the ALB. */
export function edgeOriginOf(behaviours: readonly CdnBehaviour[], path: string): { origin: EdgeOrigin; pathPattern?: string } {
  const match = behaviours.find((b) => globMatches(cloudFrontPattern(b.pathPattern), path));
  return match ? { origin: match.origin, pathPattern: match.pathPattern } : { origin: "platform" };
}
