// The app synthesized as HCL (`cdk.tf` per stack) for reviewers, through cdktf's own HCL output, with the three
// defects of cdktf 0.21's HCL renderer that affect this app repaired, then formatted (hclwrite, as `cdktf synth --hcl`
// does, no terraform binary needed) and proven equal to the JSON synth by parsing it back with HashiCorp's parser.
//
// The cdktf 0.21 defects (lib/hcl/render.js), each caught by the round trip:
// 1. A string holding both `"` and `${` is written unescaped, e.g. every IAM/KMS policy that interpolates an ARN:
//    `policy = "{"Version":...}"` is not HCL. We escape every single-line string's literal parts before rendering.
// 2. Top-level `terraform` attributes (`required_version`) are rendered as `0 = "required_version"`: we put the
//    real attributes back.
// 3. An empty list given as a block list (`ingress = []` on the default security group, which strips its rules) is
//    dropped: we render it as an empty list attribute.
// And one gap: its renderer writes only the top-level blocks it knows (no `removed`), so an element with a block of
// its own (constructs/state/removed-block.ts) supplies the text (`HclTextElement`), appended here.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type App, DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from "cdktf";
import { buildApp } from "../../app";
import type { EnvironmentConfig } from "../../config/schema";
import type { IConstruct } from "constructs";
import { assertNoErrorAnnotations } from "../atomic-synth";
import { terraformDifferences } from "./hcl-compare";
import { escapeQuotedTemplate, soleInterpolation } from "./hcl-template";

/** cdktf reads this when a stack is constructed: the only switch that makes its synthesizer write HCL. */
const HCL_OUTPUT_ENV = "SYNTH_HCL_OUTPUT";

export interface HclStack {
  readonly stack: string;
  /** Relative to the output directory, e.g. `stacks/staging-preparation/cdk.tf`. */
  readonly file: string;
  readonly hcl: string;
  /** `hcl` as HashiCorp's parser (@cdktf/hcl2json) reads it back: what the round-trip check compared with the JSON. */
  readonly parsed: Record<string, unknown>;
}

export class HclRoundTripError extends Error {
  constructor(
    readonly stack: string,
    readonly differences: readonly string[],
  ) {
    const shown = differences.slice(0, 20).map((d) => `  - ${d}`);
    const more = differences.length > shown.length ? [`  ... and ${differences.length - shown.length} more`] : [];
    super([`${stack}: the HCL does not say what the JSON says (${differences.length} difference(s)):`, ...shown, ...more].join("\n"));
    this.name = "HclRoundTripError";
  }
}

type Fragment = unknown;

/** Makes a resolved cdktf HCL fragment safe for cdktf's renderer (defects 1 and 3 above). */
export function hclSafeFragment(fragment: Fragment): Fragment {
  if (typeof fragment === "string") {
    // Multi-line strings become heredocs, where quotes and backslashes are literal.
    return /[\r\n]/.test(fragment) ? fragment : escapeQuotedTemplate(fragment);
  }
  if (Array.isArray(fragment)) return fragment.map(hclSafeFragment);
  if (fragment === null || typeof fragment !== "object") return fragment;
  const entries = Object.entries(fragment).map(([key, value]) => [key, key === "//" ? value : hclSafeFragment(value)] as const);
  const safe: Record<string, unknown> = Object.fromEntries(entries);
  if (Array.isArray(safe.value) && safe.value.length === 0 && (safe.isBlock || safe.is_block)) {
    return { ...safe, isBlock: false, is_block: false };
  }
  return safe;
}

