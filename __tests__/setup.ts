// Runs before every test file: skip cdktf's per-token stack traces as the main job does
// (scripts/start/token-stack-traces.ts). cdktf's matchers are in cdktf-matchers.ts, for the files that use them.
import { skipTokenStackTraces } from "../scripts/start/token-stack-traces";

skipTokenStackTraces();
