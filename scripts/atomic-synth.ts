// Synthesizes into a scratch directory and swaps it in only when every stack synthesized without an error
// annotation, so a failure never leaves a half-written (or guardrail-violating) cdktf.out behind.
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

/**
 * Runs `synth(scratch)` with `scratch` next to `outdir`, then replaces `outdir` with it, carrying over each stack's
 * Terraform working files (local state, `.terraform/`, saved plans). Throws SynthFailure (and
 * leaves `outdir` as it was) when synth throws or the manifest records error annotations, which happens when
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set (the cdktf CLI sets it; main.ts sets it to report every stack).
 */
export function synthAtomically(outdir: string, synth: (scratch: string) => void): SynthReport {
  assertReplaceable(outdir);
  const scratch = `${outdir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  let warnings: string[];
  try {
    synth(scratch);
    const errors = annotationsIn(scratch, AnnotationMetadataEntryType.ERROR);
    if (errors.length > 0) {
      throw new SynthFailure(`Encountered Annotations with level "ERROR":\n${errors.join("\n")}\n\n${GUARDRAIL_HINT}`);
    }
    warnings = annotationsIn(scratch, AnnotationMetadataEntryType.WARN);
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    if (err instanceof SynthFailure) throw err;
    throw new SynthFailure((err as Error).message.replace(CDKTF_IGNORE_ADVICE, GUARDRAIL_HINT).trimEnd());
  }
  // From here on the scratch directory may hold moved state: nothing below deletes it.
  for (const stack of carryOverTerraformFiles(outdir, scratch)) {
    warnings.push(`stack ${stack} is no longer synthesized, but its local Terraform state was kept in ${join(outdir, "stacks", stack)}`);
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(scratch, outdir);
  return { warnings };
}
