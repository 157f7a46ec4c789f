// Synthesizes into a scratch directory and swaps it in only when every stack synthesized without an error
// annotation, so a failure never leaves a half-written (or guardrail-violating) output directory behind. Every job
// that synthesizes goes through here: main.ts, `npm run report`, `npm run synth:hcl`.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AnnotationMetadataEntryType } from "cdktf";

/** What the user should do about a guardrail error (replaces cdktf's advice to ignore error annotations). */
export const GUARDRAIL_HINT =
  "Fix the resource, or, where the rule truly does not apply, suppress it on the owning construct with " +
  "suppress(construct, { id, reason }) from guardrails/suppressions.ts. Rules: docs/guardrails.md.";

const CDKTF_IGNORE_ADVICE = /Either fix the issues above, or set the environment variable CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS to ignore these annotations\.?/;

export class SynthFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthFailure";
  }
}

export interface SynthReport {
  /** `[stack/path] message` of every warning annotation (e.g. unused guardrail suppressions). */
  readonly warnings: readonly string[];
}

interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/** `[path] message` lines of one annotation level across every stack of a synthesized manifest. */
export function annotationsIn(dir: string, level: AnnotationMetadataEntryType): string[] {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { stacks: Record<string, { annotations?: ManifestAnnotation[] }> };
  return Object.values(manifest.stacks).flatMap((s) => (s.annotations ?? []).filter((a) => a.level === level).map((a) => `[${a.constructPath}] ${a.message}`));
}

/**
 * What Terraform keeps in a stack's working directory (`stacks/<stack>/`): local state and its backups and lock, the
 * initialized `.terraform/` and its lock file, saved plans. A new synth must carry them over, not delete them.
 */
const TERRAFORM_WORKING_FILE = /^(\.terraform|\.terraform\.lock\.hcl|\.terraform\.tfstate\.lock\.info|.*\.tfstate(\.backup|\.\d+\.backup)?|.*\.tfplan)$/;

/** Refuses to replace a directory that is not an earlier synth: CDKTF_OUTDIR=. would otherwise delete the checkout. */
function assertReplaceable(outdir: string): void {
  if (!existsSync(outdir) || existsSync(join(outdir, "manifest.json")) || readdirSync(outdir).length === 0) return;
  throw new SynthFailure(
    `${outdir} exists and is not a synth output (it has no manifest.json); a synth replaces its output directory, so ` +
      "choose a new or empty CDKTF_OUTDIR.",
  );
}

/** Moves Terraform's working files of every stack from the previous output into the new one; returns what it kept. */
function carryOverTerraformFiles(previous: string, next: string): string[] {
  const stacksDir = join(previous, "stacks");
  if (!existsSync(stacksDir)) return [];
  const orphaned: string[] = [];
  for (const stack of readdirSync(stacksDir)) {
    const kept = readdirSync(join(stacksDir, stack)).filter((name) => TERRAFORM_WORKING_FILE.test(name));
    if (kept.length === 0) continue;
    const target = join(next, "stacks", stack);
    if (!existsSync(target)) {
      mkdirSync(target, { recursive: true });
      if (kept.some((name) => name.endsWith(".tfstate"))) orphaned.push(stack);
    }
    for (const name of kept) renameSync(join(stacksDir, stack, name), join(target, name));
  }
  return orphaned;
}

/** Throws SynthFailure listing every error annotation (guardrail violation) of the manifest in `dir`. */
export function assertNoErrorAnnotations(dir: string): void {
  const errors = annotationsIn(dir, AnnotationMetadataEntryType.ERROR);
  if (errors.length === 0) return;
  throw new SynthFailure(`Encountered Annotations with level "ERROR":\n${errors.join("\n")}\n\n${GUARDRAIL_HINT}`);
}

interface Scratch {
  /** Where the synth writes, next to the output directory. */
  readonly dir: string;
  /** What a failure removes: the scratch directory, or the first parent directory made for it. */
  readonly created: string;
}

/** Checks `outdir` may be replaced and makes an empty scratch directory next to it. */
function prepareScratch(outdir: string): Scratch {
  assertReplaceable(outdir);
  const dir = `${outdir}.partial-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  // Recursive, so an output directory under directories that do not exist yet works (cdktf makes only the last one).
  return { dir, created: mkdirSync(dir, { recursive: true }) ?? dir };
}

/** The warnings of a finished synth, or SynthFailure when it recorded errors. */
function checkedWarnings(scratch: Scratch): string[] {
  assertNoErrorAnnotations(scratch.dir);
  return annotationsIn(scratch.dir, AnnotationMetadataEntryType.WARN);
}

/** Removes what a failed synth wrote and says why it failed, with our hint in place of cdktf's advice. */
function failure(scratch: Scratch, err: unknown): SynthFailure {
  rmSync(scratch.created, { recursive: true, force: true });
  if (err instanceof SynthFailure) return err;
  return new SynthFailure((err as Error).message.replace(CDKTF_IGNORE_ADVICE, GUARDRAIL_HINT).trimEnd());
}

/** Replaces `outdir` with the finished scratch directory, carrying Terraform's working files over. */
function swapIn(outdir: string, scratch: Scratch, warnings: string[]): SynthReport {
  // From here on the scratch directory may hold moved state: nothing below deletes it.
  for (const stack of carryOverTerraformFiles(outdir, scratch.dir)) {
    warnings.push(`stack ${stack} is no longer synthesized, but its local Terraform state was kept in ${join(outdir, "stacks", stack)}`);
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(scratch.dir, outdir);
  return { warnings };
}

/**
 * Runs `synth(scratch)` with `scratch` next to `outdir`, then replaces `outdir` with it, carrying over each stack's
 * Terraform working files (local state, `.terraform/`, saved plans). Throws SynthFailure (and
 * leaves `outdir` as it was) when synth throws or the manifest records error annotations, which happens when
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set (the cdktf CLI sets it; the jobs set it to report every stack).
 */
export function synthAtomically(outdir: string, synth: (scratch: string) => void): SynthReport {
  const scratch = prepareScratch(outdir);
  let warnings: string[];
  try {
    synth(scratch.dir);
    warnings = checkedWarnings(scratch);
  } catch (err) {
    throw failure(scratch, err);
  }
  return swapIn(outdir, scratch, warnings);
}

/** synthAtomically for a synth that has asynchronous steps (`npm run synth:hcl` formats and parses back its HCL). */
export async function synthAtomicallyAsync(outdir: string, synth: (scratch: string) => Promise<void>): Promise<SynthReport> {
  const scratch = prepareScratch(outdir);
  let warnings: string[];
  try {
    await synth(scratch.dir);
    warnings = checkedWarnings(scratch);
  } catch (err) {
    throw failure(scratch, err);
  }
  return swapIn(outdir, scratch, warnings);
}
