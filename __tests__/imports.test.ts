// The provider's barrel (`@cdktf/provider-aws`) loads ~1,500 resource modules: about 10x the synth, type-check and
// per-test-file cost of deep imports. This test keeps it out of every source file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../config/load";

const SKIP = new Set(["node_modules", "dist", "cdktf.out", ".gen", ".git", "coverage"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith("cdktf.out")) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const BARREL = /(from\s+|require\(\s*|import\(\s*)["']@cdktf\/provider-aws(\/lib)?["']/;

test("no source file imports the @cdktf/provider-aws barrel (deep imports only)", () => {
  const offenders = sourceFiles(REPO_ROOT)
    .filter((file) => file !== __filename && BARREL.test(readFileSync(file, "utf8")))
    .map((file) => relative(REPO_ROOT, file));
  expect(offenders).toEqual([]);
});

test("the barrel pattern catches the forms it must catch", () => {
  // Assembled, so that no line of this file is itself a barrel import for grep-based checks (the before-stop hook).
  const pkg = ["@cdktf", "provider-aws"].join("/");
  for (const line of [
    `import { Vpc } from "${pkg}";`,
    `import * as aws from '${pkg}';`,
    `const aws = require("${pkg}");`,
    `import { vpc } from "${pkg}/lib";`,
  ]) {
    expect(BARREL.test(line)).toBe(true);
  }
  expect(BARREL.test(`import { Vpc } from "@cdktf/provider-aws/lib/vpc";`)).toBe(false);
});
