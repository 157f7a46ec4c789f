// The README's Requirements table names every program the tests and scripts start from the machine, so a fresh
// checkout learns what to install before `npm test` fails on a missing binary (openssl was missing once).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../config/load";

/** Programs started by name that come with node itself, or with every POSIX machine (npm runs scripts with sh). */
const WITH_NODE = new Set(["node", "npm", "npx", "sh"]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name.startsWith("__") ? [] : sources(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

test("every program the tests and scripts spawn by name is in the README's Requirements table", () => {
  const spawned = new Set<string>();
  for (const file of [...sources(join(REPO_ROOT, "__tests__")), ...sources(join(REPO_ROOT, "scripts"))]) {
    for (const m of readFileSync(file, "utf8").matchAll(/\b(?:spawnSync|spawn|execFileSync|execFile)\(\s*"([A-Za-z0-9_.-]+)"/g)) spawned.add(m[1]);
  }
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Requirements"), readme.indexOf("## Set up and run"));
  const missing = [...spawned].filter((p) => !WITH_NODE.has(p) && !new RegExp(`\\b${p}\\b`, "i").test(table));
  expect([...spawned]).toEqual(expect.arrayContaining(["openssl", "git", "terraform"]));
  expect(missing).toEqual([]);
});
