// `npm run verify`: smoke tests of a deployed environment through its preview name (`https://new.<zone>`) or any base
// URL: per service the health path and each routing prefix (by the service's marker), the edge's TLS and security
// headers, and that the ALB refuses requests that skip CloudFront. Progress per check, a summary table, a JSON
// report; exit 1 when a check fails, 2 on bad options or config. The checks: scripts/verify/.
//
//   npm run verify -- [--config config/staging.yaml] [--base-url https://new.<zone>] [--origin-url https://origin.<zone>]
//                     [--ca ca.pem] [--resolve host:port:address ...] [--timeout-ms 10000] [--retries 2]
//                     [--retry-delay-ms 3000] [--report verify-report.json] [--service name ...]
//                     [--phase 1|2 ... | --deployed]
//
// `--deployed` (what CI runs after a deploy): the services of the phases the environment's `ci.targetPhase` has
// applied; before phase1 there is no preview name yet, and the run says so and passes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, selectedConfigPath } from "../config/load";
import { PHASES, type Phase } from "../stacks/phases";
import type { EnvironmentConfig } from "../config/schema";
import { originFqdn, previewFqdn } from "../constructs/dns/preview-hostname";
import { readSynth } from "./report/synth-model";
import { verifyPlan } from "./verify/plan";
import { runPlan, type VerifyReport } from "./verify/run";
import { edgeBehavioursOfStack, type CdnBehaviour } from "./verify/edge-routing";
import { promisedHeadersOfStack, type ExpectedHeader } from "./verify/security-headers";

export const VERIFY_DEFAULTS = { timeoutMs: 10_000, retries: 2, retryDelayMs: 3_000, reportFile: "verify-report.json" } as const;
/** Bounds that keep a misconfigured run from hanging a pipeline for hours. */
const LIMITS = { timeoutMs: [100, 120_000], retries: [0, 10], retryDelayMs: [0, 60_000] } as const;

export class UsageError extends Error {}

/** What `npm run verify -- --help` prints: the options, with their defaults. */
export const VERIFY_USAGE = [
  "usage: npm run verify -- [options]",
  "Smoke-tests a deployed environment through its preview name (README, \"Verifying a deployed environment\").",
  "  --config <file>           environment file (default: $BRAVEHEART_CONFIG, else config/staging.yaml)",
  "  --base-url <https url>    where to reach the edge (default: https://new.<zone>)",
  "  --origin-url <https url>  the ALB's own name (default: https://origin.<zone>)",
  "  --ca <pem>                trust this CA too (a private CA in front of a test edge)",
  "  --resolve host:port:addr  connect to addr for host:port, as curl's --resolve (repeatable)",
  `  --timeout-ms <n>          per attempt: connect, TLS, response and body (default ${VERIFY_DEFAULTS.timeoutMs}; ${LIMITS.timeoutMs.join("-")})`,
  `  --retries <n>             attempts after the first (default ${VERIFY_DEFAULTS.retries}; ${LIMITS.retries.join("-")})`,
  `  --retry-delay-ms <n>      between attempts (default ${VERIFY_DEFAULTS.retryDelayMs}; ${LIMITS.retryDelayMs.join("-")})`,
  `  --report <file>           the JSON report (default ${VERIFY_DEFAULTS.reportFile})`,
  "  --service <name>          only this service (repeatable; default: every service)",
  "  --phase 1|2               only the services of this phase (repeatable)",
  "  --deployed                the services of the phases ci.targetPhase has applied (what CI runs); not with --phase",
  "  -h, --help                this text",
  "Exit code: 0 all passed, 1 a check failed, 2 bad options or config.",
].join("\n");

export interface VerifyOptions {
  readonly configPath: string;
  readonly baseUrl?: string;
  readonly originUrl?: string;
  readonly caFile?: string;
  readonly resolve: ReadonlyMap<string, string>;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly reportFile: string;
  readonly services?: readonly string[];
  readonly phases?: readonly (1 | 2)[];
  /** Verify what `ci.targetPhase` has deployed (`servicePhasesDeployed`) instead of `phases`. */
  readonly deployed?: boolean;
}

/**
 * The service phases (`services[].phase`) that are running once an environment is applied up to `targetPhase`:
 * none before phase1 (no cluster, no preview name), then phase 1, then both.
 */
export function servicePhasesDeployed(targetPhase: Phase): (1 | 2)[] {
  const at = PHASES.indexOf(targetPhase);
  return ([1, 2] as const).filter((p) => at >= PHASES.indexOf(p === 1 ? "phase1" : "phase2"));
}

