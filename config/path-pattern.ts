// ALB path-pattern semantics, once: the config checks and `npm run verify` both ask "does this rule route that
// path?". ALB (Elastic Load Balancing docs, "Path conditions"): the pattern is compared with the path of the URL
// only (not the query string), case-sensitively; `*` matches 0 or more characters and `?` exactly one.
import { globMatches } from "../models/cutover/matching";

/** Whether an ALB path-pattern condition value matches a request path. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  return globMatches(pattern, path);
}

/**
 * The literal part of a pattern before its first wildcard (`/api/orders/*` -> `/api/orders/`): a path the pattern
 * matches whenever the pattern ends in its only `*`, which is what a routing prefix is.
 */
export function patternPrefix(pattern: string): string {
  const wildcard = pattern.search(/[*?]/);
  return wildcard === -1 ? pattern : pattern.slice(0, wildcard);
}

/** A concrete path the pattern matches: each `*` as nothing, each `?` as `x`. */
export function samplePath(pattern: string): string {
  return pattern.replace(/\*/g, "").replace(/\?/g, "x");
}
