// The main job against the shipped configs: as users run it (the built dist/main.js, built by global-setup.ts, in a
// child process) for the default run, and in-process (runMainJob, what dist/main.js calls) for the rest.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../config/load";
import { runAppCommand, runMainJob } from "../scripts/main-job";
import { terraformDifferences } from "../scripts/hcl/hcl-compare";
import { hclOutputRefusal } from "../scripts/synth-job";
import { configFor, synthStacks } from "./helpers";
import { runInProcess } from "./run-in-process";

function runMain(env: Record<string, string>) {
  return spawnSync(process.execPath, [join(REPO_ROOT, "dist/main.js")], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
}

// A child process costs a node start and module load (~0.3 s) on top of the synth, so one runs the built file and the
// rest run in-process. The loader's checks (two files for one environment, say) are in config/load.test.
describe("main job", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "braveheart-main-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("with no input, synthesizes the staging stacks into CDKTF_OUTDIR and prints stack and resource count", () => {
    const outdir = join(scratch, "staging");
    const run = runMain({ CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "" });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^staging-preparation\s+\d+\s+\d+\s+\d+$/m);
    // The README quotes this table (relative output directory aside), so it must be today's.
    const table = run.stdout.split("\n").slice(1, 8).map((line) => line.trimEnd()).join("\n");
    expect(readFileSync(join(REPO_ROOT, "README.md"), "utf8")).toContain(`Synthesized 5 stack(s) for staging into cdktf.out/\n${table}\n`);
    expect(existsSync(join(outdir, "stacks/staging-preparation/cdk.tf.json"))).toBe(true);
    // No scratch directory is left beside the output.
    expect(readdirSync(scratch).filter((n) => n.includes(".partial-"))).toEqual([]);
  });

  test("a comma-separated BRAVEHEART_CONFIG synthesizes several environments into one app, each in apply order", async () => {
    const outdir = join(scratch, "both");
    const run = await runInProcess(runMainJob, { CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "config/staging.yaml,config/production.yaml" });
    expect(run.status).toBe(0);
    const stacks = [...run.stdout.matchAll(/^((?:staging|production)-\w+)\s/gm)].map((m) => m[1]);
    expect(stacks.slice(0, 3)).toEqual(["production-preparation", "production-backup", "production-phase1"]);
    expect(stacks.filter((s) => s.startsWith("staging-"))[0]).toBe("staging-preparation");
    expect(existsSync(join(outdir, "stacks/production-golive/cdk.tf.json"))).toBe(true);
  });

  test("an invalid file exits 1 with the problem list, no stack trace and no output", async () => {
    const outdir = join(scratch, "invalid");
    const run = await runInProcess(runMainJob, { CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "/nonexistent/env.yaml" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Invalid configuration in /nonexistent/env.yaml");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outdir)).toBe(false);
  });

  test("`npx cdktf synth --hcl` (the app command with SYNTH_HCL_OUTPUT=true) writes the repaired HCL where the CLI reads it, equal to the JSON", async () => {
    // GIVEN what the cdktf CLI passes the app for `synth --hcl`: SYNTH_HCL_OUTPUT=true and its output directory
    // (both pinned against cdktf's own source below)
    const outdir = join(scratch, "hcl-true");
    // WHEN the app command runs
    const run = await runInProcess(runAppCommand, { SYNTH_HCL_OUTPUT: "true", CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "" });
    // THEN it succeeds with one summary, no refusal
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.stdout.split("\n")[0]).toMatch(/^Synthesized 5 stack\(s\) as HCL for staging into .*hcl-true\/ \(each parsed back: same as the JSON synth\)$/);
    // AND each stack's manifest entry names a cdk.tf that HashiCorp's parser reads back equal to the JSON synth, and
    // that the CLI's own formatting pass (formatHclFiles) leaves as it is
    const [{ format }, { parse }] = await Promise.all([import("@cdktf/hcl-tools"), import("@cdktf/hcl2json")]);
    const json = synthStacks(configFor("staging"));
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(Object.keys(json).sort());
    for (const [stack, entry] of Object.entries<{ synthesizedStackPath: string }>(manifest.stacks)) {
      expect(entry.synthesizedStackPath).toBe(`stacks/${stack}/cdk.tf`);
      const hcl = readFileSync(join(outdir, entry.synthesizedStackPath), "utf8");
      expect(await format(hcl)).toBe(hcl);
      expect({ stack, differences: terraformDifferences(json[stack] as any, await parse(entry.synthesizedStackPath, hcl)) }).toEqual({ stack, differences: [] });
      expect(existsSync(join(outdir, `stacks/${stack}/cdk.tf.json`))).toBe(false);
    }
  }, 60_000);

  test("the cdktf CLI still runs the app for `synth --hcl` with SYNTH_HCL_OUTPUT and CDKTF_OUTDIR, and reformats in place", () => {
    // What the test above stands in for: @cdktf/cli-core's synth (the version package-lock.json pins).
    const cli = readFileSync(require.resolve("@cdktf/cli-core/src/lib/synth-stack.js"), "utf8");
    expect(cli).toContain("CDKTF_OUTDIR: outdir,");
    expect(cli).toContain("SYNTH_HCL_OUTPUT: hcl.toString(),");
    expect(cli).toContain("await SynthStack.formatHclFiles(outdir);");
  });

  // The report cannot write HCL (it reads the JSON synth): it refuses in one line, as the JSON jobs do.
  test.each([
    ["true", true],
    ["1", true],
    ["false", false], // what a plain `cdktf synth` passes
    [undefined, false],
  ])("SYNTH_HCL_OUTPUT=%s asks for HCL: %s", (value, refused) => {
    expect(hclOutputRefusal(value === undefined ? {} : { SYNTH_HCL_OUTPUT: value }) !== undefined).toBe(refused);
  });

  test("a stack whose .terraform/ was initialised for another backend gets a warning naming both terraform init commands; nothing is deleted", async () => {
    // GIVEN an earlier synth whose preparation directory terraform initialised for local state
    const outdir = join(scratch, "switched");
    expect((await runInProcess(runMainJob, { CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "" })).status).toBe(0);
    const dotTerraform = join(outdir, "stacks/staging-preparation/.terraform");
    mkdirSync(dotTerraform);
    const recorded = JSON.stringify({ version: 3, backend: { type: "local", config: { path: "terraform.staging-preparation.tfstate" } } });
    writeFileSync(join(dotTerraform, "terraform.tfstate"), recorded);
    // WHEN the environment (S3 state) is synthesized again
    const run = await runInProcess(runMainJob, { CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "" });
    // THEN it succeeds, says what changed and the two commands, for that stack only, and keeps .terraform/ as it was
    expect(run.status).toBe(0);
    const warning = run.stderr.split("\n").filter((line) => line.includes("staging-preparation") || line.includes("init -"));
    expect(warning[0]).toMatch(/^Warning: staging-preparation: .*stacks\/staging-preparation\/\.terraform\/ was initialised for another backend than the one synthesized now \(type: local -> s3\)\.$/);
    expect(warning.slice(1).map((l) => l.trim().replace(/ +/g, " "))).toEqual([
      `to move the state to the new backend: terraform -chdir=${join(outdir, "stacks/staging-preparation").replace(process.cwd() + "/", "")} init -migrate-state`,
      `to use the new backend as it is: terraform -chdir=${join(outdir, "stacks/staging-preparation").replace(process.cwd() + "/", "")} init -reconfigure (the old state stays where it was)`,
    ]);
    expect(run.stderr).not.toContain("staging-phase1");
    expect(readFileSync(join(dotTerraform, "terraform.tfstate"), "utf8")).toBe(recorded);
  });

  test("a CDKTF_OUTDIR that is not a synth output (a checkout, say) is refused in one message, and nothing is deleted", async () => {
    // GIVEN a directory of the user's (not the real checkout: were the guard broken, this test would delete it)
    const checkout = join(scratch, "checkout");
    mkdirSync(join(checkout, ".git"), { recursive: true });
    writeFileSync(join(checkout, "package.json"), "{}");
    // WHEN the main job is pointed at it
    const run = await runInProcess(runMainJob, { CDKTF_OUTDIR: checkout, BRAVEHEART_CONFIG: "" });
    // THEN
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${checkout} exists and is not a synth output (it has no manifest.json)`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(checkout).sort()).toEqual([".git", "package.json"]);
  });
});
