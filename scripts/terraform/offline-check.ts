// Real Terraform over every synthesized stack of an environment, offline: `terraform validate`, and `terraform plan`
// against the local AWS stand-in with each upstream stack's outputs from generated local state. Stacks run in phase
// order; each stack's result keeps Terraform's own diagnostics.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startAwsStandIn } from "./aws-stand-in/server";
import type { AwsWorld } from "./aws-stand-in/world";
import { checkCopy, type StackDocument } from "./check-copy";
import type { CliConfig } from "./cli-config";
import { changeSummaryOf, diagnosticsOf, runTerraform, terraformEnv, withFileLock, type Diagnostic } from "./terraform-cli";
import { outputsState } from "./upstream-state";
import { explainFailures } from "./explain-failure";
import type { EnvironmentConfig } from "../../config/schema";

export type CheckMode = "validate" | "plan";

export interface StackToCheck {
  readonly id: string;
  readonly json: StackDocument;
}

export interface EnvironmentToCheck {
  readonly environment: string;
  readonly region: string;
  /** In phase order. */
  readonly stacks: readonly StackToCheck[];
  /** What the stand-in's account holds (plan only). */
  readonly world: AwsWorld;
  /** The environment file, for explaining failures in its terms (explain-failure.ts). */
  readonly config?: { readonly file: string; readonly value: EnvironmentConfig };
}

export interface StackCheckResult {
  readonly stack: string;
  readonly mode: CheckMode;
  readonly ok: boolean;
  readonly seconds: number;
  /** plan: resources to add, change, destroy. */
  readonly changes?: { readonly add: number; readonly change: number; readonly remove: number };
  /** Errors and warnings as Terraform reported them. */
  readonly diagnostics: readonly Diagnostic[];
  /** AWS calls the stand-in did not know, made during this stack's plan. */
  readonly unknownCalls: readonly string[];
  /** Anything Terraform printed that was not a diagnostic (a crash, a failed init). */
  readonly output?: string;
  /** What failed diagnostics mean in config terms (explain-failure.ts), where it can say. */
  readonly explanations?: readonly string[];
}

export interface CheckOptions {
  readonly mode: CheckMode;
  /** Scratch directory for the stack copies and generated state; the caller removes it. */
  readonly workDir: string;
  readonly cli: CliConfig;
  readonly providerVersion: string;
  /**
   * Check only these stacks (the others still provide their outputs to the ones checked).
   * @default - every stack
   */
  readonly only?: readonly string[];
}

const REMOTE_STATE_PREFIX = "cross-stack-reference-input-";

/** The upstream stack a `terraform_remote_state` data source reads (cdktf names it after the stack). */
export function upstreamOf(dataSourceName: string): string {
  if (!dataSourceName.startsWith(REMOTE_STATE_PREFIX)) throw new Error(`terraform_remote_state.${dataSourceName}: not a cdktf cross-stack reference`);
  return dataSourceName.slice(REMOTE_STATE_PREFIX.length);
}

export async function checkEnvironment(target: EnvironmentToCheck, options: CheckOptions): Promise<StackCheckResult[]> {
  const standIn = options.mode === "plan" ? await startAwsStandIn({ world: target.world }) : undefined;
  try {
    const results: StackCheckResult[] = [];
    const statesDir = join(options.workDir, target.environment, "upstream-states");
    mkdirSync(statesDir, { recursive: true });
    const byId = new Map(target.stacks.map((s) => [s.id, s.json]));
    for (const stack of target.stacks.filter((s) => !options.only || options.only.includes(s.id))) {
      const dir = join(options.workDir, target.environment, stack.id);
      mkdirSync(dir, { recursive: true });
      const remoteStates: Record<string, string> = {};
      if (standIn) {
        for (const name of Object.keys(stack.json.data?.terraform_remote_state ?? {})) {
          const upstream = upstreamOf(name);
          const upstreamJson = byId.get(upstream);
          if (!upstreamJson) throw new Error(`${stack.id} reads ${upstream}, which is not among the stacks checked`);
          const path = join(statesDir, `${upstream}.tfstate`);
          writeFileSync(path, JSON.stringify(outputsState(upstream, upstreamJson as never, { region: target.region, accountId: target.world.accountId }), null, 2));
          remoteStates[name] = path;
        }
      }
      const copy = checkCopy(stack.json, { providerVersion: options.providerVersion, offline: standIn ? { endpoint: standIn.url, remoteStates } : undefined });
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(copy, null, 2));
      const callsBefore = standIn?.unknownCalls.length ?? 0;
      const result = await checkStack(stack.id, dir, options, standIn?.url);
      const addressed = result.diagnostics.flatMap((d) => (d.severity === "error" && d.address ? [{ summary: d.summary, address: d.address }] : []));
      const explanations = explainFailures(stack.json as never, target.config?.value, addressed, target.config?.file);
      results.push(explanations.length ? { ...result, explanations } : result);
      const unknown = standIn?.unknownCalls.slice(callsBefore) ?? [];
      if (unknown.length > 0) {
        const last = results.pop()!;
        results.push({ ...last, ok: false, unknownCalls: [...new Set(unknown)] });
      }
    }
    return results;
  } finally {
    await standIn?.close();
  }
}

async function checkStack(stackId: string, dir: string, options: CheckOptions, endpoint: string | undefined): Promise<StackCheckResult> {
  const env = terraformEnv(options.cli.path, endpoint ? { AWS_ENDPOINT_URL: endpoint } : {});
  const initArgs = options.mode === "validate" ? ["init", "-backend=false", "-input=false", "-no-color"] : ["init", "-input=false", "-no-color"];
  const init = await withFileLock(join(options.cli.pluginCacheDir, ".init.lock"), () => runTerraform(dir, initArgs, env));
  if (init.code !== 0) {
    return { stack: stackId, mode: options.mode, ok: false, seconds: init.seconds, diagnostics: [], unknownCalls: [], output: `${init.stdout}${init.stderr}`.trim() };
  }
  const args = options.mode === "validate" ? ["validate", "-json", "-no-color"] : ["plan", "-json", "-input=false", "-lock=false", "-no-color"];
  const run = await runTerraform(dir, args, env);
  const diagnostics = diagnosticsOf(run.stdout);
  const seconds = init.seconds + run.seconds;
  const changes = options.mode === "plan" ? changeSummaryOf(run.stdout) : undefined;
  const ok = run.code === 0 && !diagnostics.some((d) => d.severity === "error");
  return {
    stack: stackId,
    mode: options.mode,
    ok,
    seconds,
    changes,
    diagnostics,
    unknownCalls: [],
    output: ok || diagnostics.length > 0 ? undefined : `${run.stdout}${run.stderr}`.trim(),
  };
}
