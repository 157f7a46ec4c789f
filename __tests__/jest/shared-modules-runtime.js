// Jest gives every test file its own module registry, so each of the ~40 files that builds the app loaded cdktf, the
// provider bindings and zod again through jest's loader: ~0.8 s per file, 17 s of the suite's 77 s of CPU. These
// libraries keep no state our tests depend on, so they are loaded once per worker with node's own `require` and
// shared; the repository's code still loads fresh in every file. jest.mock does not reach the shared modules (no test
// mocks them). cdktf's jest adapter stays per file: it reads the file's `expect` from its global.
const { dirname } = require("node:path");
const JestRuntime = require("jest-runtime").default;

const SHARED = /^(cdktf|constructs|@cdktf\/provider-aws|zod|yaml)(\/|$)/;
const PER_FILE = /^cdktf\/lib\/testing\//;

/** A module the worker loads once, natively, for every test file. */
function isShared(moduleName) {
  return SHARED.test(moduleName) && !PER_FILE.test(moduleName);
}

class SharedModulesRuntime extends JestRuntime {
  requireModuleOrMock(from, moduleName) {
    if (isShared(moduleName)) return require(require.resolve(moduleName, { paths: [dirname(from)] }));
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedModulesRuntime;
module.exports.isShared = isShared;
