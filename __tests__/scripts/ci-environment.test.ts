// What the GitHub workflow learns about an environment: its stacks in apply order (PHASES), its region and its
// backend; and that deploy jobs refuse an environment whose state would vanish with the runner.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { ciEnvironment, formatOutputs, remoteStateProblem, runCiEnvironment, tokenVariableFor } from "../../scripts/ci-environment";
import { PHASES } from "../../stacks/phases";
import { stringify } from "yaml";
import { configFor, rawConfig } from "../helpers";

describe("ciEnvironment", () => {
  const production = configFor("production");

  test("lists the environment's stacks in PHASES order, whatever order the manifest has", () => {
    // GIVEN a manifest listing production's stacks in reverse order
    const ids = PHASES.map((phase) => `production-${phase}`).reverse();
    // WHEN CI asks for the stacks
    // THEN they come in apply order
    expect(ciEnvironment(production, ids).stacks).toEqual(PHASES.map((phase) => `production-${phase}`));
  });

  test("leaves out other environments' stacks and phases that were not synthesized", () => {
    // GIVEN a manifest with both environments, production without its golive stack
    const ids = ["staging-preparation", "production-phase1", "production-preparation", "staging-phase1"];
    // THEN only production's stacks remain, in order
    expect(ciEnvironment(production, ids).stacks).toEqual(["production-preparation", "production-phase1"]);
  });

  test("rejects a synthesized stack of the environment that matches no phase, naming it", () => {
    // GIVEN a stack CI would not know when to apply
    const ids = ["production-preparation", "production-extras"];
    // THEN the error names it and the allowed ids
    expect(() => ciEnvironment(production, ids)).toThrow(/production-extras match no phase; allowed: production-preparation, production-backup/);
  });

  test("formats key=value lines for $GITHUB_OUTPUT, stacks space-separated", () => {
    const env = ciEnvironment(production, ["production-backup", "production-preparation"]);
    expect(formatOutputs(env)).toBe(
      [
        "environment=production",
        "region=eu-west-2",
        "backend=s3",
        "stacks=production-preparation production-backup",
        "target_phase=golive",
        "deploy_stacks=production-preparation production-backup",
        "tf_token_variable=",
        "aws_on_runner=true",
      ].join("\n"),
    );
  });

  test.each([
    ["app.terraform.io", "TF_TOKEN_app_terraform_io"],
    ["tfe.braveheart-tech.com", "TF_TOKEN_tfe_braveheart__tech_com"],
  ])("a cloud backend on %s: the token variable terraform reads is %s", (hostname, variable) => {
    expect(tokenVariableFor(hostname)).toBe(variable);
    const config = configFor("staging", (raw) => (raw.backend = { type: "cloud", organization: "braveheart", hostname }));
    expect(ciEnvironment(config, []).tfTokenVariable).toBe(variable);
  });

  test.each([
    ["local", true],
    ["remote", false],
    ["agent", false],
  ])("a cloud backend with executionMode %s runs terraform with the runner's AWS role: %s", (executionMode, onRunner) => {
    const config = configFor("staging", (raw) => (raw.backend = { type: "cloud", organization: "braveheart", executionMode }));
    expect(ciEnvironment(config, []).awsOnRunner).toBe(onRunner);
  });

  test.each([
    ["preparation", ["preparation"]],
    ["backup", ["preparation", "backup"]],
    ["phase1", ["preparation", "backup", "phase1"]],
    ["phase2", ["preparation", "backup", "phase1", "phase2"]],
    ["golive", ["preparation", "backup", "phase1", "phase2", "golive"]],
  ])("ci.targetPhase %s: the deploy job applies %j and no later phase; a PR still plans all five", (target, phases) => {
    const config = configFor("staging", (raw) => (raw.ci.targetPhase = target));
    const all = ["preparation", "backup", "phase1", "phase2", "golive"].map((p) => `staging-${p}`);
    const env = ciEnvironment(config, [...all].reverse());
    expect(env.deployStacks).toEqual(phases.map((p) => `staging-${p}`));
    expect(env.stacks).toEqual(all);
  });

  test("a target phase that is no phase is a config error naming the allowed ones", () => {
    expect(() => configFor("staging", (raw) => (raw.ci.targetPhase = "phase3"))).toThrow(/ci\.targetPhase.*preparation.*golive/s);
  });

  test("local state is a reason not to deploy from CI; remote state is not", () => {
    const trying = configFor("staging", (raw) => (raw.backend = { type: "local" }));
    expect(remoteStateProblem(ciEnvironment(trying, []))).toMatch(/staging keeps local state/);
    expect(remoteStateProblem(ciEnvironment(configFor("staging"), []))).toBeUndefined();
    expect(remoteStateProblem(ciEnvironment(production, []))).toBeUndefined();
  });
});

