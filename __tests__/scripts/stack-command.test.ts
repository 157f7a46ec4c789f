// `npm run deploy -- <stack>` / `npm run diff -- <stack>` (scripts/stack-command.ts) against a fake terraform and a
// fake cdktf (npx) on PATH: the README runbook's commands as written, the refusal of a phase whose predecessors hold
// no state, and of a stack whose .terraform/ was initialised for another backend. The state the fakes keep is a
// JSON file per stack; the command itself runs in-process (a child process costs ~1 s of start-up each).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { parseStackName, predecessorsOf, runStackCommand } from "../../scripts/stack-command";
import { appliedState, backendDifferences, backendSwitchProblem, synthesizedBackend } from "../../scripts/stacks/stack-state";
import { fakeBin, type FakeBin } from "../ci/fake-bin";
import { runInProcess } from "../run-in-process";

// terraform -chdir=DIR init: records the synthesized backend as terraform does (.terraform/terraform.tfstate).
// terraform -chdir=DIR state pull: the stack's fake state, or nothing (an empty remote state prints nothing).
const FAKE_TERRAFORM = `
dir="\${1#-chdir=}"; shift
echo "terraform $*" >> "$FAKE_LOG"
case "$1" in
  init) mkdir -p "$dir/.terraform" && node -e '
    const fs = require("fs"); const t = JSON.parse(fs.readFileSync(process.argv[1] + "/cdk.tf.json", "utf8")).terraform;
    const [type, config] = t.cloud ? ["cloud", t.cloud] : Object.entries(t.backend)[0];
    fs.writeFileSync(process.argv[1] + "/.terraform/terraform.tfstate", JSON.stringify({ version: 3, backend: { type, config } }));' "$dir" ;;
  state) cat "$FAKE_STATE/$(basename "$dir").json" 2>/dev/null || true ;;
  *) exit 64 ;;
esac`;

// npx cdktf deploy|diff <stack> ...: logs its arguments and CHECKPOINT_DISABLE; a deploy leaves a state with a resource.
const FAKE_NPX = `
echo "npx $* CHECKPOINT_DISABLE=\${CHECKPOINT_DISABLE:-}" >> "$FAKE_LOG"
[ "$1" = cdktf ] || exit 64
if [ "$2" = deploy ]; then echo '{"version":4,"resources":[{"type":"aws_x","name":"y"}]}' > "$FAKE_STATE/$3.json"; fi
exit "\${FAKE_CDKTF_EXIT:-0}"`;

