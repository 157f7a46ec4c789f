// `node dist/scripts/ci-environment.js [--require-remote-state]`: what the GitHub workflow needs to know about the
// selected environment (BRAVEHEART_CONFIG) after synth, as `key=value` lines for $GITHUB_OUTPUT: its region (for the
// AWS credentials), its backend type, its synthesized stacks in apply order (what a PR plans) and those up to its
// target phase (ci.targetPhase: what the deploy job applies). The order comes from PHASES and the
// stack list from the synthesized manifest, so the workflow never keeps its own copy of either.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError, loadConfig, selectedConfigPath } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { PHASES, stackId } from "../stacks/phases";

export interface CiEnvironment {
  readonly environment: string;
  readonly region: string;
  readonly backend: EnvironmentConfig["backend"]["type"];
  /** The environment's synthesized stack ids, in PHASES order: what a pull request plans. */
  readonly stacks: readonly string[];
  /** `ci.targetPhase`: how far the migration has gone in this environment. */
  readonly targetPhase: string;
  /** `stacks` up to and including the target phase: what the deploy job applies. */
  readonly deployStacks: readonly string[];
  /**
   * The variable terraform reads the Terraform Cloud token from for the configured hostname (`TF_TOKEN_` + the
   * hostname with `.` as `_` and `-` as `__`); empty without a `cloud` backend.
   */
  readonly tfTokenVariable: string;
  /** Whether terraform runs on the CI runner with an AWS role (`true`), or in Terraform Cloud with its own credentials. */
  readonly awsOnRunner: boolean;
}

/** Terraform's credentials variable for a host: dots become `_`, hyphens `__` (Terraform's CLI configuration docs). */
export function tokenVariableFor(hostname: string): string {
  return `TF_TOKEN_${hostname.replace(/-/g, "__").replace(/\./g, "_")}`;
}

/** What stops CI from describing the environment: printed as one line, never as a stack trace. */
export class CiEnvironmentError extends Error {
  override readonly name = "CiEnvironmentError";
}

/**
 * The environment's stacks among `synthesizedStackIds`, in apply order. A synthesized stack of this environment
 * that is not `<environment>-<phase>` for a known phase is an error: CI would not know when to apply it.
 */
export function ciEnvironment(config: EnvironmentConfig, synthesizedStackIds: readonly string[]): CiEnvironment {
  const inPhaseOrder = PHASES.map((phase) => stackId(config, phase));
  const own = synthesizedStackIds.filter((id) => id.startsWith(`${config.environment}-`));
  const unknown = own.filter((id) => !inPhaseOrder.includes(id));
  if (unknown.length) {
    throw new CiEnvironmentError(`Synthesized stack(s) ${unknown.join(", ")} match no phase; allowed: ${inPhaseOrder.join(", ")} (PHASES in stacks/phases.ts)`);
  }
  const stacks = inPhaseOrder.filter((id) => own.includes(id));
  const upToTarget = inPhaseOrder.slice(0, PHASES.indexOf(config.ci.targetPhase) + 1);
  return {
    environment: config.environment,
    region: config.region,
    backend: config.backend.type,
    stacks,
    targetPhase: config.ci.targetPhase,
    deployStacks: stacks.filter((id) => upToTarget.includes(id)),
    tfTokenVariable: config.backend.type === "cloud" ? tokenVariableFor(config.backend.hostname) : "",
    awsOnRunner: config.backend.type !== "cloud" || config.backend.executionMode === "local",
  };
}

/** `key=value` lines, the format of $GITHUB_OUTPUT; the stacks are space-separated for a shell loop. */
export function formatOutputs(env: CiEnvironment): string {
  return [
    `environment=${env.environment}`,
    `region=${env.region}`,
    `backend=${env.backend}`,
    `stacks=${env.stacks.join(" ")}`,
    `target_phase=${env.targetPhase}`,
    `deploy_stacks=${env.deployStacks.join(" ")}`,
    `tf_token_variable=${env.tfTokenVariable}`,
    `aws_on_runner=${env.awsOnRunner}`,
  ].join("\n");
}

/** Why CI must not apply this environment, or undefined when it may. */
export function remoteStateProblem(env: CiEnvironment): string | undefined {
  return env.backend === "local"
    ? `${env.environment} keeps local state: a CI runner would lose it after every run and recreate everything on the next. Give it an s3 or cloud backend first.`
    : undefined;
}

/** The stack ids of the synthesized app's manifest. */
function synthesizedStackIds(manifestPath: string, configPath: string): string[] {
  if (!existsSync(manifestPath)) throw new CiEnvironmentError(`No ${manifestPath}: synthesize ${configPath} first (npm run synth).`);
  let manifest: { stacks?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (err) {
    throw new CiEnvironmentError(`${manifestPath} is not JSON (${(err as Error).message}): synthesize ${configPath} again.`);
  }
  if (typeof manifest?.stacks !== "object" || manifest.stacks === null) {
    throw new CiEnvironmentError(`${manifestPath} lists no stacks: synthesize ${configPath} again.`);
  }
  return Object.keys(manifest.stacks);
}

function outputs(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const configPath = selectedConfigPath(env);
  const config = loadConfig(configPath);
  const manifestPath = join(resolve(env.CDKTF_OUTDIR ?? "cdktf.out"), "manifest.json");
  const ciEnv = ciEnvironment(config, synthesizedStackIds(manifestPath, configPath));
  if (ciEnv.stacks.length === 0) throw new CiEnvironmentError(`${manifestPath} has no stack of ${ciEnv.environment}: synthesize ${configPath} first.`);
  const problem = argv.includes("--require-remote-state") ? remoteStateProblem(ciEnv) : undefined;
  if (problem) throw new CiEnvironmentError(problem);
  return formatOutputs(ciEnv);
}

/** What the CLI prints and its exit code; the arguments and environment are parameters so tests run it in-process. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI: `argv` without node and the script, `env` as the process has it. */
export function runCiEnvironment(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  try {
    return { status: 0, stdout: `${outputs(argv, env)}\n`, stderr: "" };
  } catch (err) {
    // Expected problems are one line for the job log; anything else is a bug and keeps its stack trace.
    if (!(err instanceof ConfigError || err instanceof CiEnvironmentError)) throw err;
    return { status: 1, stdout: "", stderr: `${err.message}\n` };
  }
}

if (require.main === module) {
  const { status, stdout, stderr } = runCiEnvironment(process.argv.slice(2));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = status;
}
