// `npm run report` and `npm run synth:hcl` as users run them (the built scripts, in a child process): a guardrail
// violation fails them as it fails the main job (the same message, no stack trace, exit 1), and the output directory
// is left as it was.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { REPO_ROOT } from "../../config/load";
import { rawConfig } from "../helpers";

const MAIN = "dist/main.js";
const SCRIPTS = ["dist/scripts/report.js", "dist/scripts/synth-hcl.js"] as const;

/** A built job in a child process; PATH is empty so that the report never finds Graphviz. */
function run(script: string, env: Record<string, string>) {
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
/** Environment files written for these tests, by case. */
const configs: Record<string, string> = {};
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "braveheart-synth-jobs-"));
  const write = (name: string, raw: Record<string, any>) => {
    configs[name] = join(scratch, `${name}.yaml`);
    writeFileSync(configs[name], stringify(raw));
  };
  // Valid, but every production stack breaks BH-STK-3 (production state must be remote and locked).
  write("guardrail violation", { ...rawConfig("production"), backend: { type: "local" } });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Only the guardrail case runs the scripts: a config error is thrown before any synth, by the same loader and
// printed by the same exitCodeFor (scripts/synth-job.ts) as the main job's, which main.test covers; each run here
// costs a child process and a production synth.
describe.each(["guardrail violation"])("an environment file with a %s", (name) => {
  let main: ReturnType<typeof run>;
  beforeAll(() => {
    main = run(MAIN, { BRAVEHEART_CONFIG: configs[name], CDKTF_OUTDIR: join(scratch, `main-${name}`) });
  });

  test("fails the main job (the message the scripts must repeat)", () => {
    expect(main.status).toBe(1);
    expect(main.stderr).toMatch(/\[production-preparation\] BH-STK-3: /);
    expect(existsSync(join(scratch, `main-${name}`))).toBe(false);
  });

  test.each(SCRIPTS)("%s exits 1 with the main job's message, no stack trace, and leaves the previous output as it was", (script) => {
    // GIVEN an earlier synth output
    const parent = mkdtempSync(join(scratch, "out-"));
    const outdir = join(parent, "out");
    mkdirSync(join(outdir, "stacks/a"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "{}");
    writeFileSync(join(outdir, "stacks/a/terraform.a.tfstate"), "state");
    const before = snapshot(outdir);
    // WHEN the script runs with the bad file
    const result = run(script, { BRAVEHEART_CONFIG: configs[name], CDKTF_OUTDIR: outdir });
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(result.stderr).not.toContain("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS");
    expect(result.stderr).toBe(main.stderr);
    expect(result.stdout).toBe("");
    expect(snapshot(outdir)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["out"]);
  });
});

// A CDKTF_OUTDIR that is not a synth output is refused before any synth, by synthAtomically and
// synthAtomicallyAsync themselves (atomic-synth.test, in-process): a child process here would add a second of load
// time for no other path.
