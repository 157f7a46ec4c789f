const { availableParallelism } = require("node:os");

/** Tests run on code transpiled by SWC (no type-check per file: `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: "<rootDir>/__tests__/jest/environment.js",
  // cdktf, the provider bindings and zod load once per worker, not once per test file (see the file).
  runtime: "<rootDir>/__tests__/jest/shared-modules-runtime.js",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }] },
  // Jest's default leaves a core for its own process, which on a 2-core machine means one worker for ~45 files;
  // the parent mostly waits, so every core gets a worker (measured 75 s -> 53 s before the other speed-ups).
  maxWorkers: availableParallelism(),
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/cdktf.out/", "/dist/"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/cdktf.out/"],
};
