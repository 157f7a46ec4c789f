// `npm run deploy -- <stack> [cdktf options]` and `npm run diff -- <stack> [cdktf options]`: one runbook step as one
// command. Synthesizes the stack's environment (config/<environment>.yaml unless BRAVEHEART_CONFIG says otherwise),
// refuses a stack whose directory was initialised for another backend (naming the `terraform init` to run), refuses
// a phase whose predecessors have not been applied (naming the command to run first), then runs
// `cdktf deploy|diff <stack> --skip-synth` with what cdktf needs for one stack at a time
// (--ignore-missing-stack-dependencies: the predecessors were applied by earlier commands) and CHECKPOINT_DISABLE.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CONFIG_ENV_VAR, REPO_ROOT } from "../config/load";
import { PHASES } from "../stacks/phases";
import { runMainJob } from "./main-job";
import { skipTokenStackTraces } from "./start/token-stack-traces";
import { appliedState, backendSwitchProblem } from "./stacks/stack-state";

type Mode = "deploy" | "diff";
const USAGE = "usage: npm run deploy -- <environment>-<phase> [cdktf deploy options] | npm run diff -- <environment>-<phase> [cdktf diff options]";
/** `npm run deploy -- --help`: what the command does before it hands over to cdktf. */
const HELP = [
  USAGE,
  `  <environment>-<phase>  one stack, the phase one of ${PHASES.join(", ")} (e.g. staging-phase1)`,
  "Synthesizes config/<environment>.yaml (or $BRAVEHEART_CONFIG) into $CDKTF_OUTDIR (default cdktf.out), refuses a stack",
  "whose .terraform/ was initialised for another backend, or whose earlier phases hold no state (a deploy waits for every",
  "earlier phase, a diff for the stacks it reads), then runs cdktf deploy|diff <stack> --skip-synth with",
  "CHECKPOINT_DISABLE=1 (deploy: --ignore-missing-stack-dependencies). Options after the stack go to cdktf",
  "(npm run deploy -- staging-golive --auto-approve); cdktf's own options: npx cdktf deploy --help. README, \"Runbook\".",
].join("\n");

interface ManifestStack {
  readonly dependencies?: readonly string[];
  readonly synthesizedStackPath: string;
  readonly workingDirectory: string;
}

/** `<environment>-<phase>` split at the phase; undefined when the name ends in no phase. */
export function parseStackName(stack: string): { environment: string; phase: (typeof PHASES)[number] } | undefined {
  const phase = PHASES.find((p) => stack.endsWith(`-${p}`) && stack.length > p.length + 1);
  return phase === undefined ? undefined : { environment: stack.slice(0, -(phase.length + 1)), phase };
}

/**
 * The stacks that must hold state before `stack` is deployed or planned, in phase order. A deploy follows the
 * runbook: every earlier phase of the environment (phase1 waits for the backups too). A plan needs only what the
 * stack reads (its manifest dependencies).
 */
export function predecessorsOf(mode: Mode, stack: string, stacks: Readonly<Record<string, ManifestStack>>): string[] {
  const parsed = parseStackName(stack);
  if (parsed === undefined) return [];
  const earlier = PHASES.slice(0, PHASES.indexOf(parsed.phase)).map((phase) => `${parsed.environment}-${phase}`);
  const wanted = mode === "deploy" ? earlier : (stacks[stack]?.dependencies ?? []);
  return earlier.filter((id) => wanted.includes(id) && stacks[id] !== undefined);
}

/** The command as the user runs it; returns the exit code. `env` is process.env (tests run it in-process). */
export function runStackCommand(args: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): number {
  const [mode, stack, ...extra] = args;
  if ((mode === "deploy" || mode === "diff") && (stack === "--help" || stack === "-h")) {
    console.log(HELP);
    return 0;
  }
  if ((mode !== "deploy" && mode !== "diff") || stack === undefined || stack.startsWith("-")) {
    console.error(`${USAGE}\nRun npm run ${mode === "diff" ? "diff" : "deploy"} -- --help for what it does.`);
    return 2;
  }
  const parsed = parseStackName(stack);
  if (parsed === undefined) {
    console.error(`${stack} is not a stack name: stacks are <environment>-<phase>, the phase one of ${PHASES.join(", ")}.\n${USAGE}`);
    return 2;
  }
  // The environment file the stack's name points to, unless one was chosen explicitly.
  const inferred = resolve(REPO_ROOT, "config", `${parsed.environment}.yaml`);
  if (env[CONFIG_ENV_VAR] === undefined && existsSync(inferred)) env[CONFIG_ENV_VAR] = relative(process.cwd(), inferred) || inferred;
  env.CHECKPOINT_DISABLE ??= "1";

  const skipSynth = extra.includes("--skip-synth");
  if (!skipSynth) {
    const status = runMainJob();
    if (status !== 0) return status;
  }
  const outdir = resolve(env.CDKTF_OUTDIR ?? "cdktf.out");
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    console.error(`No ${manifestPath}: nothing is synthesized (drop --skip-synth, or run npm run synth).`);
    return 1;
  }
  const stacks: Record<string, ManifestStack> = JSON.parse(readFileSync(manifestPath, "utf8")).stacks ?? {};
  if (stacks[stack] === undefined) {
    const config = env[CONFIG_ENV_VAR] ?? "config/staging.yaml";
    console.error(
      `${stack} is not synthesized from ${config} (its stacks: ${Object.keys(stacks).join(", ") || "none"}): ` +
        `write config/${parsed.environment}.yaml, or set ${CONFIG_ENV_VAR} to the file whose environment is ${parsed.environment}.`,
    );
    return 1;
  }
  const stackJson = (id: string) => JSON.parse(readFileSync(join(outdir, stacks[id].synthesizedStackPath), "utf8"));
  const dirOf = (id: string) => join(outdir, stacks[id].workingDirectory);

  const predecessors = predecessorsOf(mode, stack, stacks);
  const switched = [...predecessors, stack].map((id) => backendSwitchProblem(id, dirOf(id), stackJson(id))).filter((p) => p !== undefined);
  if (switched.length > 0) {
    console.error(`Not running ${mode} of ${stack}: a stack's backend changed since its directory was initialised.\n${switched.join("\n")}`);
    return 1;
  }
  for (const id of predecessors) {
    const state = appliedState(dirOf(id), stackJson(id));
    if (state.status === "applied") continue;
    const verb = mode === "deploy" ? "deploy" : "plan";
    if (state.status === "unreadable") {
      console.error(`Not running ${mode} of ${stack}: cannot tell whether ${id} has been applied (credentials for its state?): ${state.why}`);
      return 1;
    }
    const why = mode === "deploy" ? "the phases are applied in order (README runbook)" : `${stack} reads its outputs`;
    console.error(
      `Refusing to ${verb} ${stack}: ${id} has not been applied (${state.why}), and ${why}.\n` + `Run first: npm run deploy -- ${id}`,
    );
    return 1;
  }

  const cdktfArgs = ["cdktf", mode, stack, "--skip-synth", ...(mode === "deploy" ? ["--ignore-missing-stack-dependencies"] : [])];
  if (outdir !== resolve("cdktf.out")) cdktfArgs.push("--output", outdir);
  cdktfArgs.push(...extra.filter((arg) => arg !== "--skip-synth"));
  const result = spawnSync("npx", cdktfArgs, { stdio: "inherit", env });
  if (result.error !== undefined) {
    console.error(`npx cdktf could not start: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

if (require.main === module) {
  skipTokenStackTraces(); // as the main job does (scripts/start/token-stack-traces.ts)
  process.exitCode = runStackCommand();
}
