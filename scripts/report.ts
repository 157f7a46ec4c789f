// `npm run report`: synthesizes the selected environment (BRAVEHEART_CONFIG, default staging) into cdktf.out/ (or
// CDKTF_OUTDIR), then writes the review report there: REPORT.md, architecture.mmd and, when Graphviz is installed,
// architecture.svg. Prints the short version. Synthesizing here (rather than reading an older cdktf.out) keeps the
// report and the guardrail suppressions, which live in the built app, from the same build. The synth is the main
// job's (scripts/atomic-synth.ts): a failure writes nothing, and Terraform's files in cdktf.out are kept.
import { writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildApp } from "../app";
import { loadConfig, selectedConfigPath } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { synthAtomically } from "./atomic-synth";
import { renderSvg, toDot, toMermaid } from "./report/architecture";
import { renderReport, renderShortReport, reviewOf } from "./report/build-report";
import { collectSuppressions, type Suppression } from "./report/suppressions";
import { exitCodeFor, hclOutputRefusal, reportErrorsOfEveryStack } from "./synth-job";
import { skipTokenStackTraces } from "./start/token-stack-traces";

export const REPORT_FILE = "REPORT.md";
export const MERMAID_FILE = "architecture.mmd";
export const SVG_FILE = "architecture.svg";

/** Writes the report files next to the synthesized stacks and prints the short version. */
function writeReport(outdir: string, config: EnvironmentConfig, suppressions: readonly Suppression[]): void {
  const review = reviewOf(outdir, config, suppressions);
  const shown = relative(process.cwd(), outdir) || ".";
  writeFileSync(join(outdir, REPORT_FILE), renderReport(review));
  writeFileSync(join(outdir, MERMAID_FILE), toMermaid(review.architecture));
  const svg = renderSvg(toDot(review.architecture));
  if (svg !== undefined) writeFileSync(join(outdir, SVG_FILE), svg);
  console.log(renderShortReport(review));
  console.log(`Written: ${shown}/${REPORT_FILE}, ${shown}/${MERMAID_FILE}${svg !== undefined ? `, ${shown}/${SVG_FILE}` : ` (no ${SVG_FILE}: Graphviz \`dot\` is not installed)`}`);
}

/** `npm run report`; returns the exit code. cdktf reads its switches from process.env, so that is the environment. */
export function runReport(): number {
  // The report reads the JSON synth: with cdktf asked for HCL it would replace cdktf.out with files it cannot read.
  const refusal = hclOutputRefusal();
  if (refusal !== undefined) {
    console.error(refusal);
    return 1;
  }
  const configPath = selectedConfigPath();
  try {
    const config = loadConfig(configPath);
    reportErrorsOfEveryStack();
    const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
    let suppressions: Suppression[] = [];
    const synth = synthAtomically(outdir, (scratch) => {
      const { app } = buildApp(config, { outdir: scratch });
      app.synth();
      suppressions = collectSuppressions(app);
    });
    writeReport(outdir, config, suppressions);
    for (const warning of synth.warnings) console.warn(`Warning: ${warning}`);
    return 0;
  } catch (err) {
    return exitCodeFor(err, [configPath]);
  }
}

if (require.main === module) {
  skipTokenStackTraces(); // as the main job does: ~0.1 s of a synth (scripts/start/token-stack-traces.ts)
  process.exitCode = runReport();
}
