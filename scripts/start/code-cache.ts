// Built into dist/main.js and each bundled script's dist/<path>.js (scripts/build.mjs): runs the bundle beside it,
// dist/main.bundle.js say, through a V8 code cache. Node 20 parses and compiles a module's functions again on every start; a cache written after a complete run
// lets later runs skip most of that: measured 1.05 s -> 0.86 s of CPU for one environment. A cache of another bundle
// or node version is ignored and rewritten; one that cannot be written (read-only dist/) is skipped.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/** Where the code cache of a bundle lives: beside it, one per node version (V8 rejects other versions' caches). */
export function codeCachePath(bundle: string): string {
  return join(dirname(bundle), `.${basename(bundle)}.${process.version}-${process.arch}.v8cache`);
}

const DIGEST_BYTES = 32;

/**
 * The cache is the bundle's SHA-256 followed by V8's data. V8 itself only compares the source's length, and would
 * run the old code of a rebuilt bundle of the same length: the digest is what makes a stale cache harmless.
 */
function readCache(path: string, digest: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  return file.subarray(0, DIGEST_BYTES).equals(digest) ? file.subarray(DIGEST_BYTES) : undefined;
}

/** Runs a CommonJS bundle as node would run it as the main module, but compiled from (and into) a code cache. */
export function runWithCodeCache(bundle: string): void {
  const cachePath = codeCachePath(bundle);
  const bytes = readFileSync(bundle);
  const digest = createHash("sha256").update(bytes).digest();
  // esbuild writes the bundle in ASCII (`charset: "ascii"` in scripts/build.mjs), so latin1 reads it exactly, and
  // faster than UTF-8: ~13 ms less per start, and V8 gets a one-byte string.
  const source = bytes.toString("latin1");
  const cachedData = readCache(cachePath, digest);
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit, so the cache also holds every function the run compiled lazily (most of them); only after a run that
    // succeeded, since a cache V8 accepts is kept, and one from an early config error would hold almost nothing.
    process.once("exit", (code) => {
      if (code !== 0) return;
      try {
        const scratch = `${cachePath}.${process.pid}`;
        writeFileSync(scratch, Buffer.concat([digest, script.createCachedData()]));
        renameSync(scratch, cachePath); // atomic: a concurrent run reads the old cache or the new one, never half
      } catch {
        // A missing cache only costs time.
      }
    });
  }
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  // The bundle is the program: a script's `if (require.main === module)` must see itself as the main module.
  const bundleRequire = createRequire(bundle);
  bundleRequire.main = bundleModule;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(bundleModule.exports, bundleModule.exports, bundleRequire, bundleModule, bundle, dirname(bundle));
}

/** The bundle a loader runs: dist/main.js runs dist/main.bundle.js, dist/scripts/report.js dist/scripts/report.bundle.js. */
export function bundleOf(loader: string): string {
  return loader.replace(/\.js$/, ".bundle.js");
}

if (require.main === module) runWithCodeCache(bundleOf(__filename));
