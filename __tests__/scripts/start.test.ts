// The main job's start-up: the V8 code cache loader that dist/main.js is built from, and skipping cdktf's per-token
// stack traces. Both only save time, so what is proven is that they change nothing else.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Lazy } from "cdktf";
import { REPO_ROOT } from "../../config/load";
import { bundleOf, codeCachePath } from "../../scripts/start/code-cache";
import { skipTokenStackTraces, TOKEN_STACK_TRACES_ENV_VAR } from "../../scripts/start/token-stack-traces";

describe("runWithCodeCache (dist/main.js)", () => {
  let dir: string;
  let bundle: string;
  // A stand-in bundle that shows what it was given (node's module arguments) and exits with $EXIT.
  const BUNDLE = `
    const path = require("node:path");
    console.log(JSON.stringify({ file: path.basename(__filename), dir: __dirname, exports: typeof module.exports, main: require.main === module, version: VERSION }));
    process.exitCode = Number(process.env.EXIT);`;
  const run = (exit = 0) =>
    spawnSync(process.execPath, ["-e", `require(${JSON.stringify(join(REPO_ROOT, "dist/scripts/start/code-cache.js"))}).runWithCodeCache(${JSON.stringify(bundle)})`], {
      encoding: "utf8",
      env: { ...process.env, EXIT: String(exit) },
    });
  beforeEach(() => {
    // GIVEN a fresh bundle with no cache beside it
    dir = mkdtempSync(join(tmpdir(), "braveheart-code-cache-"));
    bundle = join(dir, "main.bundle.js");
    writeFileSync(bundle, BUNDLE.replace("VERSION", "1"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("runs the bundle as a main module would run: its file, directory, module object, require.main and exit code", () => {
    const result = run(3);
    expect(result.status).toBe(3);
    // require.main: a bundled script's `if (require.main === module)` must run it
    expect(JSON.parse(result.stdout)).toEqual({ file: "main.bundle.js", dir, exports: "object", main: true, version: 1 });
  });

  test("each loader runs the bundle named after itself", () => {
    expect(bundleOf("/x/dist/main.js")).toBe("/x/dist/main.bundle.js");
    expect(bundleOf("/x/dist/scripts/report.js")).toBe("/x/dist/scripts/report.bundle.js");
  });

  test("writes the cache after a successful run and reuses it unchanged afterwards", () => {
    expect(run().status).toBe(0);
    const cache = codeCachePath(bundle);
    expect(readFileSync(cache).length).toBeGreaterThan(0);
    const before = statSync(cache).mtimeMs;
    expect(run().status).toBe(0);
    expect(statSync(cache).mtimeMs).toBe(before); // accepted, so not rewritten
  });

  test("writes no cache after a failed run (it would be kept, holding almost nothing)", () => {
    expect(run(1).status).toBe(1);
    expect(existsSync(codeCachePath(bundle))).toBe(false);
  });

  test("a rebuilt bundle of the same length runs its new code and replaces the stale cache", () => {
    run();
    const stale = readFileSync(codeCachePath(bundle));
    writeFileSync(bundle, BUNDLE.replace("VERSION", "2")); // V8 alone compares only the length
    expect(JSON.parse(run().stdout).version).toBe(2);
    expect(readFileSync(codeCachePath(bundle)).equals(stale)).toBe(false);
  });

  test("keeps one cache per node version, beside the bundle and hidden", () => {
    expect(codeCachePath("/x/dist/main.bundle.js")).toBe(`/x/dist/.main.bundle.js.${process.version}-${process.arch}.v8cache`);
  });
});

describe("skipTokenStackTraces", () => {
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
  let original: () => string[];
  beforeAll(() => {
    // __tests__/setup.ts already skipped them for speed; put cdktf's own function back to test from the start.
    jest.isolateModules(() => {
      original = jest.requireActual("cdktf/lib/tokens/private/stack-trace").captureStackTrace;
    });
  });
  beforeEach(() => {
    stackTrace.captureStackTrace = original;
  });
  afterAll(() => skipTokenStackTraces());

  test("by default, tokens are created without a stack trace", () => {
    expect(skipTokenStackTraces({})).toBe(true);
    const token = Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };
    expect(token.creationStack).toEqual([]);
  });

  test(`${TOKEN_STACK_TRACES_ENV_VAR}=1 keeps cdktf's stack traces, for debugging a token that does not resolve`, () => {
    expect(skipTokenStackTraces({ [TOKEN_STACK_TRACES_ENV_VAR]: "1" })).toBe(false);
    const token = Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };
    expect(token.creationStack.length).toBeGreaterThan(0);
  });
});
