// The test set-up itself (jest.config.js): libraries load once per worker, the repository's code once per file, and
// both see one process.env.
import { App } from "cdktf";

const { isShared } = require("./shared-modules-runtime") as { isShared: (moduleName: string) => boolean };

/** The worker's node `require` (jest/environment.js), not this file's. */
const workerRequire = (globalThis as any)[Symbol.for("braveheart.workerRequire")] as NodeRequire;
const nativeRequire = (name: string) => workerRequire(workerRequire.resolve(name, { paths: [__dirname] }));

describe("shared-modules-runtime", () => {
  test.each(["cdktf", "constructs", "@cdktf/provider-aws/lib/vpc", "cdktf/lib/tokens/private/stack-trace", "zod", "yaml"])(
    "%s is loaded by node, once per worker",
    (name) => {
      expect(isShared(name)).toBe(true);
      expect(require(name)).toBe(nativeRequire(name));
    },
  );

  test.each(["cdktf/lib/testing/adapters/jest", "cdktf-cli", "../../app", "./helpers", "zodiac"])("%s is loaded per test file", (name) => {
    expect(isShared(name)).toBe(false);
  });

  test("cdktf's jest adapter is this file's own copy, so it extends this file's expect", () => {
    expect(require("cdktf/lib/testing/adapters/jest")).not.toBe(nativeRequire("cdktf/lib/testing/adapters/jest"));
  });

  test("the repository's modules are this file's own copies", () => {
    let isolated: unknown;
    jest.isolateModules(() => {
      isolated = require("../../config/schema");
    });
    expect(isolated).not.toBe(require("../../config/schema"));
  });
});

describe("environment", () => {
  test("a variable a test sets reaches the shared cdktf, which reads the real process.env", () => {
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = "/tmp/set-by-a-test";
    try {
      expect(new App().outdir).toBe("/tmp/set-by-a-test");
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
  });
});
