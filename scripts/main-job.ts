// The main job: validate the selected environment file(s), build every phase's stack, synthesize into cdktf.out/
// (or CDKTF_OUTDIR) and print a summary. main.ts runs it; tests run it in-process too, as runReport and runSynthHcl.
import { resolve } from "node:path";
import { buildMultiEnvironmentApp } from "../app";
import { loadConfigs, selectedConfigPaths } from "../config/load";
import { formatSuppressions, listSuppressions } from "../guardrails/suppressions";
import { synthAtomically } from "./atomic-synth";
import { exitCodeFor, hclOutputRefusal, reportErrorsOfEveryStack } from "./synth-job";
import { summarizeSynth } from "./synth-summary";

/** Runs the main job against process.env and returns its exit code; a config or guardrail problem is one message. */
export function runMainJob(): number {
  // `cdktf synth --hcl` runs this job with SYNTH_HCL_OUTPUT set: refused before anything is read or written.
  const refusal = hclOutputRefusal();
  if (refusal !== undefined) {
    console.error(refusal);
    return 1;
  }
  const configPaths = selectedConfigPaths();
  try {
    const configs = loadConfigs(configPaths);
    reportErrorsOfEveryStack();
    const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
    let suppressions;
    const report = synthAtomically(outdir, (scratch) => {
      const { app } = buildMultiEnvironmentApp(configs, { outdir: scratch });
      app.synth();
      suppressions = listSuppressions(app);
    });
    console.log(summarizeSynth(outdir, configs.map((c) => c.environment).join(", ")));
    console.log(formatSuppressions(suppressions ?? []));
    for (const warning of report.warnings) console.warn(`Warning: ${warning}`);
    return 0;
  } catch (err) {
    return exitCodeFor(err, configPaths);
  }
}
