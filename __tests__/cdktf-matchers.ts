// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...) and their types. Imported by the test
// files that use them, not by setup.ts: loading cdktf costs every other test file ~0.2 s.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
