// Reads one environment file, validates it completely and returns the typed config, or throws a ConfigError that
// lists every problem with the file, the field path, the value and what is allowed. Nothing is built before this.
import { readFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { EnvironmentSchema, type EnvironmentConfig } from "./schema";
import { semanticProblems, serviceRef, type ConfigProblem } from "./semantic";

/** Repository root: config paths in messages are shown relative to it. */
export const REPO_ROOT = resolve(__dirname, basename(dirname(__dirname)) === "dist" ? "../.." : "..");
export const DEFAULT_CONFIG = resolve(REPO_ROOT, "config/staging.yaml");
/** Environment variable that selects the environment file. */
export const CONFIG_ENV_VAR = "BRAVEHEART_CONFIG";

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "ConfigError";
  }
}

/** The file selected by BRAVEHEART_CONFIG, else the shipped staging file. */
export function selectedConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return selectedConfigPaths(env)[0];
}

/** BRAVEHEART_CONFIG may list several files, comma-separated, to synthesize several environments in one app. */
export function selectedConfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = (env[CONFIG_ENV_VAR] ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  return chosen.length ? chosen.map((p) => resolve(process.cwd(), p)) : [DEFAULT_CONFIG];
}

/**
 * Loads every selected file and reports the problems of all of them at once; two files may not describe the
 * same environment (their stack ids would collide).
 */
export function loadConfigs(paths: readonly string[]): EnvironmentConfig[] {
  const configs: EnvironmentConfig[] = [];
  const errors: ConfigError[] = [];
  for (const path of paths) {
    try {
      configs.push(loadConfig(path));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push(err);
    }
  }
  if (errors.length) throw new ConfigErrors(errors);
  const seen = new Map<string, string>();
  configs.forEach((config, i) => {
    const earlier = seen.get(config.environment);
    if (earlier) {
      throw new ConfigError(displayPath(paths[i]), [
        { path: "environment", value: config.environment, message: `is also the environment of ${earlier}; allowed: one file per environment` },
      ]);
    }
    seen.set(config.environment, displayPath(paths[i]));
  });
  return configs;
}

/** Problems in several files. */
export class ConfigErrors extends ConfigError {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors[0].file, errors.flatMap((e) => e.problems));
    this.message = errors.map((e) => e.message).join("\n");
  }
}

export function loadConfig(path: string = selectedConfigPath()): EnvironmentConfig {
  const display = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : (err as Error).message;
    throw new ConfigError(display, [{ path: "(file)", message: `${reason}; set ${CONFIG_ENV_VAR} to an environment file such as config/staging.yaml` }]);
  }
  return parseConfig(text, display);
}

/** Validates YAML text; `file` is only used in messages. Exposed for tests. */
export function parseConfig(text: string, file: string): EnvironmentConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Only the first syntax error: the parser's later ones are usually consequences of it.
    throw new ConfigError(
      file,
      doc.errors.slice(0, 1).map((e) => {
        // With prettyErrors off the parser leaves linePos empty; the offsets still say where the error is.
        const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
        return { path: pos ? `line ${pos.line}, column ${pos.col}` : "(document)", message: `YAML syntax error: ${e.message.split("\n")[0]}` };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (!isMap(doc.contents)) {
    throw new ConfigError(file, [{ path: "(document)", value: raw, message: "allowed: a mapping of settings (see config/staging.yaml)" }]);
  }
  return validateConfig(raw, file, nodeLocator(doc, lineCounter));
}

/** Where in the file a problem is: `line 12, column 3`, or undefined where the document has no node. */
type Locate = (path: readonly PropertyKey[], what: "key" | "value" | "parent") => string | undefined;

/**
 * Locates nodes of the parsed document for schema problems about its STRUCTURE (unknown keys, missing fields, wrong
 * types): these are what an indentation slip produces, and their path alone does not say where the slip is.
 */
function nodeLocator(doc: Document, lineCounter: LineCounter): Locate {
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return `line ${pos.line}, column ${pos.col}`;
  };
  return (path, what) => {
    const parent = path.length <= 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    // A top-level field missing from the document: "the mapping at line 1" would say nothing.
    if (what === "parent") return path.length > 1 && isNode(parent) && parent.range ? `in the mapping at ${at(parent.range[0])}` : undefined;
    if (what === "key" && isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(path[path.length - 1]));
      return pair && isScalar(pair.key) && pair.key.range ? at(pair.key.range[0]) : undefined;
    }
    const node = doc.getIn(path, true);
    return isNode(node) && node.range ? at(node.range[0]) : undefined;
  };
}

