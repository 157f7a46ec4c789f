// cdktf records a complete stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER, then split into lines) for every
// token it creates, only to quote it if that token later fails to resolve. Our five stacks create thousands of
// tokens: measured 110-150 ms of CPU per synth of one environment (~10 % of the main job), and the same in every
// test file. BRAVEHEART_TOKEN_STACK_TRACES=1 keeps them, for debugging an unresolvable-token error.

/** Environment variable that keeps cdktf's per-token stack traces. */
export const TOKEN_STACK_TRACES_ENV_VAR = "BRAVEHEART_TOKEN_STACK_TRACES";

/**
 * Makes cdktf skip the stack trace it captures for every token. Returns whether it did: false when the variable asks
 * to keep them, or when the internal module is not where cdktf 0.21 (and CDK Terrain, its renamed successor) has it.
 */
export function skipTokenStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[TOKEN_STACK_TRACES_ENV_VAR] === "1") return false;
  let stackTrace: { captureStackTrace: (below?: unknown) => string[] };
  try {
    // Every caller reads this export at call time (`(0, stack_trace_1.captureStackTrace)()`), so replacing it works.
    stackTrace = require("cdktf/lib/tokens/private/stack-trace");
  } catch {
    return false;
  }
  if (typeof stackTrace.captureStackTrace !== "function") return false;
  stackTrace.captureStackTrace = () => [];
  return true;
}
