// `npm run synth:hcl`: the selected environment's stacks as formatted HCL, for reviewers, in cdktf.out.hcl/ (or
// CDKTF_OUTDIR) so it never overwrites the JSON that Terraform applies. Every file is parsed back and compared with
// the JSON synth before this reports success.
import { relative, resolve } from "node:path";
import { ConfigError, loadConfig, selectedConfigPath } from "../config/load";
import { HclRoundTripError, synthHcl } from "./hcl/hcl-synth";

export const DEFAULT_HCL_OUTDIR = "cdktf.out.hcl";

async function main(): Promise<number> {
  const configPath = selectedConfigPath();
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? DEFAULT_HCL_OUTDIR);
  try {
    const config = loadConfig(configPath);
    const stacks = await synthHcl(config, { outdir });
    const shown = relative(process.cwd(), outdir) || ".";
    console.log(`Synthesized ${stacks.length} stack(s) as HCL for ${config.environment} into ${shown}/ (each parsed back: same as the JSON synth)`);
    for (const { file, hcl } of stacks) console.log(`  ${shown}/${file}  ${hcl.split("\n").length} lines`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof HclRoundTripError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

main().then((code) => {
  process.exitCode = code;
});
