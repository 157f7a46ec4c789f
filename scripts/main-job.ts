// The main job: validate the selected environment file(s), build every phase's stack, synthesize into cdktf.out/
// (or CDKTF_OUTDIR) and print a summary. main.ts runs it; tests run it in-process too, as runReport and runSynthHcl.
import { buildMultiEnvironmentApp } from "../app";
import { loadConfigs, selectedConfigPaths } from "../config/load";
import { formatSuppressions, listSuppressions } from "../guardrails/suppressions";
import { runJsonSynthJob } from "./synth-job";
import { summarizeSynth } from "./synth-summary";

/** Runs the main job against process.env and returns its exit code; a config or guardrail problem is one message. */
export function runMainJob(): number {
  return runJsonSynthJob({
    configPaths: selectedConfigPaths(),
    load: loadConfigs,
    synth: (configs, scratch) => {
      const { app } = buildMultiEnvironmentApp(configs, { outdir: scratch });
      app.synth();
      return listSuppressions(app);
    },
    report: (outdir, configs, suppressions) => {
      console.log(summarizeSynth(outdir, configs.map((c) => c.environment).join(", ")));
      console.log(formatSuppressions(suppressions));
    },
  });
}
