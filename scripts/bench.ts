// `npm run bench`: median wall time and peak memory of the main job and its alternatives, the test suite, and
// synth of a generated large catalog. Public tools only: a node harness with warm-up runs; peak memory is the
// largest maxRSS reported by any node process of a run (a --require hook in NODE_OPTIONS reaches the cdktf CLI's
// child app and jest's workers too).
//
// Options (environment): BENCH_RUNS (default 5), BENCH_ONLY (comma-separated case ids), BENCH_SKIP_SLOW=1
// (skips ts-node and the cdktf CLI, the two cases that take several seconds each).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parse, stringify } from "yaml";
import { REPO_ROOT } from "../config/load";
import { median, runOrder } from "./bench/run-order";
import { terraformVersion } from "./terraform/terraform-cli";

interface Case {
  readonly id: string;
  readonly label: string;
  readonly command: string[];
  readonly env?: Record<string, string>;
  /** Variables removed from the environment the case runs in. */
  readonly unset?: readonly string[];
  readonly slow?: boolean;
  /** Runs once before the timed runs (not timed). */
  readonly setup?: () => void;
}

interface Result {
  readonly id: string;
  readonly label: string;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly peakMb: number;
  readonly runs: number;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const SKIP_SLOW = process.env.BENCH_SKIP_SLOW === "1";
const scratch = mkdtempSync(join(tmpdir(), "braveheart-bench-"));
const rssHook = join(scratch, "peak-rss-hook.js");
writeFileSync(
  rssHook,
  `process.on("exit", () => { try { require("fs").appendFileSync(process.env.BENCH_RSS_FILE, process.resourceUsage().maxRSS + "\\n"); } catch {} });\n`,
);

const node = process.execPath;
const EXTRA_CA = "NODE_EXTRA_CA_CERTS";
const bin = (name: string) => join(REPO_ROOT, "node_modules/.bin", name);

/** Writes an environment file with `count` generated services (half in each phase) next to the shipped ones. */
function largeCatalog(environment: string, count: number): string {
  const raw = parse(readFileSync(join(REPO_ROOT, "config/staging.yaml"), "utf8"));
  raw.environment = environment;
  raw.services = Array.from({ length: count }, (_, i) => ({
    name: `svc-${String(i).padStart(3, "0")}`,
    phase: i % 2 === 0 ? 1 : 2,
    imageTag: "1.0.0",
    port: 8080,
    cpu: 256,
    memory: 512,
    desiredCount: 2,
    minCount: 1,
    maxCount: 4,
    routing: { paths: [`/api/svc-${i}/*`], priority: 1000 + i },
  }));
  const file = join(scratch, `${environment}-${count}.yaml`);
  writeFileSync(file, stringify(raw));
  return file;
}

function mainJob(label: string, id: string, configFile: string): Case {
  return { id, label, command: [node, "dist/main.js"], env: { BRAVEHEART_CONFIG: configFile } };
}

const cases: Case[] = [
  mainJob("main job, staging (node dist/main.js)", "main-staging", "config/staging.yaml"),
  mainJob("main job, production", "main-production", "config/production.yaml"),
  { id: "npm-synth", label: "npm run synth (up-to-date build check + main job)", command: ["npm", "run", "-s", "synth"] },
  {
    // Exactly the "app" of `cdktf init --template=typescript` (node_modules/cdktf-cli/templates/typescript/cdktf.json).
    id: "ts-node",
    label: "template way: npx ts-node main.ts (type-checking)",
    command: ["npx", "ts-node", "main.ts"],
    slow: true,
  },
  // NODE_EXTRA_CA_CERTS makes every node process read and parse a CA bundle as it starts (~70 ms on this machine,
  // whose sandbox sets it). Where it is set, the main job and the template's run are measured without it too.
  ...(process.env[EXTRA_CA] === undefined
    ? []
    : [
        { ...mainJob(`main job, staging, without ${EXTRA_CA}`, "main-staging-no-extra-ca", "config/staging.yaml"), unset: [EXTRA_CA] },
        { id: "ts-node-no-extra-ca", label: `template way, without ${EXTRA_CA}`, command: ["npx", "ts-node", "main.ts"], unset: [EXTRA_CA], slow: true },
      ]),
  {
    id: "cdktf-cli",
    label: "npx cdktf synth (cdktf.json app)",
    command: [bin("cdktf"), "synth", "--output", join(scratch, "cli-out")],
    env: { CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" },
    slow: true,
  },
  { id: "tests", label: "full test suite (npm test)", command: ["npm", "test", "--silent"], slow: true },
  // Real Terraform (docs/ci.md, "Real Terraform"): both environments, 10 stacks each way; only where terraform is.
  ...(terraformVersion() === undefined
    ? []
    : [
        { id: "terraform-validate", label: "terraform validate, 10 stacks (npm run plan:offline -- --validate-only)", command: [node, "dist/scripts/plan-offline.js", "--validate-only"], slow: true },
        { id: "terraform-plan", label: "offline terraform plan, 10 stacks (npm run plan:offline -- --plan-only)", command: [node, "dist/scripts/plan-offline.js", "--plan-only"], slow: true },
      ]),
  ...[10, 25, 50, 100].map((count) => ({
    id: `catalog-${count}`,
    label: `${count} services x 3 environments (3 main jobs)`,
    command: ["bash", "-c", ["a", "b", "c"].map((env) => `BRAVEHEART_CONFIG=${largeCatalog(`perf${env}`, count)} ${node} dist/main.js >/dev/null`).join(" && ")],
  })),
  // The same work in one process: BRAVEHEART_CONFIG takes several files, and node and the modules start once.
  ...[10, 100].map((count) => ({
    id: `catalog-${count}-one-app`,
    label: `${count} services x 3 environments (one main job, BRAVEHEART_CONFIG=a,b,c)`,
    command: [node, "dist/main.js"],
    env: { BRAVEHEART_CONFIG: ["a", "b", "c"].map((env) => largeCatalog(`perf${env}`, count)).join(",") },
  })),
];

function runOnce(c: Case): { seconds: number; peakKb: number } {
  const rssFile = join(scratch, `rss-${c.id}.txt`);
  writeFileSync(rssFile, "");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: join(scratch, `out-${c.id}`),
    ...c.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${rssHook}`.trim(),
    BENCH_RSS_FILE: rssFile,
  };
  for (const name of c.unset ?? []) delete env[name];
  const started = performance.now();
  const run = spawnSync(c.command[0], c.command.slice(1), {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${c.label} failed (exit ${run.status}):\n${run.stderr || run.stdout}`);
  const peakKb = Math.max(0, ...readFileSync(rssFile, "utf8").split("\n").filter(Boolean).map(Number));
  return { seconds, peakKb };
}

/** Every case's warm-up, then the timed runs in runOrder. */
function benchAll(selected: readonly Case[]): Result[] {
  for (const c of selected) {
    process.stderr.write(`bench: warm-up: ${c.label}\n`);
    c.setup?.();
    runOnce(c); // file cache, compiled code cache
  }
  const samples = new Map(selected.map((c) => [c.id, [] as { seconds: number; peakKb: number }[]]));
  const order = runOrder(selected, RUNS);
  order.forEach((c, i) => {
    process.stderr.write(`bench: run ${i + 1} of ${order.length}: ${c.label}\n`);
    samples.get(c.id)!.push(runOnce(c));
  });
  return selected.map((c) => {
    const seconds = samples.get(c.id)!.map((s) => s.seconds);
    return {
      id: c.id,
      label: c.label,
      medianSeconds: median(seconds),
      minSeconds: Math.min(...seconds),
      maxSeconds: Math.max(...seconds),
      peakMb: median(samples.get(c.id)!.map((s) => s.peakKb)) / 1024,
      runs: seconds.length,
    };
  });
}

function main(): void {
  spawnSync(node, ["scripts/build.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
  const selected = cases.filter((c) => (!ONLY || ONLY.includes(c.id)) && !(SKIP_SLOW && c.slow));
  const results = benchAll(selected);
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; medians of ${RUNS} runs (3 for slow cases) after one warm-up, in rounds of one run per case.`,
    ...(process.env[EXTRA_CA] === undefined
      ? []
      : [`${EXTRA_CA} is set here (${process.env[EXTRA_CA]}): every node process reads and parses it at start; rows "without ${EXTRA_CA}" leave it out.`]),
    "",
    "| case | median s | min s | max s | peak MB |",
    "|---|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.label} | ${r.medianSeconds.toFixed(2)} | ${r.minSeconds.toFixed(2)} | ${r.maxSeconds.toFixed(2)} | ${r.peakMb.toFixed(0)} |`),
    "",
  ];
  const ratio = (a: string, b: string, text: string) => {
    if (byId[a] && byId[b]) lines.push(`- ${text}: ${(byId[a].medianSeconds / byId[b].medianSeconds).toFixed(1)}x`);
  };
  ratio("ts-node", "main-staging", "main job vs the template's type-checking ts-node run");
  ratio("ts-node-no-extra-ca", "main-staging-no-extra-ca", `the same, both without ${EXTRA_CA}`);
  ratio("cdktf-cli", "main-staging", "main job vs `npx cdktf synth` (CLI start-up included)");
  ratio("catalog-100", "catalog-10", "100 vs 10 services per environment (linear would be <= 10x)");
  ratio("catalog-100", "catalog-50", "100 vs 50 services per environment (linear would be <= 2x)");
  ratio("catalog-100-one-app", "catalog-10-one-app", "one app: 100 vs 10 services per environment (linear would be <= 10x)");
  if (byId["terraform-validate"] && byId["terraform-plan"]) {
    const total = byId["terraform-validate"].medianSeconds + byId["terraform-plan"].medianSeconds;
    lines.push(`- real Terraform, both environments: validate + plan ${total.toFixed(1)} s (target: 120 s)`);
  }
  const report = lines.join("\n");
  console.log(report);
  mkdirSync(join(REPO_ROOT, "bench-results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "bench-results/latest.md"), `${report}\n`);
  writeFileSync(join(REPO_ROOT, "bench-results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  rmSync(scratch, { recursive: true, force: true });
}

main();