function integer(option: string, text: string | undefined, fallback: number, [min, max]: readonly [number, number]): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${option} (got ${JSON.stringify(text)}): allowed: an integer from ${min} to ${max}`);
  return n;
}

export function parseVerifyArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): VerifyOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        config: { type: "string" },
        "base-url": { type: "string" },
        "origin-url": { type: "string" },
        ca: { type: "string" },
        resolve: { type: "string", multiple: true },
        "timeout-ms": { type: "string" },
        retries: { type: "string" },
        "retry-delay-ms": { type: "string" },
        report: { type: "string" },
        service: { type: "string", multiple: true },
        phase: { type: "string", multiple: true },
        deployed: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, "")}\nRun npm run verify -- --help for the options.`);
  }
  const resolveMap = new Map<string, string>();
  for (const entry of parsed.resolve ?? []) {
    const m = /^([A-Za-z0-9.-]+):(\d{1,5}):(\[?[0-9A-Fa-f:.]+\]?)$/.exec(entry);
    if (!m) throw new UsageError(`--resolve (got ${JSON.stringify(entry)}): allowed: host:port:address, such as new.staging.example.com:443:127.0.0.1`);
    resolveMap.set(`${m[1].toLowerCase()}:${Number(m[2])}`, m[3].replace(/^\[|\]$/g, ""));
  }
  for (const option of ["base-url", "origin-url"] as const) {
    const text = parsed[option];
    if (text === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== "https:") throw new UsageError(`--${option} (got ${JSON.stringify(text)}): allowed: an https:// URL, such as https://new.staging.example.com`);
  }
  const phases = parsed.phase?.map((p) => {
    if (p !== "1" && p !== "2") throw new UsageError(`--phase (got ${JSON.stringify(p)}): allowed: 1 or 2`);
    return Number(p) as 1 | 2;
  });
  if (parsed.deployed && phases) throw new UsageError("--deployed and --phase: allowed: one of them (--deployed takes the phases from ci.targetPhase)");
  return {
    configPath: resolve(parsed.config ?? selectedConfigPath(env)),
    baseUrl: parsed["base-url"],
    originUrl: parsed["origin-url"],
    caFile: parsed.ca,
    resolve: resolveMap,
    timeoutMs: integer("timeout-ms", parsed["timeout-ms"], VERIFY_DEFAULTS.timeoutMs, LIMITS.timeoutMs),
    retries: integer("retries", parsed.retries, VERIFY_DEFAULTS.retries, LIMITS.retries),
    retryDelayMs: integer("retry-delay-ms", parsed["retry-delay-ms"], VERIFY_DEFAULTS.retryDelayMs, LIMITS.retryDelayMs),
    reportFile: resolve(parsed.report ?? VERIFY_DEFAULTS.reportFile),
    services: parsed.service,
    phases,
    deployed: parsed.deployed ?? false,
  };
}

/** What the smoke test needs from the synthesized edge (phase1's distribution and response-headers policy). */
export interface SynthesizedEdge {
  /** The headers the response-headers policy promises. */
  readonly promisedHeaders: readonly ExpectedHeader[];
  /** The distribution's ordered behaviours: which paths go to legacy in the configured stage. */
  readonly behaviours: readonly CdnBehaviour[];
}

/**
 * The environment's edge as Terraform applies it, from its synthesized phase1 stack, not a list kept by hand.
 * Synthesizes into a scratch directory (about a second).
 */
export function synthesizedEdge(config: EnvironmentConfig): SynthesizedEdge {
  const outdir = mkdtempSync(join(tmpdir(), "braveheart-verify-"));
  try {
    const { buildApp } = require("../app") as typeof import("../app");
    buildApp(config, { outdir }).app.synth();
    const phase1 = readSynth(outdir).find((s) => s.phase === "phase1");
    return phase1 ? { promisedHeaders: promisedHeadersOfStack(phase1.document), behaviours: edgeBehavioursOfStack(phase1.document) } : { promisedHeaders: [], behaviours: [] };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface VerifyDependencies {
  /** @default synthesizedEdge */
  readonly edge?: (config: EnvironmentConfig) => SynthesizedEdge;
  readonly log?: (line: string) => void;
}

/** Runs the smoke tests; returns the exit code (0 all passed, 1 a check failed, 2 bad options or config). */
export async function runVerify(argv: readonly string[], deps: VerifyDependencies = {}): Promise<{ code: number; report?: VerifyReport }> {
  const log = deps.log ?? ((line: string) => console.log(line));
  let options: VerifyOptions;
  let config: EnvironmentConfig;
  let ca: string | undefined;
  if (argv.includes("--help") || argv.includes("-h")) {
    log(VERIFY_USAGE);
    return { code: 0 };
  }
  try {
    options = parseVerifyArgs(argv);
    config = loadConfig(options.configPath);
    const unknown = (options.services ?? []).filter((s) => !config.services.some((c) => c.name === s));
    if (unknown.length) throw new UsageError(`--service ${unknown.join(", ")}: not in ${options.configPath}; allowed: ${config.services.map((s) => s.name).join(", ")}`);
    if (options.caFile !== undefined) {
      try {
        ca = readFileSync(options.caFile, "utf8");
      } catch (err) {
        throw new UsageError(`--ca ${options.caFile}: ${(err as Error).message}`);
      }
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      log(err instanceof UsageError ? `verify: ${err.message}` : err.message);
      return { code: 2 };
    }
    throw err;
  }
  let phases = options.phases;
  if (options.deployed) {
    phases = servicePhasesDeployed(config.ci.targetPhase);
    if (phases.length === 0) {
      log(`verify: nothing deployed to verify yet: ${config.environment}'s ci.targetPhase is ${config.ci.targetPhase}, and services (and the preview name) start with phase1`);
      return { code: 0 };
    }
    log(`verify: ${config.environment} is deployed up to ${config.ci.targetPhase}: verifying the services of phase ${phases.join(" and ")}`);
  }
  const baseUrl = new URL(options.baseUrl ?? `https://${previewFqdn(config.dns.zoneName)}`);
  const originUrl = new URL(options.originUrl ?? `https://${originFqdn(config.dns.zoneName)}`);
  const edge = (deps.edge ?? synthesizedEdge)(config);
  const plan = verifyPlan(config, { baseUrl, originUrl, promisedHeaders: edge.promisedHeaders, edgeBehaviours: edge.behaviours, services: options.services, phases });
  const report = await runPlan(config.environment, baseUrl.toString(), plan, { ...options, ca, log });
  return { code: report.failed > 0 ? 1 : 0, report };
}

if (require.main === module) {
  runVerify(process.argv.slice(2)).then(
    ({ code }) => (process.exitCode = code),
    (err) => {
      console.error(`verify failed: ${err?.stack ?? err}`);
      process.exitCode = 2;
    },
  );
}