/**
 * Validates a parsed environment document (schema, then cross-field rules) and returns it typed, with defaults;
 * `file` is only used in messages. parseConfig's second half, exposed for tests that edit a parsed document.
 */
export function validateConfig(raw: unknown, file: string, locate?: Locate): EnvironmentConfig {
  const parsed = EnvironmentSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = withoutRepeats(parsed.error.issues.flatMap((issue) => describeIssue(issue, raw, locate)));
    throw new ConfigError(file, withServiceNames(problems, raw));
  }
  const problems = semanticProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(file, withServiceNames(locatedProblems(problems, locate), raw));
  return parsed.data;
}

/**
 * Cross-field problems carry a field path but no position: give each the line and column of the node at its path
 * (the value as written), or for a missing value the mapping it belongs in, where the document has one. A value
 * that came from a default has no node and keeps no position. The problem's message is unchanged.
 */
function locatedProblems(problems: readonly ConfigProblem[], locate: Locate | undefined): ConfigProblem[] {
  if (!locate) return [...problems];
  return problems.map((p) => {
    if (p.where !== undefined) return p;
    const path = parseFieldPath(p.path);
    if (!path) return p;
    const where = locate(path, "value") ?? (p.value === undefined ? locate(path, "parent") : undefined);
    return where === undefined ? p : { ...p, where };
  });
}

/**
 * `services[2] (web).routing.paths[0]` -> ["services", 2, "routing", "paths", 0]: formatPath read backwards, the
 * service-name decoration (serviceRef) dropped. Undefined for what is not a field path (`(file)`, `line 3, ...`).
 * A key that itself contains a dot (an environment variable map never has one that validates) cannot be told
 * apart from two keys; it then finds no node and the problem keeps no position.
 */
export function parseFieldPath(path: string): (string | number)[] | undefined {
  const bare = path.replace(/\] \([^()]*\)/g, "]");
  if (!/^[A-Za-z_][\w-]*(?:\[\d+\]|\.[\w-]+)*$/.test(bare)) return undefined;
  return [...bare.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]));
}

const SERVICE_ENTRY = /^services\[(\d+)\]/;

/**
 * `services[4].port` -> `services[4] (invoices).port`: an index alone makes the reader count list entries. The name
 * comes from the raw document, so a schema error in an entry whose `name` is itself invalid still gets it when it is
 * a string; an entry without one, and a problem with the name itself, keep the bare index.
 */
export function withServiceNames(problems: readonly ConfigProblem[], raw: unknown): ConfigProblem[] {
  const services = (raw as { services?: unknown } | null)?.services;
  const nameOf = (index: number): string | undefined => {
    const entry = Array.isArray(services) ? (services[index] as { name?: unknown } | null) : undefined;
    const name = entry !== null && typeof entry === "object" ? entry.name : undefined;
    return typeof name === "string" && name.trim() !== "" ? name : undefined;
  };
  return problems.map((p) => {
    const entry = SERVICE_ENTRY.exec(p.path);
    // A problem with the name itself already shows it as the value.
    const name = entry && p.path !== `${entry[0]}.name` ? nameOf(Number(entry[1])) : undefined;
    return name === undefined ? p : { ...p, path: p.path.replace(SERVICE_ENTRY, serviceRef(Number(entry![1]), name)) };
  });
}

/**
 * zod can raise the same complaint twice for one value (1e30 is both above the field's maximum and outside the safe
 * integers, and both say "out of range"): the user needs it once.
 */
function withoutRepeats(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.value, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), "");
}

export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => {
    const got = "value" in p && p.value !== undefined ? `got ${JSON.stringify(p.value)}` : undefined;
    const details = [p.where, got].filter((d) => d !== undefined);
    return `  - ${p.path}${details.length ? ` (${details.join("; ")})` : ""}: ${p.message}`;
  });
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return `Invalid configuration in ${file} (${count}):\n${lines.join("\n")}`;
}

// ---- zod issue -> problem ----------------------------------------------------------------------------------------

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, seg) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[seg] : undefined), raw);
}

/** Unwraps optional/default/pipe wrappers to the schema that does the checking. */
function unwrap(schema: AnySchema): AnySchema {
  const def = schema._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return schema;
}

