// .ci/stacks, the loop the workflow's plan and deploy jobs run, against a fake terraform: a plan saves each stack's
// plan file with its record and goes on after a failed stack; a deploy applies only those saved plans, refuses one
// made for another source tree, environment or configuration, or one whose upstream stack changed since, and stops
// at the first refusal or failure. Both write the stack | result table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { fakeBin, type FakeBin } from "./fake-bin";

const PHASES = ["preparation", "backup", "phase1", "phase2", "golive"];
const STACKS = PHASES.map((p) => `production-${p}`);
/** What each stack reads, as cdktf's manifest lists it. */
const DEPENDENCIES: Record<string, string[]> = {
  "production-backup": ["production-preparation"],
  "production-phase1": ["production-preparation"],
  "production-phase2": ["production-preparation", "production-phase1"],
  "production-golive": ["production-preparation", "production-phase1", "production-phase2"],
};

/**
 * terraform -chdir=<stack dir> init|plan|apply|output, logged as `<stack> <args>`. A plan file is a zip holding the
 * configuration (tfconfig/m-/cdk.tf.json), as terraform's is; an apply of $FAKE_CHANGES_OUTPUTS changes its outputs.
 */
const FAKE_TERRAFORM = `
dir="\${1#-chdir=}"; shift
stack="$(basename "$dir")"
echo "$stack $*" >> "$FAKE_LOG"
case "$1" in
  init) exit 0 ;;
  plan)
    if [ "$stack" = "\${FAKE_FAIL_STACK:-}" ]; then echo "Error: $stack failed"; exit 1; fi
    for arg in "$@"; do case "$arg" in -out=*) out="\${arg#-out=}" ;; esac; done
    tmp="$(mktemp -d)"; mkdir -p "$tmp/tfconfig/m-"; cp "$dir/cdk.tf.json" "$tmp/tfconfig/m-/"
    (cd "$tmp" && zip -qr "$out" tfconfig)
    echo "Plan: 2 to add, 1 to change, 0 to destroy." ;;
  apply)
    if [ "$stack" = "\${FAKE_FAIL_STACK:-}" ]; then echo "Error: $stack failed"; exit 1; fi
    [ "$stack" = "\${FAKE_CHANGES_OUTPUTS:-}" ] && echo '{"new":{"value":2}}' > "$FAKE_OUTPUTS/$stack"
    echo "Apply complete! Resources: 2 added, 1 changed, 0 destroyed." ;;
  output) cat "$FAKE_OUTPUTS/$stack" 2>/dev/null || echo '{"id":{"value":1}}' ;;
  *) exit 64 ;;
esac`;