function renderValue(value: unknown): string {
  if (typeof value === "string") return `"${escapeQuotedTemplate(value)}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Puts the `terraform` block's own attributes back where cdktf wrote `0 = "required_version"` (defect 2). Expects
 * formatted HCL, where the block's closing brace is the first unindented `}`.
 */
export function repairTerraformBlock(hcl: string, terraformBlock: Record<string, unknown> | undefined): string {
  const end = hcl.search(/^}$/m);
  if (!terraformBlock || !hcl.startsWith("terraform {") || end < 0) return hcl;
  const head = hcl.slice(0, end).replace(/^[ \t]*\d+ = "([^"]+)"$/gm, (line, key: string) =>
    key in terraformBlock ? `  ${key} = ${renderValue(terraformBlock[key])}` : line,
  );
  return head + hcl.slice(end);
}

/**
 * `"${aws_vpc.main.id}"` -> `aws_vpc.main.id`, as `terraform fmt` writes it: the same value (Terraform returns an
 * interpolation-only template's value unchanged), easier to read. Heredoc bodies are left alone.
 */
export function unwrapSoleInterpolations(hcl: string): string {
  let heredocEnd: string | undefined;
  return hcl
    .split("\n")
    .map((line) => {
      if (heredocEnd !== undefined) {
        if (line.trim() === heredocEnd) heredocEnd = undefined;
        return line;
      }
      const heredoc = /<<-?([A-Za-z_][A-Za-z0-9_]*)$/.exec(line);
      if (heredoc) {
        heredocEnd = heredoc[1];
        return line;
      }
      const quoted = /^(\s*(?:(?:[A-Za-z0-9_-]+|"[^"]*")\s*=\s*)?)"(\$\{.*\})"(,?)$/.exec(line);
      const expression = quoted ? soleInterpolation(quoted[2]) : undefined;
      return quoted && expression !== undefined ? `${quoted[1]}${expression.trim()}${quoted[3]}` : line;
    })
    .join("\n");
}

/** `x = [` + blank line + `]` (how cdktf writes an empty list) -> `x = []`. */
export function collapseEmptyLists(hcl: string): string {
  return hcl.replace(/= \[\n[ \t]*\n[ \t]*\]/g, "= []");
}

/** An element whose top-level block cdktf's HCL renderer does not know: it writes its own HCL text. */
export interface HclTextElement {
  hclText(): string;
}
const hasHclText = (element: IConstruct): element is IConstruct & HclTextElement => typeof (element as Partial<HclTextElement>).hclText === "function";

/** Wraps a stack's HCL rendering with the repairs; returns what its JSON synth says, for the round-trip check. */
function repairHclRendering(stack: TerraformStack): () => Record<string, unknown> {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const renderHcl = stack.toHclTerraform.bind(stack);
  let expected: Record<string, unknown> = {};
  stack.toHclTerraform = () => {
    // Elements are patched here, not earlier: cross-stack outputs and remote-state sources exist only after prepareStack.
    for (const element of stack.node.findAll().filter(TerraformElement.isTerraformElement)) {
      const renderElement = element.toHclTerraform.bind(element);
      element.toHclTerraform = () => hclSafeFragment(Tokenization.resolve(renderElement(), { scope: stack, preparing: false, resolver }));
    }
    expected = stack.toTerraform();
    const rendered = renderHcl();
    const ownText = stack.node.findAll().filter(hasHclText).map((element) => element.hclText());
    return ownText.length === 0 ? rendered : { ...rendered, hcl: [rendered.hcl, ...ownText].join("\n\n") };
  };
  return () => expected;
}

export interface SynthHclOptions {
  /**
   * Where the HCL goes: a new or empty directory. Nothing here deletes; `npm run synth:hcl` passes the scratch
   * directory of synthAtomicallyAsync, which replaces the output directory only when this succeeds.
   */
  readonly outdir: string;
  /** Builds the app to synthesize. @default buildApp from app.ts, as `npm run synth` builds it */
  readonly build?: (config: EnvironmentConfig, options: { outdir: string }) => { app: App };
}

/** Synthesizes every stack of the environment as formatted HCL and proves each equal to its JSON synth. */
export async function synthHcl(config: EnvironmentConfig, options: SynthHclOptions): Promise<HclStack[]> {
  mkdirSync(options.outdir, { recursive: true });
  const previous = process.env[HCL_OUTPUT_ENV];
  process.env[HCL_OUTPUT_ENV] = "true";
  let built;
  try {
    built = (options.build ?? buildApp)(config, { outdir: options.outdir });
  } finally {
    if (previous === undefined) delete process.env[HCL_OUTPUT_ENV];
    else process.env[HCL_OUTPUT_ENV] = previous;
  }
  const stacks = built.app.node.findAll().filter(TerraformStack.isStack);
  const expectedJson = new Map(stacks.map((stack) => [stack.node.id, repairHclRendering(stack)]));
  built.app.synth();
  // Guardrail errors first (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS lets synth finish): a violating stack's HCL is
  // not worth formatting, and a round-trip failure must not hide the violation.
  assertNoErrorAnnotations(options.outdir);
  // HashiCorp's formatter and parser (Go compiled to WebAssembly) take ~2 s to load, so only now that there is HCL to
  // format: a config problem or a guardrail violation fails without that wait.
  const [{ format }, { parse }] = await Promise.all([import("@cdktf/hcl-tools"), import("@cdktf/hcl2json")]);

  const manifest = JSON.parse(readFileSync(join(options.outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const result: HclStack[] = [];
  for (const [stack, entry] of Object.entries(manifest.stacks).sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(options.outdir, entry.synthesizedStackPath);
    const expected = expectedJson.get(stack)?.();
    const formatted = await format(readFileSync(path, "utf8"));
    const repaired = repairTerraformBlock(formatted, expected?.terraform as Record<string, unknown> | undefined);
    // Formatted again: the tidied lines change how attributes align.
    const hcl = await format(collapseEmptyLists(unwrapSoleInterpolations(repaired)));
    writeFileSync(path, hcl);
    const parsed = await parse(entry.synthesizedStackPath, hcl);
    if (expected) {
      const differences = terraformDifferences(expected, parsed);
      if (differences.length > 0) throw new HclRoundTripError(stack, differences);
    }
    result.push({ stack, file: entry.synthesizedStackPath, hcl, parsed });
  }
  return result;
}
