// Jest's node environment gives each test file a copy of process.env. The libraries shared by
// shared-modules-runtime.js run outside that sandbox and read the real one (cdktf reads SYNTH_HCL_OUTPUT,
// CDKTF_OUTDIR and CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS when an app or stack is made), so test files see the
// real process.env too, and a test that sets a variable puts it back.
const { TestEnvironment } = require("jest-environment-node");

class RealProcessEnvEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.process.env = process.env;
    // For __tests__/jest/shared-modules.test.ts only: the worker's own require, to tell shared modules from per-file ones.
    this.global[Symbol.for("braveheart.workerRequire")] = require;
  }
}

module.exports = RealProcessEnvEnvironment;
