// Path patterns as CloudFront and ALB read them: `*` any run of characters (including `/`), `?` one character.

/**
 * "Most specific first": more literal characters before the first wildcard first, then more literal characters
 * overall, then the pattern's text, so ties never depend on the order patterns were configured in.
 */
export function compareSpecificity(a: string, b: string): number {
  const prefix = (p: string) => (p.search(/[*?]/) < 0 ? p.length + 1 : p.search(/[*?]/));
  const literal = (p: string) => p.replace(/[*?]/g, "").length;
  return prefix(b) - prefix(a) || literal(b) - literal(a) || (a < b ? -1 : a > b ? 1 : 0);
}