describe("npm run deploy / diff with a fake terraform and cdktf", () => {
  let fake: FakeBin;
  let outdir: string;
  let states: string;
  let log: string;
  beforeEach(() => {
    fake = fakeBin({ terraform: FAKE_TERRAFORM, npx: FAKE_NPX });
    outdir = join(fake.dir, "out");
    states = join(fake.dir, "states");
    log = join(fake.dir, "log");
    mkdirSync(states);
    writeFileSync(log, "");
  });
  afterEach(() => rmSync(fake.dir, { recursive: true, force: true }));

  /** Runs `npm run <command>` as the README writes it (`npm run deploy -- staging-phase1 ...`), in-process. */
  const run = async (command: string, extraEnv: Record<string, string> = {}) => {
    const [, , script, dashes, ...args] = command.split(/\s+/);
    expect(dashes).toBe("--");
    // The command sets BRAVEHEART_CONFIG (inferred) and CHECKPOINT_DISABLE in process.env: put them back after.
    const saved = { BRAVEHEART_CONFIG: process.env.BRAVEHEART_CONFIG, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE };
    delete process.env.BRAVEHEART_CONFIG;
    delete process.env.CHECKPOINT_DISABLE;
    try {
      const env = { PATH: fake.env.PATH!, CDKTF_OUTDIR: outdir, FAKE_STATE: states, FAKE_LOG: log, ...extraEnv };
      return await runInProcess(() => runStackCommand([script, ...args]), env);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };
  const logged = () => readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
  const cdktfCalls = () => logged().filter((line) => line.startsWith("npx "));

  test("every npm run deploy/diff command of the README's runbook works as written, in order, for staging", async () => {
    // GIVEN the runbook's commands, in the order the README gives them, for the staging environment
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const runbook = readme.slice(readme.indexOf("## Runbook"), readme.indexOf("## Configuration"));
    const steps = [...runbook.matchAll(/`(npm run (?:deploy|diff) -- <env>-[a-z0-9]+)`/g)].map((m) => m[1].replace("<env>", "staging"));
    // then the runbook's examples written for one stack (options passed on to cdktf), once the phases are applied
    const examples = [...runbook.matchAll(/`(npm run (?:deploy|diff) -- staging-[a-z0-9]+(?: --[a-z-]+)+)`/g)].map((m) => m[1]);
    const commands = [...steps, ...examples];
    expect(commands.slice(0, 5)).toEqual(["preparation", "backup", "phase1", "phase2", "golive"].map((p) => `npm run deploy -- staging-${p}`));
    expect(commands).toContain("npm run diff -- staging-phase1");
    // and the example that passes an option on to cdktf
    expect(commands).toContain("npm run deploy -- staging-golive --auto-approve");
    // WHEN each runs as written
    for (const command of commands) {
      const result = await run(command);
      // THEN each succeeds, and cdktf got the one stack, no second synth, and what a lone stack needs
      expect({ command, status: result.status, stderr: result.stderr }).toEqual({ command, status: 0, stderr: "" });
    }
    const [mode, stack] = ["deploy", "staging-phase1"];
    expect(cdktfCalls()).toContain(`npx cdktf ${mode} ${stack} --skip-synth --ignore-missing-stack-dependencies --output ${outdir} CHECKPOINT_DISABLE=1`);
    expect(cdktfCalls()).toContain(`npx cdktf diff staging-phase1 --skip-synth --output ${outdir} CHECKPOINT_DISABLE=1`);
    expect(cdktfCalls()).toContain(`npx cdktf deploy staging-golive --skip-synth --ignore-missing-stack-dependencies --output ${outdir} --auto-approve CHECKPOINT_DISABLE=1`);
    expect(cdktfCalls()).toHaveLength(commands.length);
    // One synth per command, as a user's run does: ~4 s alone, far more on a machine shared with other test runs.
  }, 90_000);

  test("a phase whose predecessors hold no state is refused, naming the stack and the command to run first", async () => {
    // GIVEN a fresh environment (no stack applied)
    // WHEN phase1 is deployed first
    const result = await run("npm run deploy -- staging-phase1");
    // THEN nothing is applied, and the message says which stack is missing and what to run
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "Refusing to deploy staging-phase1: staging-preparation has not been applied (its s3 state holds no resources), and the phases are applied in order (README runbook).",
      "Run first: npm run deploy -- staging-preparation",
    ]);
    expect(cdktfCalls()).toEqual([]);
  });

  test("a deploy waits for every earlier phase (the backups), a plan only for what it reads", async () => {
    // GIVEN preparation applied, backup not
    writeFileSync(join(states, "staging-preparation.json"), JSON.stringify({ resources: [{}] }));
    // WHEN phase1 is deployed, THEN it names the backup stack
    const deploy = await run("npm run deploy -- staging-phase1");
    expect(deploy.status).toBe(1);
    expect(deploy.stderr).toContain("Run first: npm run deploy -- staging-backup");
    // WHEN phase1 is planned (it reads preparation only), THEN the plan runs
    const diff = await run("npm run diff -- staging-phase1 --skip-synth");
    expect({ status: diff.status, stderr: diff.stderr }).toEqual({ status: 0, stderr: "" });
    expect(cdktfCalls()).toEqual([`npx cdktf diff staging-phase1 --skip-synth --output ${outdir} CHECKPOINT_DISABLE=1`]);
  });

  test("a stack initialised for another backend is refused with both terraform init commands; its state is untouched", async () => {
    // GIVEN preparation's directory initialised for local state, with a local state file, and an S3 backend now
    expect((await run("npm run diff -- staging-preparation")).status).toBe(0);
    const dir = join(outdir, "stacks", "staging-preparation");
    mkdirSync(join(dir, ".terraform"));
    writeFileSync(join(dir, ".terraform", "terraform.tfstate"), JSON.stringify({ version: 3, backend: { type: "local", config: { path: "terraform.staging-preparation.tfstate" } } }));
    writeFileSync(join(dir, "terraform.staging-preparation.tfstate"), '{"resources":[{}]}');
    // WHEN it is deployed
    const result = await run("npm run deploy -- staging-preparation --skip-synth");
    // THEN the message names the change and the two ways out, in that directory; nothing ran, nothing was deleted
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("staging-preparation: ");
    expect(result.stderr).toContain("(type: local -> s3)");
    expect(result.stderr).toMatch(/terraform -chdir=\S*stacks\/staging-preparation init -migrate-state/);
    expect(result.stderr).toMatch(/terraform -chdir=\S*stacks\/staging-preparation init -reconfigure/);
    expect(cdktfCalls()).toEqual(["npx cdktf diff staging-preparation --skip-synth --output " + outdir + " CHECKPOINT_DISABLE=1"]);
    expect(readFileSync(join(dir, "terraform.staging-preparation.tfstate"), "utf8")).toBe('{"resources":[{}]}');
  });

  test("cdktf's failure is the command's exit status", async () => {
    const result = await run("npm run deploy -- staging-preparation", { FAKE_CDKTF_EXIT: "3" });
    expect(result.status).toBe(3);
  });

  test("a stack the environment file does not synthesize, and a name that is no stack, are one message each", async () => {
    const other = await run("npm run deploy -- qa-phase1", { BRAVEHEART_CONFIG: "config/staging.yaml" });
    expect(other.status).toBe(1);
    expect(other.stderr.trim()).toMatch(/^qa-phase1 is not synthesized from config\/staging\.yaml \(its stacks: staging-backup, .*\): write config\/qa\.yaml, or set BRAVEHEART_CONFIG/);
    const bad = await run("npm run deploy -- staging-phase9");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("staging-phase9 is not a stack name: stacks are <environment>-<phase>, the phase one of preparation, backup, phase1, phase2, golive.");
    expect(cdktfCalls()).toEqual([]);
  });
});

