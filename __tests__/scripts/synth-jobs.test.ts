// `npm run report` and `npm run synth:hcl` fail as the main job fails: a guardrail violation is the main job's message
// on stderr, exit code 1, no stack trace, and the output directory left as it was. All three run in-process
// (runMainJob, runReport, runSynthHcl: what their built files call); a child process each cost ~1-2 s of load and
// synth. One child process per built script checks that wiring (dist/main.js's in main.test and bad-config.test).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { REPO_ROOT } from "../../config/load";
import { runMainJob } from "../../scripts/main-job";
import { runReport } from "../../scripts/report";
import { runSynthHcl } from "../../scripts/synth-hcl";
import { rawConfig } from "../helpers";
import { type InProcessRun, runInProcess } from "../run-in-process";

/** A built job in a child process; PATH is empty so that the report never finds Graphviz. */
function runBuilt(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(REPO_ROOT, script)], { cwd: REPO_ROOT, env: { ...process.env, PATH: "/nonexistent", ...env }, encoding: "utf8" });
}

/** Every file under `dir` with its contents, to see that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name), "utf8")]),
  );
}

let scratch: string;
/** Valid, but every production stack breaks BH-STK-3 (production state must be remote and locked). */
let violating: string;
let main: InProcessRun;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "braveheart-synth-jobs-"));
  violating = join(scratch, "guardrail-violation.yaml");
  writeFileSync(violating, stringify({ ...rawConfig("production"), backend: { type: "local" } }));
  main = await runInProcess(runMainJob, { BRAVEHEART_CONFIG: violating, CDKTF_OUTDIR: join(scratch, "main") });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("a guardrail violation fails the main job (the message the scripts must repeat)", () => {
  expect(main.status).toBe(1);
  expect(main.stdout).toBe("");
  expect(main.stderr).toMatch(/\[production-preparation\] BH-STK-3: /);
  expect(main.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(join(scratch, "main"))).toBe(false);
});

test.each([
  ["npm run report", runReport],
  ["npm run synth:hcl", runSynthHcl],
])("%s exits 1 with the main job's message, no stack trace, and leaves the previous output as it was", async (_name, job) => {
  // GIVEN an earlier synth output
  const parent = mkdtempSync(join(scratch, "out-"));
  const outdir = join(parent, "out");
  mkdirSync(join(outdir, "stacks/a"), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), "{}");
  writeFileSync(join(outdir, "stacks/a/terraform.a.tfstate"), "state");
  const before = snapshot(outdir);
  // WHEN the script runs with the violating file
  const result = await runInProcess(job, { BRAVEHEART_CONFIG: violating, CDKTF_OUTDIR: outdir });
  // THEN
  expect(result.status).toBe(1);
  expect(result.stderr).not.toContain("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS");
  expect(result.stderr).toBe(main.stderr);
  expect(result.stdout).toBe("");
  expect(snapshot(outdir)).toEqual(before);
  expect(readdirSync(parent)).toEqual(["out"]);
});

test.each(["dist/scripts/report.js", "dist/scripts/synth-hcl.js"])("the built %s exits 1 with the config problem on stderr, no stack trace, nothing on stdout", (script) => {
  const outdir = join(scratch, `${script.replace(/\W/g, "-")}-missing-config`);
  const result = runBuilt(script, { BRAVEHEART_CONFIG: "/nonexistent/env.yaml", CDKTF_OUTDIR: outdir });
  expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: "" });
  expect(result.stderr).toContain("Invalid configuration in /nonexistent/env.yaml");
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(outdir)).toBe(false);
});

// A CDKTF_OUTDIR that is not a synth output is refused before any synth, by synthAtomically and
// synthAtomicallyAsync themselves (atomic-synth.test, in-process).
