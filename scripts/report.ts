// `npm run report`: synthesizes the selected environment (BRAVEHEART_CONFIG, default staging) into cdktf.out/ (or
// CDKTF_OUTDIR), then writes the review report there: REPORT.md, architecture.mmd and, when Graphviz is installed,
// architecture.svg. Prints the short version. Synthesizing here (rather than reading an older cdktf.out) keeps the
// report and the guardrail suppressions, which live in the built app, from the same build.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildApp } from "../app";
import { ConfigError, loadConfig, selectedConfigPath } from "../config/load";
import { renderSvg, toDot, toMermaid } from "./report/architecture";
import { renderReport, renderShortReport, reviewOf } from "./report/build-report";
import { collectSuppressions } from "./report/suppressions";

export const REPORT_FILE = "REPORT.md";
export const MERMAID_FILE = "architecture.mmd";
export const SVG_FILE = "architecture.svg";

function main(): number {
  const configPath = selectedConfigPath();
  let config;
  try {
    config = loadConfig(configPath);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const scratch = `${outdir}.partial-${process.pid}`;
  let suppressions;
  try {
    const { app } = buildApp(config, { outdir: scratch });
    app.synth();
    suppressions = collectSuppressions(app);
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    console.error(`Synth failed for ${configPath}:\n${(err as Error).message}`);
    return 1;
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(scratch, outdir);

  const review = reviewOf(outdir, config, suppressions);
  const shown = relative(process.cwd(), outdir) || ".";
  writeFileSync(join(outdir, REPORT_FILE), renderReport(review));
  writeFileSync(join(outdir, MERMAID_FILE), toMermaid(review.architecture));
  const svg = renderSvg(toDot(review.architecture));
  if (svg !== undefined) writeFileSync(join(outdir, SVG_FILE), svg);
  console.log(renderShortReport(review));
  console.log(`Written: ${shown}/${REPORT_FILE}, ${shown}/${MERMAID_FILE}${svg !== undefined ? `, ${shown}/${SVG_FILE}` : ` (no ${SVG_FILE}: Graphviz \`dot\` is not installed)`}`);
  return 0;
}

process.exitCode = main();
