// The main job's entry (scripts/main-job.ts), run transpiled and bundled for speed (scripts/build.mjs); cdktf.json
// runs it too.
import { runMainJob } from "./scripts/main-job";
import { skipTokenStackTraces } from "./scripts/start/token-stack-traces";

skipTokenStackTraces();
process.exitCode = runMainJob();