/** Finds the schema at a path, following the raw value through discriminated unions. */
function schemaAt(path: readonly PropertyKey[], raw: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = EnvironmentSchema;
  let value: unknown = raw;
  for (const seg of path) {
    if (!schema) return undefined;
    schema = unwrap(schema);
    const def = schema._zod.def as {
      type: string; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema;
      options?: AnySchema[]; discriminator?: string;
    };
    if (def.type === "union" && def.options && def.discriminator) {
      const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      schema = def.options.find((o) => {
        const shape = (unwrap(o)._zod.def as { shape?: Record<string, AnySchema> }).shape;
        const lit = shape?.[def.discriminator!]?._zod.def as { values?: unknown[] } | undefined;
        return lit?.values?.includes(tag);
      });
      if (!schema) return undefined;
      schema = unwrap(schema);
    }
    const d = schema._zod.def as typeof def;
    schema = d.shape ? d.shape[String(seg)] : d.element ?? d.valueType;
    value = (value as Record<PropertyKey, unknown> | undefined)?.[seg];
  }
  return schema ? unwrap(schema) : undefined;
}

function knownKeys(path: readonly PropertyKey[], raw: unknown): string[] {
  const schema = path.length === 0 ? EnvironmentSchema : schemaAt(path, raw);
  if (!schema) return [];
  const def = unwrap(schema)._zod.def as { shape?: Record<string, unknown>; options?: AnySchema[]; discriminator?: string };
  if (def.shape) return Object.keys(def.shape);
  if (def.options && def.discriminator) {
    const tag = (valueAt(raw, path) as Record<string, unknown> | undefined)?.[def.discriminator];
    const option = def.options.map(unwrap).find((o) => {
      const shape = (o._zod.def as { shape?: Record<string, AnySchema> }).shape;
      return (shape?.[def.discriminator!]?._zod.def as { values?: unknown[] } | undefined)?.values?.includes(tag);
    });
    return option ? Object.keys((option._zod.def as unknown as { shape: Record<string, unknown> }).shape) : [];
  }
  return [];
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diag = prev[j];
      prev[j] = next;
    }
  }
  return prev[b.length];
}

function nearest(key: string, candidates: readonly string[]): string | undefined {
  const ranked = candidates.map((c) => ({ c, d: editDistance(key, c) })).sort((x, y) => x.d - y.d);
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.c : undefined;
}

function numberRange(schema: AnySchema | undefined): string | undefined {
  const num = schema as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean } | undefined;
  if (!num || num.minValue === undefined) return undefined;
  const kind = num.isInt ? "an integer" : "a number";
  const min = num.minValue !== null && Number.isFinite(num.minValue) && Math.abs(num.minValue) < Number.MAX_SAFE_INTEGER ? num.minValue : null;
  const max = num.maxValue !== null && num.maxValue !== undefined && Number.isFinite(num.maxValue) && Math.abs(num.maxValue) < Number.MAX_SAFE_INTEGER ? num.maxValue : null;
  if (min !== null && max !== null) return `${kind} from ${min} to ${max}`;
  if (min !== null) return `${kind} >= ${min}`;
  if (max !== null) return `${kind} <= ${max}`;
  return kind;
}

function allowedFor(schema: AnySchema | undefined): string | undefined {
  if (!schema) return undefined;
  const def = schema._zod.def as {
    type: string; entries?: Record<string, string>; values?: unknown[]; options?: AnySchema[]; discriminator?: string;
  };
  switch (def.type) {
    case "union": {
      // Only the backend is a union of mappings; zod would say "object".
      if (!def.discriminator) return undefined;
      const tags = (def.options ?? []).flatMap((o) => {
        const tag = (unwrap(o)._zod.def as { shape?: Record<string, AnySchema> }).shape?.[def.discriminator!];
        return ((tag?._zod.def as { values?: unknown[] } | undefined)?.values ?? []).map((v) => JSON.stringify(v));
      });
      return `a mapping whose ${def.discriminator} is one of ${tags.join(", ")}`;
    }
    case "number":
      return numberRange(schema);
    case "enum":
      return `one of ${Object.values(def.entries ?? {}).join(", ")}`;
    case "literal":
      return `${(def.values ?? []).map((v) => JSON.stringify(v)).join(" or ")}`;
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    case "array":
      return "a list";
    case "object":
      return "a mapping";
    case "record":
      return "a mapping of names to values";
    default:
      return undefined;
  }
}

