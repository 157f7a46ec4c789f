// What the jobs that synthesize (scripts/main-job.ts, `npm run report`, `npm run synth:hcl`) share, so that each
// tells a user the same thing the same way: a config problem, a guardrail violation or a refused output directory is
// one message on stderr, exit code 1, and nothing written. Only a bug shows a stack trace.
import { resolve } from "node:path";
import { ConfigError } from "../config/load";
import { SynthFailure, synthAtomically } from "./atomic-synth";

/** cdktf writes HCL instead of JSON when this is "true" or "1" (cdktf/lib/terraform-stack.js); `cdktf synth --hcl` sets it. */
export const HCL_OUTPUT_ENV_VAR = "SYNTH_HCL_OUTPUT";

/**
 * Why a JSON job cannot run, when cdktf has been asked for HCL: its summary, report and guardrail checks read the
 * JSON, and cdktf 0.21's own HCL is wrong for this app (scripts/hcl/hcl-synth.ts). `npm run synth:hcl` repairs it.
 */
export function hclOutputRefusal(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[HCL_OUTPUT_ENV_VAR];
  if (value !== "true" && value !== "1") return undefined;
  return `${HCL_OUTPUT_ENV_VAR}=${value} (set by \`cdktf synth --hcl\`) asks for HCL, which this job cannot write: run \`npm run synth:hcl\` instead (formatted HCL in cdktf.out.hcl/, checked against the JSON).`;
}

/**
 * Lets every stack synthesize even when one has guardrail errors, so one run reports all of them; synthAtomically
 * then reads the errors from the manifest and swaps nothing in.
 */
export function reportErrorsOfEveryStack(env: NodeJS.ProcessEnv = process.env): void {
  env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS ??= "true";
}

/** Exit code 1 and the message alone for what the user can fix; anything else is a bug and is rethrown, with its stack. */
export function exitCodeFor(err: unknown, configPaths: readonly string[]): number {
  if (err instanceof ConfigError) {
    console.error(err.message);
    return 1;
  }
  if (err instanceof SynthFailure) {
    console.error(`Synth failed for ${configPaths.join(", ")}:\n${err.message}`);
    return 1;
  }
  throw err;
}

/** One job that synthesizes JSON (the main job, the report): what it loads, synthesizes and reports. */
export interface JsonSynthJob<Config, Result> {
  /** The environment file(s) the job reads, as named in its messages. */
  readonly configPaths: readonly string[];
  readonly load: (paths: readonly string[]) => Config;
  /** Builds and synthesizes the app into `scratch`; what it returns goes to `report`. */
  readonly synth: (config: Config, scratch: string) => Result;
  /** Prints (and writes) what the job reports, once the output directory is in place. */
  readonly report: (outdir: string, config: Config, result: Result) => void;
}

/**
 * What every JSON job does around its own work: refuse `cdktf synth --hcl`, load the config, let every stack report
 * its guardrail errors, synthesize atomically into CDKTF_OUTDIR (default cdktf.out), report, then warn about what
 * the swap kept. Returns the exit code: a config problem or a guardrail violation is one message and 1.
 */
export function runJsonSynthJob<Config, Result>(job: JsonSynthJob<Config, Result>): number {
  const refusal = hclOutputRefusal();
  if (refusal !== undefined) {
    console.error(refusal);
    return 1;
  }
  try {
    const config = job.load(job.configPaths);
    reportErrorsOfEveryStack();
    const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
    let result: Result | undefined;
    const { warnings } = synthAtomically(outdir, (scratch) => {
      result = job.synth(config, scratch);
    });
    job.report(outdir, config, result as Result);
    for (const warning of warnings) console.warn(`Warning: ${warning}`);
    return 0;
  } catch (err) {
    return exitCodeFor(err, job.configPaths);
  }
}