describe(".ci/stacks", () => {
  let fake: FakeBin;
  let log: string;
  let summary: string;
  let outdir: string;
  beforeEach(() => {
    fake = fakeBin({ terraform: FAKE_TERRAFORM });
    log = join(fake.dir, "terraform.log");
    summary = join(fake.dir, "summary.md");
    outdir = join(fake.dir, "cdktf.out");
    mkdirSync(join(fake.dir, "outputs"));
    const stacks: Record<string, unknown> = {};
    for (const stack of STACKS) {
      mkdirSync(join(outdir, "stacks", stack), { recursive: true });
      writeFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), JSON.stringify({ stack }));
      stacks[stack] = { synthesizedStackPath: `stacks/${stack}/cdk.tf.json`, workingDirectory: `stacks/${stack}`, dependencies: DEPENDENCIES[stack] ?? [] };
    }
    writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ stacks }));
  });
  afterEach(() => rmSync(fake.dir, { recursive: true, force: true }));

  const run = (mode: string, env: Record<string, string> = {}, stacks = STACKS) =>
    spawnSync("bash", [join(REPO_ROOT, ".ci/stacks"), mode, ...stacks], {
      cwd: fake.dir,
      env: { ...fake.env, FAKE_LOG: log, FAKE_OUTPUTS: join(fake.dir, "outputs"), STACKS_SUMMARY: summary, ENVIRONMENT: "production", SOURCE_TREE: "tree-a", ...env },
      encoding: "utf8",
    });
  const calls = (verb: string) =>
    existsSync(log)
      ? readFileSync(log, "utf8").trim().split("\n").filter((line) => line.split(" ")[1] === verb).map((line) => line.split(" ")[0])
      : [];
  const plan = (stack: string) => join(outdir, "plans", `${stack}.tfplan`);
  const planAndReset = (env: Record<string, string> = {}) => {
    expect(run("plan", env).status).toBe(0);
    rmSync(log);
    rmSync(summary);
  };

  test("plan saves every stack's plan file with its record: tree, environment, configuration, what it read", () => {
    const result = run("plan");
    expect(result.status).toBe(0);
    expect(calls("plan")).toEqual(STACKS);
    const record = JSON.parse(readFileSync(`${plan("production-phase2")}.json`, "utf8"));
    expect(record).toEqual({
      stack: "production-phase2",
      environment: "production",
      tree: "tree-a",
      config_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      reads: { "production-phase1": expect.stringMatching(/^[0-9a-f]{64}$/), "production-preparation": expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(readFileSync(summary, "utf8")).toContain("| `production-golive` | Plan: 2 to add, 1 to change, 0 to destroy |");
  });

  test("plan goes on after a failed stack, so one run shows every phase's plan, and still fails", () => {
    const result = run("plan", { FAKE_FAIL_STACK: "production-phase1" });
    expect(result.status).toBe(1);
    expect(calls("plan")).toEqual(STACKS);
    expect(existsSync(plan("production-phase1"))).toBe(false);
    expect(existsSync(plan("production-golive"))).toBe(true);
  });

  test("a failed plan is explained in config terms by dist/scripts/explain-failure.js, given the stack and terraform's output", () => {
    // GIVEN an explainer that shows what it was given
    const explainer = join(fake.dir, "explain.js");
    writeFileSync(
      explainer,
      'const [o, s, f] = process.argv.slice(2); console.log(`explained ${require("path").basename(o)} ${s}: ${require("fs").readFileSync(f, "utf8").match(/Error: .*/)[0]}`);\n',
    );
    // WHEN phase1's plan fails
    const result = run("plan", { FAKE_FAIL_STACK: "production-phase1", BRAVEHEART_EXPLAIN_FAILURE: explainer });
    // THEN the explainer ran for that stack only, on the output terraform printed
    expect(result.stdout.split("\n").filter((l) => l.startsWith("explained"))).toEqual(["explained cdktf.out production-phase1: Error: production-phase1 failed"]);
  });

  test("deploy applies exactly the saved plans, in the given order, and the table carries terraform's summary", () => {
    planAndReset();
    const result = run("deploy");
    expect(result.status).toBe(0);
    expect(calls("apply")).toEqual(STACKS);
    expect(readFileSync(log, "utf8")).toContain(`production-golive apply -input=false -no-color ${plan("production-golive")}`);
    expect(calls("plan")).toEqual([]); // no new plan: what is applied is what was reviewed
    expect(readFileSync(summary, "utf8").trim().split("\n")).toEqual([
      "| stack | deploy |",
      "|---|---|",
      ...STACKS.map((s) => `| \`${s}\` | Apply complete! Resources: 2 added, 1 changed, 0 destroyed |`),
    ]);
  });

  test("a phase-limited deploy (the stacks up to ci.targetPhase) applies those and nothing later", () => {
    planAndReset();
    expect(run("deploy", {}, STACKS.slice(0, 3)).status).toBe(0);
    expect(calls("apply")).toEqual(["production-preparation", "production-backup", "production-phase1"]);
  });

  test.each([
    ["another source tree (main moved after the plan)", { SOURCE_TREE: "tree-b" }, /the plan was made for source tree tree-a, this commit's is tree-b/],
    ["another environment", { ENVIRONMENT: "staging" }, /the plan was made for environment 'production', not 'staging'/],
  ])("deploy refuses a plan made for %s and applies nothing", (_, env, message) => {
    planAndReset();
    const result = run("deploy", env);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(calls("apply")).toEqual([]);
    expect(readFileSync(summary, "utf8")).toContain("| `production-backup` | not run: an earlier phase failed |");
  });

  test("deploy refuses a plan whose configuration is not this commit's (the stack's JSON changed, or the plan file was swapped)", () => {
    planAndReset();
    writeFileSync(join(outdir, "stacks/production-preparation/cdk.tf.json"), JSON.stringify({ stack: "changed" }));
    const changed = run("deploy");
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain("production-preparation: the synthesized configuration differs from the one planned");
    // A plan file of another configuration under a record that matches
    writeFileSync(join(outdir, "stacks/production-preparation/cdk.tf.json"), JSON.stringify({ stack: "production-preparation" }));
    const swapped = join(fake.dir, "swapped");
    mkdirSync(join(swapped, "tfconfig/m-"), { recursive: true });
    writeFileSync(join(swapped, "tfconfig/m-/cdk.tf.json"), JSON.stringify({ stack: "something else" }));
    rmSync(plan("production-preparation"));
    spawnSync("zip", ["-qr", plan("production-preparation"), "tfconfig"], { cwd: swapped });
    const forged = run("deploy");
    expect(forged.status).toBe(1);
    expect(forged.stdout).toContain("production-preparation: the plan file does not carry this commit's configuration");
    expect(calls("apply")).toEqual([]);
  });

  test("a saved cloud plan (a Terraform Cloud run's bookmark, not a zip) passes the checks that apply to it", () => {
    planAndReset();
    writeFileSync(plan("production-preparation"), JSON.stringify({ remote_plan_format: 1, run_id: "run-abc", hostname: "app.terraform.io" }));
    expect(run("deploy", {}, STACKS.slice(0, 1)).status).toBe(0);
    expect(calls("apply")).toEqual(["production-preparation"]);
    // ... but not the tree check
    expect(run("deploy", { SOURCE_TREE: "tree-b" }, STACKS.slice(0, 1)).status).toBe(1);
  });

  test("a plan that read an upstream stack applied since is stale: the deploy stops before it", () => {
    // GIVEN plans made while phase1 had its old outputs, and phase1's reviewed apply changes them
    planAndReset();
    const result = run("deploy", { FAKE_CHANGES_OUTPUTS: "production-phase1" });
    // THEN phase2 (reads phase1) is refused and golive never runs
    expect(result.status).toBe(1);
    expect(calls("apply")).toEqual(["production-preparation", "production-backup", "production-phase1"]);
    expect(result.stdout).toContain("production-phase2: production-phase1's outputs changed since the plan was made");
    expect(readFileSync(summary, "utf8")).toContain("| `production-golive` | not run: an earlier phase failed |");
  });

  test("deploy without a reviewed plan refuses, and stops at the first failed apply", () => {
    const none = run("deploy");
    expect(none.status).toBe(1);
    expect(none.stdout).toContain("production-preparation: no reviewed plan");
    expect(calls("apply")).toEqual([]);
    rmSync(summary);
    planAndReset();
    const failing = run("deploy", { FAKE_FAIL_STACK: "production-phase1" });
    expect(failing.status).toBe(1);
    expect(calls("apply")).toEqual(["production-preparation", "production-backup", "production-phase1"]);
    expect(readFileSync(summary, "utf8")).toContain("| `production-phase1` | **failed** (see the job log) |");
  });

  test("an unknown mode or no stack is a usage error that runs nothing", () => {
    const usage = (...args: string[]) =>
      spawnSync("bash", [join(REPO_ROOT, ".ci/stacks"), ...args], { cwd: fake.dir, env: { ...fake.env, FAKE_LOG: log, STACKS_SUMMARY: summary } });
    expect([usage("destroy", "x").status, usage("deploy").status]).toEqual([2, 2]);
    expect(existsSync(log)).toBe(false);
    expect(existsSync(summary)).toBe(false);
  });
});
