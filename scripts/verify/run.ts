// Runs a verify plan: each check with bounded retries, a progress line per check, then a summary table and a JSON
// report. Checks run one after another: a deploy's smoke test is a few dozen requests, and sequential output reads.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { attempt, expectation } from "./checks";
import type { ClientOptions } from "./http";
import type { Check, VerifyPlan } from "./plan";

export interface RunOptions extends ClientOptions {
  /** Further attempts after a failed one (a deploy may still be settling). */
  readonly retries: number;
  /** Pause between attempts. */
  readonly retryDelayMs: number;
  /** Where the JSON report goes. */
  readonly reportFile: string;
  /** Where progress and the summary go. @default console.log */
  readonly log?: (line: string) => void;
}

export interface CheckResult {
  readonly id: string;
  readonly kind: Check["kind"];
  readonly service?: string;
  readonly url: string;
  readonly expectation: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly attempts: number;
  readonly durationMs: number;
}

export interface VerifyReport {
  readonly environment: string;
  readonly baseUrl: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: VerifyPlan["skipped"];
  readonly checks: readonly CheckResult[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runCheck(check: Check, options: RunOptions): Promise<CheckResult> {
  const started = Date.now();
  let verdict = await attempt(check, options);
  let attempts = 1;
  while (!verdict.ok && attempts <= options.retries) {
    await sleep(options.retryDelayMs);
    verdict = await attempt(check, options);
    attempts++;
  }
  const service = "service" in check ? check.service : undefined;
  return { id: check.id, kind: check.kind, service, url: check.url, expectation: expectation(check), ok: verdict.ok, detail: verdict.detail, attempts, durationMs: Date.now() - started };
}

/** Runs every check, writes the report and prints the summary; returns the report (exit code: failed > 0). */
export async function runPlan(environment: string, baseUrl: string, plan: VerifyPlan, options: RunOptions): Promise<VerifyReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = new Date();
  log(`Verifying ${environment} at ${baseUrl}: ${plan.checks.length} checks (timeout ${options.timeoutMs} ms, ${options.retries} retries)`);
  const results: CheckResult[] = [];
  for (const [i, check] of plan.checks.entries()) {
    const result = await runCheck(check, options);
    results.push(result);
    const tries = result.attempts > 1 ? `, ${result.attempts} attempts` : "";
    log(`[${i + 1}/${plan.checks.length}] ${result.ok ? "PASS" : "FAIL"} ${result.id} ${result.url}: ${result.detail} (${result.durationMs} ms${tries})`);
  }
  for (const s of plan.skipped) log(`SKIP ${s.service}: ${s.reason}`);
  const failed = results.filter((r) => !r.ok);
  const report: VerifyReport = {
    environment,
    baseUrl,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    passed: results.length - failed.length,
    failed: failed.length,
    skipped: plan.skipped,
    checks: results,
  };
  mkdirSync(dirname(options.reportFile), { recursive: true });
  writeFileSync(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
  log("");
  log(summaryTable(results));
  log("");
  log(`${report.passed} passed, ${report.failed} failed${plan.skipped.length ? `, ${plan.skipped.length} skipped` : ""}; report: ${options.reportFile}`);
  for (const f of failed) {
    log(`FAILED ${f.service ? `service ${f.service}` : "edge"}: GET ${f.url}: expected ${f.expectation}; ${f.detail}`);
  }
  return report;
}

export function summaryTable(results: readonly CheckResult[]): string {
  const rows = [["service", "check", "result", "detail"], ...results.map((r) => [r.service ?? "(edge)", r.id.replace(`:${r.service}`, ""), r.ok ? "pass" : "FAIL", r.detail])];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join("  ").trimEnd()).join("\n");
}
