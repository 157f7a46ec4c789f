// A small evaluator for the GitHub Actions expressions the workflow uses in `if:`, `concurrency:` and `env:` (literals,
// context paths with `.name` and `[expression]` (`secrets[matrix.plan-token-secret]`), !, ==, !=, &&, ||,
// parentheses and the status functions), so tests can run the workflow's job
// gating through scenarios instead of comparing its text. Follows GitHub's rules where they matter here: string
// comparison and property names ignore case, && and || return an operand, and a job `if:` without a status function means
// `success() && (...)`.
// https://docs.github.com/en/actions/reference/workflows-and-actions/expressions

export type Value = string | number | boolean | null | { readonly [key: string]: Value } | readonly Value[];

export interface Status {
  /** Every job in `needs` succeeded. */
  readonly success: boolean;
  readonly failure: boolean;
  readonly cancelled: boolean;
}

export interface Context {
  readonly values: Readonly<Record<string, Value>>;
  readonly status: Status;
}

const STATUS_FUNCTIONS = ["success", "failure", "cancelled", "always"] as const;

type Token = { kind: "op" | "string" | "number" | "word"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|&&|\|\||!|\(|\)|\.|\[|\])/.exec(rest);
    const str = /^'((?:[^']|'')*)'/.exec(rest);
    const num = /^\d+(\.\d+)?/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (op) tokens.push({ kind: "op", text: op[0] });
    else if (str) tokens.push({ kind: "string", text: str[1].replace(/''/g, "'") });
    else if (num) tokens.push({ kind: "number", text: num[0] });
    else if (word) tokens.push({ kind: "word", text: word[0] });
    else throw new Error(`Unsupported expression syntax at "${rest}" in: ${source}`);
    i += (op ?? str ?? num ?? word)![0].length;
  }
  return tokens;
}

/** `object.key` or `object[key]`: GitHub matches property names without regard to case (secret names, too). */
function property(value: Value | undefined, key: Value): Value | undefined {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value) || typeof key !== "string") return undefined;
  const record = value as Record<string, Value>;
  if (key in record) return record[key];
  const match = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
  return match === undefined ? undefined : record[match];
}

function truthy(value: Value | undefined): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === "");
}

function toNumber(value: Value | undefined): number {
  if (value === undefined || value === null || value === false || value === "") return 0;
  if (value === true) return 1;
  return typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
}

function equals(a: Value | undefined, b: Value | undefined): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && a !== null && b !== null && a !== undefined) return a === b;
  return toNumber(a) === toNumber(b);
}

/** Evaluates `source` (with or without `${{ }}`) against `context`. */
export function evaluate(source: string, context: Context): Value {
  const inner = source.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const tokens = tokenize(inner);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (text?: string) => {
    const token = tokens[pos++];
    if (!token || (text !== undefined && token.text !== text)) throw new Error(`Expected ${text ?? "a token"} in: ${inner}`);
    return token;
  };

  const primary = (): Value => {
    const token = take();
    if (token.kind === "op" && token.text === "(") {
      const value = or();
      take(")");
      return value;
    }
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return Number(token.text);
    if (token.kind !== "word") throw new Error(`Unexpected "${token.text}" in: ${inner}`);
    if (token.text === "true" || token.text === "false") return token.text === "true";
    if (token.text === "null") return null;
    if (peek()?.text === "(") {
      take("(");
      take(")");
      switch (token.text) {
        case "success":
          return context.status.success && !context.status.cancelled;
        case "failure":
          return context.status.failure;
        case "cancelled":
          return context.status.cancelled;
        case "always":
          return true;
        default:
          throw new Error(`Unsupported function ${token.text}() in: ${inner}`);
      }
    }
    let value: Value | undefined = property(context.values, token.text);
    while (peek()?.text === "." || peek()?.text === "[") {
      if (take().text === ".") {
        value = property(value, take().text);
      } else {
        const key = or();
        take("]");
        value = property(value, key);
      }
    }
    return value ?? null;
  };
  const comparison = (): Value => {
    const left = unary();
    const op = peek()?.text;
    if (op === "==" || op === "!=") {
      take();
      const right = unary();
      return op === "==" ? equals(left, right) : !equals(left, right);
    }
    return left;
  };
  function unary(): Value {
    if (peek()?.text === "!") {
      take("!");
      return !truthy(unary());
    }
    return primary();
  }
  const and = (): Value => {
    let value = comparison();
    while (peek()?.text === "&&") {
      take();
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  function or(): Value {
    let value = and();
    while (peek()?.text === "||") {
      take();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  }

  const result = or();
  if (pos !== tokens.length) throw new Error(`Unexpected "${tokens[pos].text}" in: ${inner}`);
  return result;
}

/** Whether a job with this `if:` (undefined: none) runs: GitHub adds `success() &&` unless a status function is used. */
export function jobRuns(condition: string | undefined, context: Context): boolean {
  const source = condition ?? "true";
  const usesStatus = STATUS_FUNCTIONS.some((name) => new RegExp(`\\b${name}\\s*\\(`).test(source));
  const implicitSuccess = usesStatus || (context.status.success && !context.status.cancelled);
  return implicitSuccess && truthy(evaluate(source, context));
}
