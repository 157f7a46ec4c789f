// The main job's start-up: the V8 code cache loader that dist/main.js is built from, and skipping cdktf's per-token
// stack traces. Both only save time, so what is proven is that they change nothing else.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Lazy } from "cdktf";
import { REPO_ROOT } from "../../config/load";
import { codeCachePath } from "../../scripts/start/code-cache";
import { skipTokenStackTraces, TOKEN_STACK_TRACES_ENV_VAR } from "../../scripts/start/token-stack-traces";

describe("runWithCodeCache (dist/main.js)", () => {
  let dir: string;
  let bundle: string;
  // A stand-in bundle that shows what it was given: node's module arguments, and its exit code.
  const BUNDLE = `
    const path = require("node:path");
    console.log(JSON.stringify({ file: path.basename(__filename), dir: __dirname, exports: typeof module.exports, version: VERSION }));
    process.exitCode = 3;`;
  const run = () =>
    spawnSync(process.execPath, ["-e", `require(${JSON.stringify(join(REPO_ROOT, "dist/scripts/start/code-cache.js"))}).runWithCodeCache(${JSON.stringify(bundle)})`], {
      encoding: "utf8",
    });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "braveheart-code-cache-"));
    bundle = join(dir, "main.bundle.js");
    writeFileSync(bundle, BUNDLE.replace("VERSION", "1"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("runs the bundle as a main module would run: its file, directory, module object and exit code", () => {
    const result = run();
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({ file: "main.bundle.js", dir, exports: "object", version: 1 });
  });

  test("writes the cache after the first run and reuses it unchanged afterwards", () => {
    const cache = codeCachePath(bundle);
    const written = readFileSync(cache);
    expect(written.length).toBeGreaterThan(0);
    const before = statSync(cache).mtimeMs;
    expect(run().status).toBe(3);
    expect(statSync(cache).mtimeMs).toBe(before); // accepted by V8, so not rewritten
  });

  test("a changed bundle runs its new code and replaces the stale cache", () => {
    const cache = codeCachePath(bundle);
    const stale = readFileSync(cache);
    writeFileSync(bundle, BUNDLE.replace("VERSION", "2"));
    expect(JSON.parse(run().stdout).version).toBe(2);
    expect(readFileSync(cache).equals(stale)).toBe(false);
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
