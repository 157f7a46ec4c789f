// The main job's entry (scripts/main-job.ts), run transpiled and bundled for speed (scripts/build.mjs); cdktf.json
// runs it too.
import { runAppCommand } from "./scripts/main-job";
import { skipTokenStackTraces } from "./scripts/start/token-stack-traces";

skipTokenStackTraces();
// A number for the JSON synth; a promise for `cdktf synth --hcl` (the HCL formatter and parser load asynchronously).
Promise.resolve(runAppCommand()).then((code) => {
  process.exitCode = code;
});
