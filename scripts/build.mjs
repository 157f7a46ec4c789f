// Builds dist/ with esbuild (no type-check: `npm run typecheck` does that once, for the whole project).
// Why not ts-node: type-checking on every synth costs seconds; transpiling and bundling take a fraction of one.
//
//   dist/<path>.js        every other source file transpiled one to one, with inline source maps
//   dist/<entry>.bundle.js  each entry point (ENTRIES: the main job, and the scripts users and CI run) and its
//                         dependencies in one minified file: node resolves, reads and compiles one file instead of
//                         ~600 (measured: 1.25 s -> 1.05 s of CPU per synth). No source map: writing one tripled the
//                         bundling time (0.65 s -> 1.3-2.0 s)
//   dist/<entry>.js       runs the entry's bundle through a V8 code cache (scripts/start/code-cache.ts): 1.05 s ->
//                         0.86 s; so `node dist/main.js` and `node dist/scripts/report.js` are bundled runs
//   dist/<entry>.unbundled.js  the entry transpiled one to one: run it with `node --enable-source-maps` when a stack
//                         trace must point into the TypeScript
//
// Bundling reads ~7 MB of JavaScript (0.6-1.7 s here), so, like make, a step whose outputs are newer than all of its
// inputs (the sources, this script, the installed packages) is skipped: editing an environment file, which is read
// at run time, never rebuilds. BRAVEHEART_REBUILD=1 forces every step.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", "dist", "cdktf.out", ".gen", ".git", "__tests__", "coverage"]);
const MAIN = "main.ts";
// What users and CI run besides the main job (npm run report, synth:hcl, check:schema, deploy, diff, verify,
// set-image-tag, plan:offline; the workflow's ci-environment step): bundled too, ~0.4 s less start-up each. A project
// without them (build.test's miniature one) bundles main.ts. One entry per line: several changes add entries at once.
const SCRIPT_ENTRIES = [
  "scripts/report.ts",
  "scripts/synth-hcl.ts",
  "scripts/check-schema.ts",
  "scripts/ci-environment.ts",
  "scripts/stack-command.ts",
  "scripts/verify.ts",
  "scripts/set-image-tag.ts",
  "scripts/plan-offline.ts",
];
// Loaded at run time from their own package directory (Go compiled to WebAssembly, beside their JavaScript).
const EXTERNAL = ["@cdktf/hcl-tools", "@cdktf/hcl2json"];

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

// zod bundles the error messages of ~50 languages (260 KB, 9 % of the bundle) behind `z.locales`; ours are English
// and mostly our own. Only `en`, which zod installs by default, stays in the bundle (measured ~15 ms per start).
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/node_modules/zod/") ? { path: "locales", namespace: "zod-english-only" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: root,
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
// npm keeps the packages' own (1985) mtimes, so an install is seen through the lock file it writes; esbuild reads
// tsconfig.json (target, class fields).
const ALWAYS = ["scripts/build.mjs", "package.json", "tsconfig.json", "node_modules/.package-lock.json"];
// Outputs carry the time the build started, not the time they were written: a source saved during the build is then
// newer than its output and the next build makes it again.
const started = Date.now() / 1000;

/** Runs `step` unless every output exists and is newer than every input (and than ALWAYS). */
async function unlessUpToDate(outputs, inputs, step) {
  const oldestOutput = Math.min(...outputs.map((o) => (existsSync(join(root, o)) ? mtime(o) : Number.NEGATIVE_INFINITY)));
  const newestInput = Math.max(...[...inputs, ...ALWAYS].map(mtime));
  if (process.env.BRAVEHEART_REBUILD !== "1" && oldestOutput > newestInput) return;
  await step();
}

/**
 * Writes a file whole and stamped with the build's start: a main job or test starting meanwhile runs the old file or
 * the new one, never half of one, even when two builds race.
 */
function writeWhole(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const scratch = `${path}.${process.pid}.tmp`;
  writeFileSync(scratch, contents);
  utimesSync(scratch, started, started);
  renameSync(scratch, path);
}

