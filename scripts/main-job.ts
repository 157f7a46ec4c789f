// The main job: validate the selected environment file(s), build every phase's stack, synthesize into cdktf.out/
// (or CDKTF_OUTDIR) and print a summary. main.ts runs it; tests run it in-process too, as runReport and runSynthHcl.
import { buildMultiEnvironmentApp } from "../app";
import { loadConfigs, selectedConfigPaths } from "../config/load";
import { formatSuppressions, listSuppressions } from "../guardrails/suppressions";
import { runSynthHcl } from "./hcl/synth-hcl-job";
import { hclOutputRefusal, runJsonSynthJob } from "./synth-job";
import { backendSwitchesIn } from "./stacks/stack-state";
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
      // Synth keeps each stack's .terraform/; after a change of `backend:` terraform would stop at "Backend
      // configuration changed", so say which command moves (or leaves) the state before anyone runs it.
      for (const problem of backendSwitchesIn(outdir)) console.warn(`Warning: ${problem}`);
    },
  });
}

/**
 * What the app command (main.ts, and cdktf.json for the cdktf CLI) runs. `npx cdktf synth --hcl` runs it with
 * SYNTH_HCL_OUTPUT=true and CDKTF_OUTDIR set to the CLI's output directory: then it is `npm run synth:hcl` writing
 * there (cdktf's HCL repaired, formatted and proven equal to the JSON), since the JSON job cannot write HCL.
 */
export function runAppCommand(): number | Promise<number> {
  return hclOutputRefusal() === undefined ? runMainJob() : runSynthHcl();
}
