// `npm run synth:hcl`: the selected environment's stacks as formatted HCL, for reviewers, in cdktf.out.hcl/ (or
// CDKTF_OUTDIR) so it never overwrites the JSON that Terraform applies. Every file is parsed back and compared with
// the JSON synth before this reports success; like `npm run synth`, a failure writes nothing (scripts/atomic-synth.ts).
import { runSynthHcl } from "./hcl/synth-hcl-job";
import { skipTokenStackTraces } from "./start/token-stack-traces";

export { DEFAULT_HCL_OUTDIR, runSynthHcl } from "./hcl/synth-hcl-job";

if (require.main === module) {
  skipTokenStackTraces(); // as the main job does: ~0.1 s of a synth (scripts/start/token-stack-traces.ts)
  runSynthHcl().then((code) => {
    process.exitCode = code;
  });
}