test("the built command (dist/scripts/stack-command.js) without a stack prints its usage and exits 2", () => {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "dist/scripts/stack-command.js"), "deploy"], { encoding: "utf8" });
  expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 2, stderr: expect.stringMatching(/^usage: npm run deploy -- <environment>-<phase>/) });
});

describe("--help", () => {
  test.each([["deploy", "--help"], ["diff", "-h"]])("npm run %s -- %s prints what the command does and exits 0, running nothing", async (mode, flag) => {
    const fake = fakeBin({ npx: 'echo "npx $*" >> "$FAKE_LOG"; exit 64', terraform: 'echo "terraform $*" >> "$FAKE_LOG"; exit 64' });
    const log = join(fake.dir, "log");
    try {
      const result = await runInProcess(() => runStackCommand([mode, flag]), { PATH: fake.env.PATH!, FAKE_LOG: log });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^usage: npm run deploy -- <environment>-<phase> \[cdktf deploy options\]/);
      expect(result.stdout).toContain("the phase one of preparation, backup, phase1, phase2, golive");
      expect(result.stdout).toContain("Options after the stack go to cdktf");
      expect(existsSync(log)).toBe(false);
    } finally {
      rmSync(fake.dir, { recursive: true, force: true });
    }
  });

  test("an option where the stack belongs is refused with the usage and a pointer to --help (exit 2)", async () => {
    const result = await runInProcess(() => runStackCommand(["diff", "--auto-approve"]), {});
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n").at(-1)).toBe("Run npm run diff -- --help for what it does.");
  });
});

describe("stack state, without terraform", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "braveheart-stack-state-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const localStack = { terraform: { backend: { local: { path: "terraform.x.tfstate" } } } };

  test("a local state is read from its file: missing, empty and applied", () => {
    expect(appliedState(dir, localStack)).toEqual({ status: "empty", why: expect.stringContaining("no local state file") });
    writeFileSync(join(dir, "terraform.x.tfstate"), '{"version":4,"resources":[]}');
    expect(appliedState(dir, localStack)).toEqual({ status: "empty", why: "its local state holds no resources" });
    writeFileSync(join(dir, "terraform.x.tfstate"), '{"version":4,"resources":[{"type":"aws_vpc"}]}');
    expect(appliedState(dir, localStack)).toEqual({ status: "applied" });
    expect(existsSync(join(dir, ".terraform"))).toBe(false); // no terraform init for local state
  });

  test("backend differences: type, a changed setting, settings terraform records as null are not differences", () => {
    const s3 = { type: "s3", config: { bucket: "b", key: "k", region: "eu-west-2" } };
    expect(backendDifferences({ type: "s3", config: { ...s3.config, profile: null, encrypt: null } }, s3)).toEqual([]);
    expect(backendDifferences({ type: "s3", config: { ...s3.config, bucket: "old" } }, s3)).toEqual(['bucket: "old" -> "b"']);
    expect(backendDifferences({ type: "local", config: { path: "x" } }, s3)).toEqual(["type: local -> s3"]);
    expect(synthesizedBackend({ terraform: { cloud: { organization: "o" } } })).toEqual({ type: "cloud", config: { organization: "o" } });
    // Never initialised: nothing to say.
    expect(backendSwitchProblem("x", dir, localStack)).toBeUndefined();
  });

  test("stack names and predecessors", () => {
    expect(parseStackName("my-env-phase2")).toEqual({ environment: "my-env", phase: "phase2" });
    expect(parseStackName("golive")).toBeUndefined();
    const stacks = Object.fromEntries(
      ["preparation", "backup", "phase1", "phase2", "golive"].map((p) => [`e-${p}`, { synthesizedStackPath: "", workingDirectory: "", dependencies: p === "phase1" ? ["e-preparation"] : [] }]),
    );
    expect(predecessorsOf("deploy", "e-phase1", stacks)).toEqual(["e-preparation", "e-backup"]);
    expect(predecessorsOf("diff", "e-phase1", stacks)).toEqual(["e-preparation"]);
    expect(predecessorsOf("deploy", "e-preparation", stacks)).toEqual([]);
  });
});
