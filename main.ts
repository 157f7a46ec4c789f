// The main job: validate the selected environment file(s), build every phase's stack, synthesize into cdktf.out/
// (or CDKTF_OUTDIR) and print a summary. Runs transpiled (see scripts/build.mjs) for speed; cdktf.json uses it too.
import { resolve } from "node:path";
import { buildMultiEnvironmentApp } from "./app";
import { ConfigError, loadConfigs, selectedConfigPaths } from "./config/load";
import { formatSuppressions, listSuppressions } from "./guardrails/suppressions";
import { SynthFailure, synthAtomically } from "./scripts/atomic-synth";
import { skipTokenStackTraces } from "./scripts/start/token-stack-traces";
import { summarizeSynth } from "./scripts/synth-summary";

skipTokenStackTraces();

function main(): number {
  const configPaths = selectedConfigPaths();
  let configs;
  try {
    configs = loadConfigs(configPaths);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }

  // Let every stack synthesize even when one has guardrail errors, so one run reports all of them; the errors are
  // then read from the manifest and nothing is swapped into the output directory (scripts/atomic-synth.ts).
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS ??= "true";
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  let report;
  let suppressions;
  try {
    report = synthAtomically(outdir, (scratch) => {
      const { app } = buildMultiEnvironmentApp(configs, { outdir: scratch });
      app.synth();
      suppressions = listSuppressions(app);
    });
  } catch (err) {
    if (!(err instanceof SynthFailure)) throw err;
    console.error(`Synth failed for ${configPaths.join(", ")}:\n${err.message}`);
    return 1;
  }
  console.log(summarizeSynth(outdir, configs.map((c) => c.environment).join(", ")));
  console.log(formatSuppressions(suppressions ?? []));
  for (const warning of report.warnings) console.warn(`Warning: ${warning}`);
  return 0;
}

process.exitCode = main();