// Loaded only when a step runs: an up-to-date build then costs node's start-up and a few hundred stat calls.
async function build(options) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({ ...options, write: false });
  for (const file of result.outputFiles) writeWhole(file.path, file.contents);
  return result;
}

/** Last bundle's inputs; none (so the bundle is made) when the record is missing or unreadable. */
function readBundleInputs() {
  try {
    return JSON.parse(readFileSync(join(root, BUNDLE_INPUTS), "utf8"));
  } catch {
    return [];
  }
}

/** dist/ files of sources that were deleted or renamed: left there, they would keep working here and nowhere else. */
function removeOrphans(expected) {
  const walk = (dir) =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : [],
    );
  if (!existsSync(join(root, "dist"))) return;
  for (const file of walk("dist")) if (!expected.has(file)) rmSync(join(root, file));
}

const common = { absWorkingDir: root, format: "cjs", platform: "node", target: "node20", logLevel: "warning" };
const ENTRIES = [MAIN, ...SCRIPT_ENTRIES.filter((f) => existsSync(join(root, f)))];
const stem = (f) => f.replace(/\.ts$/, "");
const files = sources(root).filter((f) => !ENTRIES.includes(f));
const transpiled = files.map((f) => join("dist", `${stem(f)}.js`));
const UNBUNDLED = ENTRIES.map((f) => join("dist", `${stem(f)}.unbundled.js`));
const BUNDLES = ENTRIES.map((f) => join("dist", `${stem(f)}.bundle.js`));
const BUNDLE_INPUTS = "dist/bundle-inputs.json"; // what the last bundles were made of, to judge the next ones
const LOADERS = ENTRIES.map((f) => join("dist", `${stem(f)}.js`));

try {
  removeOrphans(new Set([...transpiled, ...UNBUNDLED, ...BUNDLES, ...LOADERS]));
  await Promise.all([
    unlessUpToDate([...UNBUNDLED, ...transpiled], [...ENTRIES, ...files], () =>
      build({
        ...common,
        entryPoints: [...files, ...ENTRIES.map((f) => ({ in: f, out: `${stem(f)}.unbundled` }))],
        outdir: "dist",
        outbase: ".",
        sourcemap: "inline",
      }),
    ),
    // One esbuild run for every bundle: the modules they share are read and parsed once.
    unlessUpToDate([...BUNDLES, BUNDLE_INPUTS], readBundleInputs(), async () => {
      const result = await build({
        ...common,
        entryPoints: ENTRIES.map((f) => ({ in: f, out: `${stem(f)}.bundle` })),
        outdir: "dist",
        outbase: ".",
        bundle: true,
        external: EXTERNAL,
        // import() of an external as require(): the loader compiles the bundle with vm.Script, which has no ESM loader.
        supported: { "dynamic-import": false },
        minify: true, // less to read and parse at every start (measured ~80 ms)
        charset: "ascii", // esbuild's default, relied on: the loader reads the bundle as latin1 (scripts/start/code-cache.ts)
        plugins: [withoutArchiver, zodEnglishOnly],
        metafile: true,
      });
      const inputs = Object.keys(result.metafile.inputs).filter((i) => !i.includes(":")); // not the stand-ins
      writeWhole(join(root, BUNDLE_INPUTS), JSON.stringify(inputs));
    }),
    // The same loader beside each bundle: it runs the `.bundle.js` named after itself.
    unlessUpToDate(LOADERS, ["scripts/start/code-cache.ts"], async () => {
      const esbuild = await import("esbuild");
      const { outputFiles } = await esbuild.build({ ...common, entryPoints: ["scripts/start/code-cache.ts"], bundle: true, write: false });
      for (const loader of LOADERS) writeWhole(join(root, loader), outputFiles[0].contents);
    }),
  ]);
} catch (err) {
  // esbuild has already printed its errors with file and line; anything else gets one line, not a stack trace.
  if (!Array.isArray(err?.errors)) console.error(`build failed: ${err?.message ?? err}`);
  process.exitCode = 1;
}
