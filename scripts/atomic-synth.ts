// Synthesizes into a scratch directory and swaps it in only when every stack synthesized without an error
// annotation, so a failure never leaves a half-written (or guardrail-violating) cdktf.out behind.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
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
 * Runs `synth(scratch)` with `scratch` next to `outdir`, then replaces `outdir` with it. Throws SynthFailure (and
 * leaves `outdir` as it was) when synth throws or the manifest records error annotations, which happens when
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set (the cdktf CLI sets it; main.ts sets it to report every stack).
 */
export function synthAtomically(outdir: string, synth: (scratch: string) => void): SynthReport {
  const scratch = `${outdir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    synth(scratch);
    const errors = annotationsIn(scratch, AnnotationMetadataEntryType.ERROR);
    if (errors.length > 0) {
      throw new SynthFailure(`Encountered Annotations with level "ERROR":\n${errors.join("\n")}\n\n${GUARDRAIL_HINT}`);
    }
    const warnings = annotationsIn(scratch, AnnotationMetadataEntryType.WARN);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(scratch, outdir);
    return { warnings };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    if (err instanceof SynthFailure) throw err;
    throw new SynthFailure((err as Error).message.replace(CDKTF_IGNORE_ADVICE, GUARDRAIL_HINT).trimEnd());
  }
}
