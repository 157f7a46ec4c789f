// `npm run plan:offline`: real `terraform validate` and an offline `terraform plan` of every stack of the shipped
// environments (or the environment files given), in phase order, with no AWS account: the aws provider from the
// machine's mirror, a local stand-in for the AWS reads, upstream outputs from generated local state. Prints
// `<stack>: N to add` per stack, Terraform's own message for anything that fails, and exits 1 on any failure.
//
//   npm run plan:offline                          # validate + plan, config/staging.yaml and config/production.yaml
//   npm run plan:offline -- --validate-only       # validate only
//   npm run plan:offline -- --plan-only           # plan only (a plan validates too; .ci/run validates in npm test)
//   npm run plan:offline -- config/my-env.yaml    # other environment files
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { buildApp } from "../app";
import { loadConfigs, REPO_ROOT } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { EcrRepositories } from "../constructs/containers/ecr-repositories";
import { AWS_PROVIDER_VERSION } from "../stacks/phase-stack";
import { PHASES, stackId } from "../stacks/phases";
import { awsWorld } from "./terraform/aws-stand-in/world";
import { checkProviderVersion, writeCliConfig } from "./terraform/cli-config";
import { checkEnvironment, type CheckMode, type EnvironmentToCheck, type StackCheckResult } from "./terraform/offline-check";
import { formatDiagnostic, terraformVersion } from "./terraform/terraform-cli";
import { exitCodeFor, reportErrorsOfEveryStack } from "./synth-job";

export const SHIPPED_CONFIGS = ["config/staging.yaml", "config/production.yaml"];

/** Synthesizes an environment into `outdir` and returns its stacks' JSON in phase order, with the stand-in's world. */
export function environmentToCheck(config: EnvironmentConfig, outdir: string, configFile?: string): EnvironmentToCheck {
  mkdirSync(outdir, { recursive: true });
  buildApp(config, { outdir }).app.synth();
  const stacks = PHASES.map((phase) => {
    const id = stackId(config, phase);
    return { id, json: JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) };
  });
  const ecrImages = Object.fromEntries(config.services.map((s) => [EcrRepositories.repositoryName(config.project, s.name), [s.imageTag]]));
  return {
    environment: config.environment,
    region: config.region,
    stacks,
    world: awsWorld({ accountId: config.accountId, zoneName: config.dns.zoneName, ecrImages }),
    config: configFile ? { file: configFile, value: config } : undefined,
  };
}

export interface OfflineRunOptions {
  readonly configPaths: readonly string[];
  readonly modes: readonly CheckMode[];
  readonly log?: (line: string) => void;
  /** Lets a test change an environment's synthesized stacks before they are checked (a broken fixture). */
  readonly edit?: (target: EnvironmentToCheck) => EnvironmentToCheck;
  /**
   * Check only these stacks; the others are synthesized for their outputs.
   * @default - every stack
   */
  readonly only?: readonly string[];
}

export interface OfflineRun {
  readonly results: readonly StackCheckResult[];
  readonly failed: number;
  readonly providerVersion: string;
  readonly seconds: number;
}

export function describeResult(r: StackCheckResult): string {
  const time = `(${r.seconds.toFixed(1)} s)`;
  if (r.ok) {
    if (r.mode === "validate") return `${r.stack}: valid ${time}`;
    const c = r.changes ?? { add: 0, change: 0, remove: 0 };
    return `${r.stack}: ${c.add} to add${c.change ? `, ${c.change} to change` : ""}${c.remove ? `, ${c.remove} to destroy` : ""} ${time}`;
  }
  const lines = [`${r.stack}: ${r.mode} FAILED ${time}`];
  for (const d of r.diagnostics.filter((x) => x.severity === "error")) lines.push(`  ${formatDiagnostic(d).replace(/\n/g, "\n  ")}`);
  for (const explanation of r.explanations ?? []) lines.push(`  => ${explanation}`);
  for (const call of r.unknownCalls) lines.push(`  the AWS stand-in does not answer ${call} (scripts/terraform/aws-stand-in/services)`);
  if (r.output) lines.push(`  ${r.output.replace(/\n/g, "\n  ")}`);
  return lines.join("\n");
}

