// What the jobs that synthesize (main.ts, `npm run report`, `npm run synth:hcl`) share, so that each tells a user
// the same thing the same way: a config problem, a guardrail violation or a refused output directory is one message
// on stderr, exit code 1, and nothing written. Only a bug shows a stack trace.
import { ConfigError } from "../config/load";
import { SynthFailure } from "./atomic-synth";

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
