// Builds dist/ with esbuild (no type-check: `npm run typecheck` does that once, for the whole project).
// Why not ts-node: type-checking on every synth costs seconds; transpiling and bundling take a fraction of one.
//
//   dist/<path>.js        every source file transpiled one to one, with inline source maps (the scripts under
//                         scripts/ run from these; dist/main.unbundled.js is the main job the same way: run it with
//                         `node --enable-source-maps` when a stack trace must point into the TypeScript)
//   dist/main.bundle.js   the main job (main.ts) and its dependencies in one minified file: node resolves, reads and
//                         compiles one file instead of ~600 (measured: 1.25 s -> 1.05 s of CPU per synth). No source
//                         map: writing one tripled the bundling time (0.65 s -> 1.3-2.0 s)
//   dist/main.js          runs the bundle through a V8 code cache (scripts/start/code-cache.ts): 1.05 s -> 0.86 s
//
// Bundling reads ~7 MB of JavaScript (0.6-1.7 s here), so, like make, a step whose outputs are newer than all of its
// inputs (the sources, this script, the installed packages) is skipped: editing an environment file, which is read
// at run time, never rebuilds. BRAVEHEART_REBUILD=1 forces every step.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", "dist", "cdktf.out", ".gen", ".git", "__tests__", "coverage"]);
const MAIN = "main.ts";

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith(".")) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [relative(root, path)] : [];
  });
}

// cdktf loads `archiver` (~80 ms) at start-up only to zip directory assets (TerraformAsset of type ARCHIVE), which
// this project has none of. The bundle gets a stand-in that says so if that ever changes.
const withoutArchiver = {
  name: "without-archiver",
  setup(b) {
    b.onResolve({ filter: /^archiver$/ }, () => ({ path: "archiver", namespace: "without-archiver" }));
    b.onLoad({ filter: /.*/, namespace: "without-archiver" }, () => ({
      contents:
        'module.exports = () => { throw new Error("archiver is left out of dist/main.bundle.js (scripts/build.mjs): ' +
        'remove the without-archiver plugin to synthesize ARCHIVE assets"); };',
    }));
  },
};

const mtime = (path) => {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // a missing input (deleted, renamed) makes its outputs stale
  }
};
// npm keeps the packages' own (1985) mtimes, so an install is seen through the lock file it writes.
const ALWAYS = ["scripts/build.mjs", "package.json", "node_modules/.package-lock.json"];

/** Runs `step` unless every output exists and is newer than every input (and than ALWAYS). */
async function unlessUpToDate(outputs, inputs, step) {
  const oldestOutput = Math.min(...outputs.map((o) => (existsSync(join(root, o)) ? mtime(o) : Number.NEGATIVE_INFINITY)));
  const newestInput = Math.max(...[...inputs, ...ALWAYS].map(mtime));
  if (process.env.BRAVEHEART_REBUILD !== "1" && oldestOutput > newestInput) return;
  await step();
}

// Loaded only when a step runs: an up-to-date build then costs node's start-up and a few hundred stat calls.
async function build(options) {
  const esbuild = await import("esbuild");
  return esbuild.build(options);
}

const common = { absWorkingDir: root, format: "cjs", platform: "node", target: "node20", logLevel: "warning" };
const files = sources(root).filter((f) => f !== MAIN);
const UNBUNDLED_MAIN = "dist/main.unbundled.js";
const BUNDLE = "dist/main.bundle.js";
const BUNDLE_INPUTS = "dist/main.bundle.inputs.json"; // what the last bundle was made of, to judge the next one
const bundleInputs = existsSync(join(root, BUNDLE_INPUTS)) ? JSON.parse(readFileSync(join(root, BUNDLE_INPUTS), "utf8")) : [];

await Promise.all([
  unlessUpToDate([UNBUNDLED_MAIN, ...files.map((f) => join("dist", f.replace(/\.ts$/, ".js")))], [MAIN, ...files], () =>
    build({
      ...common,
      entryPoints: [...files, { in: MAIN, out: "main.unbundled" }],
      outdir: "dist",
      outbase: ".",
      sourcemap: "inline",
    }),
  ),
  unlessUpToDate([BUNDLE, BUNDLE_INPUTS], bundleInputs, async () => {
    const result = await build({
      ...common,
      entryPoints: [MAIN],
      outfile: BUNDLE,
      bundle: true,
      minify: true, // less to read and parse at every start (measured ~80 ms)
      plugins: [withoutArchiver],
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs).filter((i) => !i.includes(":")); // not the archiver stand-in
    writeFileSync(join(root, BUNDLE_INPUTS), JSON.stringify(inputs));
  }),
  unlessUpToDate(["dist/main.js"], ["scripts/start/code-cache.ts"], () =>
    build({ ...common, entryPoints: ["scripts/start/code-cache.ts"], outfile: "dist/main.js", bundle: true }),
  ),
]);
