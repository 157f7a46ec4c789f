// Once per jest run, before any test file: build dist/ (the tests that run the main job or a script as a child
// process need it, and two workers building at once could read each other's half-written files), and make the
// directory where test files share synthesized JSON (helpers.ts synthStacks).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CHECKOUT_OUTDIR_EXISTED_ENV_VAR, SYNTH_CACHE_ENV_VAR } from "./synth-cache";

const REPO_ROOT = resolve(__dirname, "..");

export default function globalSetup(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts/build.mjs")], { cwd: REPO_ROOT, stdio: "inherit" });
  // Workers inherit the parent's environment, so they all see the same directory.
  process.env[SYNTH_CACHE_ENV_VAR] = mkdtempSync(join(tmpdir(), "braveheart-synth-cache-"));
  process.env[CHECKOUT_OUTDIR_EXISTED_ENV_VAR] = existsSync(join(REPO_ROOT, "cdktf.out")) ? "1" : "0";
}
