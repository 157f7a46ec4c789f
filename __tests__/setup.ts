// Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their types, and skips
// cdktf's per-token stack traces as the main job does (scripts/start/token-stack-traces.ts).
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { skipTokenStackTraces } from "../scripts/start/token-stack-traces";

Testing.setupJest();
skipTokenStackTraces();
