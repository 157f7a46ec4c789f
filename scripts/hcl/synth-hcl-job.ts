// The HCL synth job: what `npm run synth:hcl` (scripts/synth-hcl.ts) and `npx cdktf synth --hcl` (the app command,
// scripts/main-job.ts) run. Here, not in the entry file, because a bundle that imports an entry file runs its
// `require.main === module` block too.
import { relative, resolve } from "node:path";
import { loadConfig, selectedConfigPath } from "../../config/load";
import { synthAtomicallyAsync } from "../atomic-synth";
import { type HclStack, synthHcl } from "./hcl-synth";
import { exitCodeFor, reportErrorsOfEveryStack } from "../synth-job";

export const DEFAULT_HCL_OUTDIR = "cdktf.out.hcl";

/** `npm run synth:hcl`; resolves to the exit code. cdktf reads its switches from process.env, so that is the environment. */
export async function runSynthHcl(): Promise<number> {
  const configPath = selectedConfigPath();
  try {
    const config = loadConfig(configPath);
    reportErrorsOfEveryStack();
    const outdir = resolve(process.env.CDKTF_OUTDIR ?? DEFAULT_HCL_OUTDIR);
    let stacks: HclStack[] = [];
    const report = await synthAtomicallyAsync(outdir, async (scratch) => {
      stacks = await synthHcl(config, { outdir: scratch });
    });
    const shown = relative(process.cwd(), outdir) || ".";
    console.log(`Synthesized ${stacks.length} stack(s) as HCL for ${config.environment} into ${shown}/ (each parsed back: same as the JSON synth)`);
    for (const { file, hcl } of stacks) console.log(`  ${shown}/${file}  ${hcl.split("\n").length} lines`);
    for (const warning of report.warnings) console.warn(`Warning: ${warning}`);
    return 0;
  } catch (err) {
    return exitCodeFor(err, [configPath]);
  }
}
