// How CloudFront and an Application Load Balancer match a request, as documented.

/**
 * A CloudFront path pattern or an ALB path-pattern / host-header value: `*` matches any run of characters (including
 * none and including `/`), `?` exactly one; everything else literally. CloudFront and ALB path patterns are
 * case-sensitive; ALB host headers and HTTP header values are not (pass `ignoreCase`).
 */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(text);
}

/** CloudFront accepts path patterns with or without the leading `/`; both mean the same. */
export const cloudFrontPattern = (pattern: string): string => (pattern.startsWith("/") ? pattern : `/${pattern}`);

/** Methods that change data: the model sends their writes to a database. */
export const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
export const isWrite = (method: string): boolean => (WRITE_METHODS as readonly string[]).includes(method);

/**
 * How specific a path pattern is, for "most specific first": more literal characters before the first wildcard
 * first, then more literal characters overall, then the pattern's text (so ties never depend on input order).
 */
export function compareSpecificity(a: string, b: string): number {
  const prefix = (p: string) => p.search(/[*?]/) < 0 ? p.length + 1 : p.search(/[*?]/);
  const literal = (p: string) => p.replace(/[*?]/g, "").length;
  return prefix(b) - prefix(a) || literal(b) - literal(a) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A concrete path a pattern matches, for generated requests: each wildcard becomes `x`. */
export const samplePath = (pattern: string): string => cloudFrontPattern(pattern).replace(/[*?]/g, "x");
