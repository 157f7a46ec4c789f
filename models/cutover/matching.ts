// How CloudFront and an Application Load Balancer match a request, as documented.

export { globMatches } from "../../constructs/edge/path-patterns";

/** CloudFront accepts path patterns with or without the leading `/`; both mean the same. */
export const cloudFrontPattern = (pattern: string): string => (pattern.startsWith("/") ? pattern : `/${pattern}`);

/** Methods that change data: the model sends their writes to a database. */
export const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
export const isWrite = (method: string): boolean => (WRITE_METHODS as readonly string[]).includes(method);

/** A concrete path a pattern matches, for generated requests: each wildcard becomes `x`. */
export const samplePath = (pattern: string): string => cloudFrontPattern(pattern).replace(/[*?]/g, "x");
