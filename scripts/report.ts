// `npm run report`: synthesizes the selected environment (BRAVEHEART_CONFIG, default staging) into cdktf.out/ (or
// CDKTF_OUTDIR), then writes the review report BESIDE it, in cdktf.out.report/ (`<outdir>.report`): REPORT.md,
// architecture.mmd and, when Graphviz is installed, architecture.svg. Not inside the synth output: every synth swaps
// in a new cdktf.out/ and would delete them. Prints the short version. Synthesizing here (rather than reading an
// older cdktf.out) keeps the report and the guardrail suppressions, which live in the built app, from the same build.
// The synth is the main job's (scripts/atomic-synth.ts): a failure writes nothing, and Terraform's files in cdktf.out
// are kept.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildApp } from "../app";
import { loadConfig, selectedConfigPath } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { renderSvg, toDot, toMermaid } from "./report/architecture";
import { renderReport, renderShortReport, reviewOf } from "./report/build-report";
import { collectSuppressions, type Suppression } from "./report/suppressions";
import { runJsonSynthJob } from "./synth-job";
import { skipTokenStackTraces } from "./start/token-stack-traces";

export const REPORT_FILE = "REPORT.md";
export const MERMAID_FILE = "architecture.mmd";
export const SVG_FILE = "architecture.svg";

/** Where the report of a synth output directory goes: its sibling `<outdir>.report`, which a synth never touches. */
export const reportDirOf = (outdir: string): string => `${outdir.replace(/[/\\]+$/, "")}.report`;

/** Writes the report files beside the synthesized stacks and prints the short version. */
function writeReport(outdir: string, config: EnvironmentConfig, suppressions: readonly Suppression[]): void {
  const review = reviewOf(outdir, config, suppressions);
  const reportDir = reportDirOf(outdir);
  const shown = relative(process.cwd(), reportDir) || ".";
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, REPORT_FILE), renderReport(review));
  writeFileSync(join(reportDir, MERMAID_FILE), toMermaid(review.architecture));
  const svg = renderSvg(toDot(review.architecture));
  if (svg !== undefined) writeFileSync(join(reportDir, SVG_FILE), svg);
  console.log(renderShortReport(review));
  console.log(`Written: ${shown}/${REPORT_FILE}, ${shown}/${MERMAID_FILE}${svg !== undefined ? `, ${shown}/${SVG_FILE}` : ` (no ${SVG_FILE}: Graphviz \`dot\` is not installed)`}`);
}

/**
 * `npm run report`; returns the exit code. cdktf reads its switches from process.env, so that is the environment.
 * Refuses `cdktf synth --hcl` like the main job: the report reads the JSON synth.
 */
export function runReport(): number {
  return runJsonSynthJob({
    configPaths: [selectedConfigPath()],
    load: ([path]) => loadConfig(path),
    synth: (config, scratch) => {
      const { app } = buildApp(config, { outdir: scratch });
      app.synth();
      return collectSuppressions(app);
    },
    report: writeReport,
  });
}

if (require.main === module) {
  skipTokenStackTraces(); // as the main job does: ~0.1 s of a synth (scripts/start/token-stack-traces.ts)
  process.exitCode = runReport();
}
