// Reading synthesized attribute values. Anything computed at apply time (a reference such as
// `${aws_kms_key.Data.arn}` or a function call) is UNKNOWN at synth: rules treat it as "cannot tell" and never
// report a violation because of it.

/** A value Terraform only knows at plan/apply time. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** The value contains a Terraform expression (`${...}`); `$${` is an escaped literal and does not count. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/** true/false (also the strings "true"/"false"), UNKNOWN for expressions, undefined when absent. */
export function bool(value: unknown): boolean | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return UNKNOWN;
}

/** A number (also numeric strings), UNKNOWN for expressions, undefined when absent. */
export function num(value: unknown): number | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return UNKNOWN;
}

/** A literal string, UNKNOWN for expressions and non-strings, undefined when absent or empty. */
export function str(value: unknown): string | Unknown | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || isExpression(value)) return UNKNOWN;
  return value;
}

/** The attribute is set to something (a literal or an expression), as opposed to absent or empty. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export type Block = Readonly<Record<string, unknown>>;

/**
 * A nested block as a list: Terraform JSON accepts a single-item block both as an object and as a one-item list,
 * and cdktf writes either. A dynamic block or an expression yields UNKNOWN.
 */
export function blocks(value: unknown): Block[] | Unknown {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.every((b) => b !== null && typeof b === "object") ? (value as Block[]) : UNKNOWN;
  if (typeof value === "object") return [value as Block];
  return UNKNOWN;
}

/** The first (single) block, undefined when absent, UNKNOWN when it cannot be read. */
export function block(value: unknown): Block | Unknown | undefined {
  const list = blocks(value);
  return list === UNKNOWN ? UNKNOWN : list[0];
}

/** A JSON-encoded attribute (policies, container definitions); UNKNOWN when it is computed or not JSON. */
export function json(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return UNKNOWN;
  }
}

/** The value is (or contains) a reference to the resource at `address` (`aws_s3_bucket.Logs`). */
export function references(value: unknown, address: string): boolean {
  if (typeof value !== "string" || !isExpression(value)) return false;
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}(\\.|\\[|$|[^A-Za-z0-9_-])`).test(value.replace(/\$\{/g, " "));
}

/** A literal list of strings; UNKNOWN when the list or an element is computed. */
export function strings(value: unknown): string[] | Unknown {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return isExpression(value) ? UNKNOWN : [value];
  if (!Array.isArray(value)) return UNKNOWN;
  return value.some((v) => typeof v !== "string" || isExpression(v)) ? UNKNOWN : (value as string[]);
}