/** Validates and/or plans every stack of every environment; environments run side by side, stacks in phase order. */
export async function runOfflineChecks(options: OfflineRunOptions): Promise<OfflineRun> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), "braveheart-terraform-check-"));
  // reportErrorsOfEveryStack sets this in process.env; put it back, so a test calling this in-process does not make
  // every later synth in the same jest worker keep going past guardrail errors.
  const continueOnErrors = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  try {
    const cli = writeCliConfig(scratch);
    const { version, note } = checkProviderVersion(cli.source, AWS_PROVIDER_VERSION);
    log(`terraform ${terraformVersion() ?? "?"}, aws provider ${version} from ${cli.source.mirror ?? "the registry"}`);
    if (note) log(`note: ${note} (docs/ci.md, "Real Terraform")`);
    reportErrorsOfEveryStack();
    const configs = loadConfigs(options.configPaths.map((p) => resolve(REPO_ROOT, p)));
    const targets = configs.map((config, i) => {
      const target = environmentToCheck(config, join(scratch, "synth", config.environment), options.configPaths[i]);
      return options.edit ? options.edit(target) : target;
    });
    const results: StackCheckResult[] = [];
    for (const mode of options.modes) {
      const perEnvironment = await Promise.all(
        targets.map((target) => checkEnvironment(target, { mode, workDir: join(scratch, mode), cli, providerVersion: version, only: options.only })),
      );
      for (const r of perEnvironment.flat()) {
        log(describeResult(r));
        results.push(r);
      }
    }
    const failed = results.filter((r) => !r.ok).length;
    const seconds = (Date.now() - started) / 1000;
    log(`${results.length - failed} of ${results.length} stack checks passed (${options.modes.join(" + ")}, ${seconds.toFixed(1)} s)`);
    return { results, failed, providerVersion: version, seconds };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (continueOnErrors === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = continueOnErrors;
  }
}

const USAGE = "usage: npm run plan:offline -- [--validate-only | --plan-only] [environment files...]";
/** `npm run plan:offline -- --help`. */
export const PLAN_OFFLINE_HELP = [
  USAGE,
  "Real terraform validate, then terraform plan in phase order, of every stack, with no AWS account and no network",
  "(a loopback stand-in answers the data sources' reads; upstream outputs come from generated local state).",
  "  --validate-only     terraform validate only",
  "  --plan-only         terraform plan only",
  `  environment files   default: ${SHIPPED_CONFIGS.join(" ")}`,
  "  -h, --help          this text",
  "Needs terraform >= 1.10 on PATH; the aws provider from $BRAVEHEART_TF_PROVIDER_MIRROR, /opt/tf-plugins, or the",
  "registry (docs/ci.md, \"Real Terraform\"). Exit code: 0 every check passed, 1 a check failed (or no terraform, or a bad environment file), 2 bad options.",
].join("\n");

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(PLAN_OFFLINE_HELP);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith("-") && a !== "--validate-only" && a !== "--plan-only");
  if (unknown.length > 0 || (argv.includes("--validate-only") && argv.includes("--plan-only"))) {
    console.error(`${USAGE} (got ${argv.join(" ")})\nRun npm run plan:offline -- --help for the options.`);
    return 2;
  }
  const modes: CheckMode[] = argv.includes("--validate-only") ? ["validate"] : argv.includes("--plan-only") ? ["plan"] : ["validate", "plan"];
  const paths = argv.filter((a) => !a.startsWith("--"));
  const configPaths = paths.length > 0 ? paths : SHIPPED_CONFIGS;
  if (!terraformVersion()) {
    console.error("plan:offline needs terraform (>= 1.10) on PATH: https://developer.hashicorp.com/terraform/install (docs/ci.md, \"Real Terraform\")");
    return 1;
  }
  try {
    const run = await runOfflineChecks({ configPaths, modes });
    return run.failed === 0 ? 0 : 1;
  } catch (err) {
    return exitCodeFor(err, configPaths.map((p) => relative(REPO_ROOT, resolve(REPO_ROOT, p))));
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
