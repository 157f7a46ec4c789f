// `npm run synth:hcl`: the selected environment's stacks as formatted HCL, for reviewers, in cdktf.out.hcl/ (or
// CDKTF_OUTDIR) so it never overwrites the JSON that Terraform applies. Every file is parsed back and compared with
// the JSON synth before this reports success; like `npm run synth`, a failure writes nothing (scripts/atomic-synth.ts).
import { relative, resolve } from "node:path";
import { loadConfig, selectedConfigPath } from "../config/load";
import { synthAtomicallyAsync } from "./atomic-synth";
import { type HclStack, synthHcl } from "./hcl/hcl-synth";
import { exitCodeFor, reportErrorsOfEveryStack } from "./synth-job";
import { skipTokenStackTraces } from "./start/token-stack-traces";

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

if (require.main === module) {
  skipTokenStackTraces(); // as the main job does: ~0.1 s of a synth (scripts/start/token-stack-traces.ts)
  runSynthHcl().then((code) => {
    process.exitCode = code;
  });
}
