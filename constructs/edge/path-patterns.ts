// Path patterns as CloudFront and ALB read them: `*` any run of characters (including `/`), `?` one character.

/** Paths CloudFront serves from the static-assets bucket instead of the ALB. */
export const STATIC_PATHS = ["/static/*", "/assets/*"] as const;

/**
 * Whether a CloudFront path pattern or an ALB path-pattern / host-header value matches: `*` matches any run of
 * characters (including none and `/`), `?` exactly one. Paths are case-sensitive; ALB host headers and header values
 * are not (pass `ignoreCase`).
 */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(text);
}

/**
 * "Most specific first": more literal characters before the first wildcard first, then more literal characters
 * overall, then the pattern's text, so ties never depend on the order patterns were configured in.
 */
export function compareSpecificity(a: string, b: string): number {
  const prefix = (p: string) => (p.search(/[*?]/) < 0 ? p.length + 1 : p.search(/[*?]/));
  const literal = (p: string) => p.replace(/[*?]/g, "").length;
  return prefix(b) - prefix(a) || literal(b) - literal(a) || (a < b ? -1 : a > b ? 1 : 0);
}
