// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their types. Imported by the test
// files that use them, not by setup.ts: loading cdktf costs every other test file ~0.2 s. The adapter is set up from
// this file's own copy (jest/shared-modules-runtime.js keeps cdktf/lib/testing per file) because it extends the
// `expect` on its global.
import { setupJest } from "cdktf/lib/testing/adapters/jest";

setupJest();
