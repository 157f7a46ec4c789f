// Transpiles the TypeScript sources to dist/ with esbuild (no type-check: `npm run typecheck` does that once).
// Why not ts-node: type-checking on every synth costs seconds; transpiling all sources takes milliseconds.
import { build } from "esbuild";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", "dist", "cdktf.out", ".gen", ".git", "__tests__", "coverage"]);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith(".")) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [relative(root, path)] : [];
  });
}

await build({
  absWorkingDir: root,
  entryPoints: sources(root),
  outdir: "dist",
  outbase: ".",
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: "inline",
  logLevel: "warning",
});