// In-process (runCiEnvironment is the CLI with argv and environment as parameters): a child process per case cost
// ~0.45 s of load time each. The built file is run twice at the end, for the wiring.
describe("ci-environment CLI (as the workflow runs it)", () => {
  let scratch: string;
  let localStaging: string; // staging as someone trying it out would have it: local state
  const run = (config: string, ...args: string[]) => runIn(scratch, config, ...args);
  const runIn = (outdir: string, config: string, ...args: string[]) => runCiEnvironment(args, { BRAVEHEART_CONFIG: config, CDKTF_OUTDIR: outdir });
  /** The built script in a child process, as the workflow runs it. */
  const runBuilt = (config: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "dist/scripts/ci-environment.js"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, BRAVEHEART_CONFIG: config, CDKTF_OUTDIR: scratch },
      encoding: "utf8",
    });
  /** An output directory whose manifest.json holds `manifest` (a string is written as is). */
  const outdirWith = (name: string, manifest: unknown) => {
    const dir = join(scratch, name);
    mkdirSync(dir);
    writeFileSync(join(dir, "manifest.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
    return dir;
  };
  /** One line on stderr, no stack trace, exit 1, nothing for $GITHUB_OUTPUT. */
  const expectOneLineError = (result: ReturnType<typeof run>, message: RegExp) => {
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: "" });
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(message)]);
  };

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "braveheart-ci-environment-"));
    const raw = rawConfig("staging");
    raw.backend = { type: "local" };
    localStaging = join(scratch, "staging-local.yaml");
    writeFileSync(localStaging, stringify(raw));
    // A synthesized app's manifest is all the script reads from the output directory.
    const ids = [...PHASES.map((p) => `production-${p}`), ...PHASES.map((p) => `staging-${p}`)].reverse();
    writeFileSync(join(scratch, "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(ids.map((id) => [id, {}])) }));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("prints production's outputs, and accepts its s3 state for a deploy", () => {
    const result = run("config/production.yaml", "--require-remote-state");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`stacks=${PHASES.map((p) => `production-${p}`).join(" ")}\n`);
  });

  test("accepts the shipped staging's s3 state for a deploy", () => {
    const result = run("config/staging.yaml", "--require-remote-state");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("backend=s3\n");
  });

  test("refuses to deploy an environment that keeps local state, and prints nothing for $GITHUB_OUTPUT", () => {
    const result = run(localStaging, "--require-remote-state");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/staging keeps local state/);
  });

  test("without a synthesized app, says to synthesize first in one line", () => {
    // GIVEN an output directory with no manifest.json (synth did not run or wrote elsewhere)
    const result = runIn(join(scratch, "never-synthesized"), "config/production.yaml");
    // THEN one line names the missing file and what to do, instead of a stack trace
    expectOneLineError(result, /^No .*never-synthesized\/manifest\.json: synthesize \S*config\/production\.yaml first \(npm run synth\)\.$/);
  });

  test("a manifest that is not JSON is one line, not a stack trace", () => {
    expectOneLineError(runIn(outdirWith("truncated", '{"stacks": {'), "config/production.yaml"), /truncated\/manifest\.json is not JSON/);
  });

  test("a synthesized stack that matches no phase is one line naming it", () => {
    // GIVEN a manifest with a production stack CI would not know when to apply
    const outdir = outdirWith("extra-stack", { stacks: { "production-preparation": {}, "production-extras": {} } });
    // THEN the error names the stack and where the phases are listed
    expectOneLineError(runIn(outdir, "config/production.yaml"), /^Synthesized stack\(s\) production-extras match no phase; allowed: .*\(PHASES in stacks\/phases\.ts\)$/);
  });

  test("describes a local-state environment for a plan, which does not require remote state", () => {
    const result = run(localStaging);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("backend=local\n");
  });

  test("the built script prints the outputs on stdout and exits 0", () => {
    const result = runBuilt("config/production.yaml", "--require-remote-state");
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toBe(run("config/production.yaml", "--require-remote-state").stdout);
  });

  test("the built script passes --require-remote-state on, and a refusal exits 1 with stdout empty", () => {
    const result = runBuilt(localStaging, "--require-remote-state");
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: "" });
    expect(result.stderr).toBe(run(localStaging, "--require-remote-state").stderr);
  });
});
