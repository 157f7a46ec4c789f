// .ci/stacks, the loop the workflow's plan and deploy jobs run, against a fake `npx cdktf`: a plan goes on after a
// failed stack, a deploy stops at the first one, and both write the stack | result table.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { fakeBin, type FakeBin } from "./fake-bin";

const STACKS = ["production-preparation", "production-backup", "production-phase1", "production-phase2", "production-golive"];

/** `npx cdktf diff|deploy ... <stack>`: logs its arguments, fails for $FAKE_FAIL_STACK, prints terraform's summary line. */
const FAKE_NPX = `
echo "$*" >> "$FAKE_LOG"
stack="\${@: -1}"
if [ "$stack" = "\${FAKE_FAIL_STACK:-}" ]; then echo "Error: $stack failed"; exit 1; fi
if [ "$2" = diff ]; then echo "$stack  Plan: 2 to add, 1 to change, 0 to destroy."; else echo "$stack  Apply complete! Resources: 2 added, 1 changed, 0 destroyed."; fi`;

describe(".ci/stacks", () => {
  let fake: FakeBin;
  let log: string;
  let summary: string;
  beforeEach(() => {
    fake = fakeBin({ npx: FAKE_NPX });
    log = join(fake.dir, "npx.log");
    summary = join(fake.dir, "summary.md");
  });
  afterEach(() => rmSync(fake.dir, { recursive: true, force: true }));

  const run = (mode: string, failStack = "") =>
    spawnSync("bash", [join(REPO_ROOT, ".ci/stacks"), mode, ...STACKS], {
      cwd: fake.dir,
      env: { ...fake.env, FAKE_LOG: log, FAKE_FAIL_STACK: failStack, STACKS_SUMMARY: summary },
      encoding: "utf8",
    });
  const calls = () => readFileSync(log, "utf8").trim().split("\n");

  test("deploy applies every stack in the given order, one per command, without synthesizing again", () => {
    const result = run("deploy");
    expect(result.status).toBe(0);
    expect(calls()).toEqual(STACKS.map((s) => `cdktf deploy --skip-synth --no-color --auto-approve --ignore-missing-stack-dependencies ${s}`));
  });

  test("deploy stops at the first failed stack and marks the later ones as not run", () => {
    // GIVEN phase1 fails to apply
    const result = run("deploy", "production-phase1");
    // THEN phase2 and golive are never applied, the table says why, and the exit status is 1
    expect(result.status).toBe(1);
    expect(calls().map((c) => c.split(" ").at(-1))).toEqual(["production-preparation", "production-backup", "production-phase1"]);
    const table = readFileSync(summary, "utf8");
    expect(table).toContain("| `production-phase1` | **failed** (see the job log) |");
    expect(table).toContain("| `production-golive` | not run: an earlier phase failed |");
  });

  test("plan goes on after a failed stack, so one run shows every phase's plan, and still fails", () => {
    const result = run("plan", "production-phase1");
    expect(result.status).toBe(1);
    expect(calls()).toEqual(STACKS.map((s) => `cdktf diff --skip-synth --no-color ${s}`));
    expect(readFileSync(summary, "utf8")).toContain("| `production-golive` | Plan: 2 to add, 1 to change, 0 to destroy |");
  });

  test("the table carries terraform's summary line per stack", () => {
    run("deploy");
    expect(readFileSync(summary, "utf8").trim().split("\n")).toEqual([
      "| stack | deploy |",
      "|---|---|",
      ...STACKS.map((s) => `| \`${s}\` | Apply complete! Resources: 2 added, 1 changed, 0 destroyed |`),
    ]);
  });

  test("an unknown mode or no stack is a usage error that runs nothing", () => {
    // GIVEN the fake npx logging every call it gets
    const usage = (...args: string[]) =>
      spawnSync("bash", [join(REPO_ROOT, ".ci/stacks"), ...args], { cwd: fake.dir, env: { ...fake.env, FAKE_LOG: log, STACKS_SUMMARY: summary } });
    // WHEN .ci/stacks is called with an unknown mode, then with no stack
    // THEN both exit 2, npx was never called and no summary was written
    expect([usage("destroy", "x").status, usage("deploy").status]).toEqual([2, 2]);
    expect(existsSync(log)).toBe(false);
    expect(existsSync(summary)).toBe(false);
  });
});
