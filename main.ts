// The main job: validate the selected environment file, build every phase's stack, synthesize into cdktf.out/
// (or CDKTF_OUTDIR) and print a summary. Runs transpiled (see scripts/build.mjs) for speed; cdktf.json uses it too.
import { renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { buildMultiEnvironmentApp } from "./app";
import { ConfigError, loadConfigs, selectedConfigPaths } from "./config/load";
import { summarizeSynth } from "./scripts/synth-summary";

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

  // Synthesize into a scratch directory and swap it in only when every stack synthesized and passed its checks,
  // so a failure never leaves a half-written cdktf.out behind.
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const scratch = `${outdir}.partial-${process.pid}`;
  try {
    const { app } = buildMultiEnvironmentApp(configs, { outdir: scratch });
    app.synth();
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    console.error(`Synth failed for ${configPaths.join(", ")}:\n${(err as Error).message}`);
    return 1;
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(scratch, outdir);
  console.log(summarizeSynth(outdir, configs.map((c) => c.environment).join(", ")));
  return 0;
}

process.exitCode = main();