function describeIssue(issue: Issue, raw: unknown, locate: Locate = () => undefined): ConfigProblem[] {
  const path = formatPath(issue.path);
  const value = valueAt(raw, issue.path);
  const leaf = schemaAt(issue.path, raw);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeys(issue.path, raw);
      return issue.keys.map((key) => {
        const suggestion = nearest(key, known);
        const hint = suggestion ? `did you mean '${suggestion}'? ` : "";
        return {
          path: path ? `${path}.${key}` : key,
          where: locate([...issue.path, key], "key"),
          message: `unknown key; ${hint}allowed keys here: ${known.join(", ")}`,
        };
      });
    }
    case "invalid_type": {
      if (value === undefined) {
        return [{ path, where: locate(issue.path, "parent"), message: `missing required field; allowed: ${allowedFor(leaf) ?? issue.expected}` }];
      }
      // YAML reads 16.4, 2026.11 or yes unquoted as a number or boolean where a string was meant.
      const quote = issue.expected === "string" && (typeof value === "number" || typeof value === "boolean") ? ` (quote it: "${String(value)}")` : "";
      return [{ path, value, where: locate(issue.path, "value"), message: `wrong type; allowed: ${allowedFor(leaf) ?? issue.expected}${quote}` }];
    }
    case "too_small":
    case "too_big": {
      if (issue.origin === "array" || issue.origin === "string") {
        const limit = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
        const unit = `${issue.origin === "array" ? "item" : "character"}${limit === 1 ? "" : "s"}`;
        const bound = issue.code === "too_small" ? `at least ${limit}` : `at most ${limit}`;
        return [{ path, value, message: `allowed: a ${issue.origin === "array" ? "list" : "string"} of ${bound} ${unit}` }];
      }
      return [{ path, value, message: `out of range; allowed: ${numberRange(leaf) ?? issue.message}` }];
    }
    case "invalid_value": {
      const allowed = `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      // zod reports a missing enum field as a bad value; say it is missing, like any other required field.
      return value === undefined ? [{ path, where: locate(issue.path, "parent"), message: `missing required field; allowed: ${allowed}` }] : [{ path, value, message: `allowed: ${allowed}` }];
    }
    case "invalid_union": {
      const disc = (issue as { discriminator?: string }).discriminator;
      if (disc) {
        // zod reports a bad discriminator at the discriminator's own path; the union sits one level up.
        const unionPath = issue.path[issue.path.length - 1] === disc ? issue.path.slice(0, -1) : issue.path;
        const union = unionPath.length === 0 ? undefined : schemaAt(unionPath, raw);
        const options = ((union?._zod.def as { options?: AnySchema[] })?.options ?? [])
          .map((o) => (unwrap(o)._zod.def as unknown as { shape: Record<string, AnySchema> }).shape[disc])
          .flatMap((s) => ((s?._zod.def as { values?: unknown[] })?.values ?? []).map((v) => JSON.stringify(v)));
        const discPath = [...unionPath, disc];
        const tag = valueAt(raw, discPath);
        return tag === undefined
          ? [{ path: formatPath(discPath), where: locate(discPath, "parent"), message: `missing required field; allowed: one of ${options.join(", ")}` }]
          : [{ path: formatPath(discPath), value: tag, message: `allowed: one of ${options.join(", ")}` }];
      }
      // The schema's unions of literals (cpu, phase, retention periods) carry their own message.
      return value === undefined ? [{ path, where: locate(issue.path, "parent"), message: `missing required field; allowed: ${issue.message}` }] : [{ path, value, message: `allowed: ${issue.message}` }];
    }
    case "invalid_key": {
      // The key itself is wrong: show the key, and what the key schema allows (its own message).
      const key = issue.path[issue.path.length - 1];
      const allowed = issue.issues.map((inner) => describeFormat(inner)).join("; ");
      return [{ path, value: key, message: `is not an allowed key here; allowed: ${allowed}` }];
    }
    case "invalid_format":
      return [{ path, value, message: `allowed: ${describeFormat(issue)}` }];
    default:
      return [{ path, value, message: `allowed: ${issue.message}` }];
  }
}

/**
 * What a string format allows: the schema's own message, else plain words for the formats zod names. Never zod's
 * text ("Invalid email address", "Invalid string: must match pattern ...") or its format id ("regex"): every format
 * in the schema carries a message (__tests__/config/messages.test.ts checks), so this fallback is for new fields.
 */
function describeFormat(issue: Issue): string {
  if (issue.code !== "invalid_format") return issue.message;
  if (!issue.message.startsWith("Invalid")) return issue.message;
  if (issue.format === "email") return "an email address such as ops@example.com";
  if (issue.format === "regex" && issue.pattern) return `a string matching the pattern ${issue.pattern}`;
  return `a valid ${issue.format}`;
}
