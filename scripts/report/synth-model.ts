// What a synthesized app directory says, read generically: the manifest and each stack's cdk.tf.json, never the
// construct tree, so the review works on any commit's output (and on hand-made fixtures) whatever stacks exist.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PHASES, type Phase } from "../../stacks/phases";

/** A block body as synthesized: attributes plus cdktf's `//` metadata. */
export type Block = Record<string, unknown> & { "//"?: { metadata?: { path?: string } } & Record<string, unknown> };

export interface StackDocument {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { value?: unknown; sensitive?: boolean; description?: string }>;
  readonly terraform?: Record<string, any>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
}

export interface SynthStack {
  readonly id: string;
  /** From the id's `-<phase>` suffix; undefined for a stack that follows no phase naming. */
  readonly phase?: Phase;
  readonly document: StackDocument;
}

/** One resource or data source, with where it came from. */
export interface SynthBlock {
  readonly stack: string;
  /** `aws_lb.Alb_1A2B3C4D` or `data.terraform_remote_state.x` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Construct path below the stack, e.g. `Edge/Alb`; the logical name when cdktf recorded none. */
  readonly path: string;
  readonly body: Block;
}

/** Plain code-unit order: the same on every machine and locale, so reports diff cleanly. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function phaseOf(stackId: string): Phase | undefined {
  return PHASES.find((phase) => stackId.endsWith(`-${phase}`));
}

/** Apply order: known phases first in PHASES order, then anything else by id. */
export function compareStacks(a: { id: string; phase?: Phase }, b: { id: string; phase?: Phase }): number {
  const rank = (s: { phase?: Phase }) => (s.phase ? PHASES.indexOf(s.phase) : PHASES.length);
  return rank(a) - rank(b) || byText(a.id, b.id);
}

export function readSynth(synthDir: string): SynthStack[] {
  const manifest = JSON.parse(readFileSync(join(synthDir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks)
    .map(([id, entry]) => ({ id, phase: phaseOf(id), document: JSON.parse(readFileSync(join(synthDir, entry.synthesizedStackPath), "utf8")) as StackDocument }))
    .sort(compareStacks);
}

function relativePath(stack: string, name: string, body: Block): string {
  const path = body["//"]?.metadata?.path;
  return typeof path === "string" && path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : name;
}

function blocksOf(stack: SynthStack, kind: "resource" | "data"): SynthBlock[] {
  return Object.entries(stack.document[kind] ?? {})
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => ({
        stack: stack.id,
        address: kind === "data" ? `data.${type}.${name}` : `${type}.${name}`,
        type,
        name,
        path: relativePath(stack.id, name, body),
        body,
      })),
    )
    .sort((a, b) => byText(a.address, b.address));
}

export const resourcesOf = (stack: SynthStack): SynthBlock[] => blocksOf(stack, "resource");
export const dataSourcesOf = (stack: SynthStack): SynthBlock[] => blocksOf(stack, "data");

/** Resource count per type, sorted by type. */
export function resourceCounts(stack: SynthStack): [type: string, count: number][] {
  return Object.entries(stack.document.resource ?? {})
    .map(([type, byName]): [string, number] => [type, Object.keys(byName).length])
    .sort(([a], [b]) => byText(a, b));
}

/** Every string anywhere in a value (attribute values, list items, nested blocks), skipping `//` metadata. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => (key === "//" ? [] : stringsIn(v)));
  }
  return [];
}

/** `type.name.attribute` references to resources inside Terraform expressions (data sources keep their `data.`). */
export function referencesIn(value: unknown): string[] {
  const found = new Set<string>();
  for (const text of stringsIn(value)) {
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      for (const ref of m[1].matchAll(/(?<![\w.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)/g)) found.add(ref[1]);
    }
  }
  return [...found].sort(byText);
}

/** The first element of a block that may be synthesized as a list of one or as an object. */
export function single(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

export interface BackendDescription {
  /** `local`, `s3`, `cloud`, `remote`, ... */
  readonly type: string;
  /** Where the state lives: a relative path, `s3://bucket/key`, or `host/organization/workspace`. */
  readonly state: string;
}

export function backendOf(stack: SynthStack): BackendDescription {
  const terraform = stack.document.terraform ?? {};
  const workspaceOf = (config: Record<string, any>) => {
    const ws = single(config.workspaces) ?? {};
    const name = ws.name ?? (ws.prefix ? `${String(ws.prefix)}*` : Array.isArray(ws.tags) ? `tags: ${ws.tags.join(", ")}` : "?");
    return `${config.hostname ?? "app.terraform.io"}/${config.organization ?? "?"}/${name}`;
  };
  if (terraform.cloud) return { type: "cloud", state: workspaceOf(terraform.cloud) };
  const [type, config] = Object.entries<Record<string, any>>(terraform.backend ?? {})[0] ?? ["local", {}];
  switch (type) {
    case "local":
      return { type, state: config.path ?? "terraform.tfstate" };
    case "s3":
      return { type, state: `s3://${config.bucket}/${config.key}${config.region ? ` (${config.region})` : ""}` };
    case "remote":
      return { type, state: workspaceOf(config) };
    default:
      return {
        type,
        state: Object.entries(config)
          .filter(([, v]) => typeof v === "string")
          .map(([k, v]) => `${k}=${v}`)
          .sort(byText)
          .join(", "),
      };
  }
}
