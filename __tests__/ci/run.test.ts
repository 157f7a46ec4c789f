// .ci/run, the CI entry point, in a scratch copy of the repository with fake npm/npx and a fake schema check (the
// real run takes minutes and installs packages): every step runs even after one failed, the exit status says whether
// CI passed, the LAST line is always `N passed, N failed` from jest's results, and the tests run in a copy of the
// repository with nothing beside it (the real .ci/self-contained makes it).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { fakeBin, type FakeBin } from "./fake-bin";

/**
 * npm ci / npm test -- --json --outputFile=F / npm run --silent synth, each steered by FAKE_* variables. `npm test`
 * logs where it ran, what is beside that directory and AWS_PROVIDER_SCHEMA, and fails when FAKE_TEST_NEEDS (a path
 * from where it runs) does not exist: a test that reads a file outside the repository, or one git does not commit.
 */
const FAKE_NPM = `
case "$1" in
  ci) exit "\${FAKE_INSTALL_EXIT:-0}" ;;
  test)
    { echo "$PWD"; ls -A ..; echo "AWS_PROVIDER_SCHEMA=\${AWS_PROVIDER_SCHEMA-unset}"; } > "$TMPDIR/npm-test.log"
    if [ -n "\${FAKE_TEST_NEEDS:-}" ] && [ ! -e "$FAKE_TEST_NEEDS" ]; then echo "ENOENT: $FAKE_TEST_NEEDS" >&2; exit 1; fi
    for arg in "$@"; do case "$arg" in --outputFile=*) out="\${arg#--outputFile=}" ;; esac; done
    [ -n "\${FAKE_JEST_RESULTS:-}" ] && echo "$FAKE_JEST_RESULTS" > "$out"
    exit "\${FAKE_TEST_EXIT:-0}" ;;
  run) mkdir -p "$CDKTF_OUTDIR" && echo '{"stacks":{}}' > "$CDKTF_OUTDIR/manifest.json" ;;
  *) exit 64 ;;
esac`;

/**
 * Graphviz on the machine: `dot -V` works unless FAKE_DOT_MISSING is set and no fake install happened; apt-get logs its
 * arguments, and its install fails with FAKE_APT_EXIT, or with FAKE_APT_NEEDS_UPDATE until `apt-get update` ran (a fresh
 * image without package lists); `id -u` says FAKE_UID. A real install must never run from this test.
 */
/** `sudo -n` fake, `apt-get` fake, `id -u` fake: see each below. */
const FAKE_GRAPHVIZ = {
  dot: `
if [ -n "\${FAKE_DOT_MISSING:-}" ] && [ ! -f "$TMPDIR/dot-installed" ]; then echo "dot: not found" >&2; exit 127; fi
echo "dot - graphviz version 2.43.0 (0)" >&2`,
  "apt-get": `
echo "$*" >> "$TMPDIR/apt-get.log"
case "$1" in
  update) touch "$TMPDIR/lists"; exit 0 ;;
  install)
    if [ -n "\${FAKE_APT_NEEDS_UPDATE:-}" ] && [ ! -f "$TMPDIR/lists" ]; then echo "E: Unable to locate package graphviz"; exit 100; fi
    if [ "\${FAKE_APT_EXIT:-0}" -ne 0 ]; then echo "E: Could not get lock /var/lib/dpkg/lock-frontend"; exit "$FAKE_APT_EXIT"; fi
    touch "$TMPDIR/dot-installed" ;;
esac`,
  id: 'if [ "$1" = "-u" ]; then echo "${FAKE_UID:-0}"; else exec /usr/bin/id "$@"; fi',
  // Passwordless only with FAKE_SUDO; logs each elevated command, then runs it (the fakes above).
  sudo: `
[ "$1" = "-n" ] || { echo "sudo: expected -n" >&2; exit 2; }
shift
if [ -z "\${FAKE_SUDO:-}" ]; then echo "sudo: a password is required" >&2; exit 1; fi
echo "$*" >> "$TMPDIR/sudo.log"
exec "$@"`,
};

const results = (passed: number, failed: number) => JSON.stringify({ numPassedTests: passed, numFailedTests: failed });

describe(".ci/run", () => {
  let fake: FakeBin;
  let repo: string;
  beforeEach(() => {
    fake = fakeBin({ npm: FAKE_NPM, npx: 'exit "${FAKE_TSC_EXIT:-0}"', ...FAKE_GRAPHVIZ });
    repo = join(fake.dir, "repo");
    mkdirSync(join(repo, ".ci"), { recursive: true });
    copyFileSync(join(REPO_ROOT, ".ci/run"), join(repo, ".ci/run"));
    // The real one: it copies what git would commit, so the scratch repository is a git repository too.
    copyFileSync(join(REPO_ROOT, ".ci/self-contained"), join(repo, ".ci/self-contained"));
    spawnSync("git", ["init", "-q"], { cwd: repo });
    // The schema checks run on the real node, from the (here fake) build output, and log where and with which schema.
    mkdirSync(join(repo, "dist/scripts"), { recursive: true });
    writeFileSync(
      join(repo, "dist/scripts/check-schema.js"),
      'require("fs").appendFileSync(process.env.TMPDIR + "/check-schema.log", `${process.cwd()} ${process.env.AWS_PROVIDER_SCHEMA ?? "unset"}\\n`);\n' +
        "process.exitCode = Number(process.env.FAKE_SCHEMA_EXIT ?? 0);\n",
    );
    // The offline plan runs real terraform (minutes): faked here, proven by running it in CI.
    writeFileSync(
      join(repo, "dist/scripts/plan-offline.js"),
      'console.log("args: " + process.argv.slice(2).join(" ")); process.exitCode = Number(process.env.FAKE_PLAN_EXIT ?? 0);\n',
    );
  });
  afterEach(() => rmSync(fake.dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) => {
    const result = spawnSync("bash", [join(repo, ".ci/run")], { env: { ...fake.env, ...env }, encoding: "utf8" });
    const lines = result.stdout.trimEnd().split("\n");
    return { status: result.status, lines, last: lines.at(-1) };
  };
  /** What apt-get was asked, one call a line. */
  const aptCalls = () => {
    const log = join(fake.dir, "apt-get.log");
    return existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n") : [];
  };

  test("a clean run exits 0 and ends with jest's counts", () => {
    const result = run({ FAKE_JEST_RESULTS: results(42, 0) });
    expect({ status: result.status, last: result.last }).toEqual({ status: 0, last: "42 passed, 0 failed" });
  });

  test("failing tests fail the run, the last line counts them, and the later steps still ran", () => {
    const result = run({ FAKE_JEST_RESULTS: results(40, 2), FAKE_TEST_EXIT: "1" });
    expect({ status: result.status, last: result.last }).toEqual({ status: 1, last: "40 passed, 2 failed" });
    // The duration is whole seconds and may tick over on a busy machine.
    expect(result.lines).toContainEqual(expect.stringMatching(/^<== schema check production: ok \(\d+ s\)$/));
    expect(result.lines).toContain("CI failed steps: test");
  });

  test("when jest could not report, the last line is `0 passed, 1 failed`", () => {
    const result = run({ FAKE_TEST_EXIT: "1" });
    expect({ status: result.status, last: result.last }).toEqual({ status: 1, last: "0 passed, 1 failed" });
  });

  test("a failed install stops the run early and still ends with the counts line", () => {
    const result = run({ FAKE_INSTALL_EXIT: "1", FAKE_JEST_RESULTS: results(42, 0) });
    expect(result.status).not.toBe(0);
    expect(result.lines.slice(-2)).toEqual(["CI stopped early (exit 1)", "0 passed, 1 failed"]);
  });

  describe("the one test step runs in a copy of the repository as a clone has it", () => {
    /** The step lines `==> name`, in order. */
    const steps = (lines: string[]) => lines.filter((line) => line.startsWith("==> ")).map((line) => line.slice(4).replace(/: .*/, ""));

    test("npm test runs once, in a copy with nothing beside it and no AWS_PROVIDER_SCHEMA; the synths and their checks run in the checkout with it", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), AWS_PROVIDER_SCHEMA: "/schemas/aws-6.25.0.json.gz" });
      expect({ status: result.status, last: result.last }).toEqual({ status: 0, last: "42 passed, 0 failed" });
      expect(steps(result.lines)).toEqual([
        "install",
        "graphviz",
        "typecheck",
        "test",
        "schema check (clone)",
        "synth staging",
        "schema check staging",
        "synth production",
        "schema check production",
        "terraform plan (offline)",
      ]);
      const [where, ...rest] = readFileSync(join(fake.dir, "npm-test.log"), "utf8").trimEnd().split("\n");
      // .ci/run's scratch directory (under TMPDIR), removed at the end; `repo` alone in its parent.
      expect(where).toMatch(new RegExp(`^${realpathSync(fake.dir)}/braveheart-ci\\.[^/]+/clone/repo$`));
      expect(rest).toEqual(["repo", "AWS_PROVIDER_SCHEMA=unset"]);
      expect(existsSync(where)).toBe(false);
      // The copy's check reads the committed schema; the checkout's two read the variable's.
      const checks = readFileSync(join(fake.dir, "check-schema.log"), "utf8").trimEnd().split("\n");
      expect(checks).toEqual([`${where} unset`, `${repo} /schemas/aws-6.25.0.json.gz`, `${repo} /schemas/aws-6.25.0.json.gz`]);
    });

    test("a test that reads ../shared fails the test step, although ../shared is beside the checkout", () => {
      mkdirSync(join(fake.dir, "shared"));
      writeFileSync(join(fake.dir, "shared/aws-provider.schema.json.gz"), "");
      expect(existsSync(join(repo, "../shared/aws-provider.schema.json.gz"))).toBe(true);
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_TEST_NEEDS: "../shared/aws-provider.schema.json.gz" });
      expect(result.status).toBe(1);
      expect(result.lines).toContainEqual(expect.stringMatching(/^<== test: FAILED \(\d+ s\)$/));
      expect(result.lines.slice(-2)).toEqual(["CI failed steps: test", "0 passed, 1 failed"]);
    });

    test("a test that needs a file git ignores fails the test step; tracked and new files are there", () => {
      writeFileSync(join(repo, ".gitignore"), "local-only.yaml\n");
      writeFileSync(join(repo, "local-only.yaml"), "");
      writeFileSync(join(repo, "new-file.yaml"), "");
      expect(run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_TEST_NEEDS: "new-file.yaml" }).status).toBe(0);
      const ignored = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_TEST_NEEDS: "local-only.yaml" });
      expect(ignored.lines.slice(-2)).toEqual(["CI failed steps: test", "0 passed, 1 failed"]);
    });
  });

  test("a failed typecheck or schema check fails the run although every test passed: the exit status decides", () => {
    const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_TSC_EXIT: "2", FAKE_SCHEMA_EXIT: "1" });
    expect(result.status).toBe(1);
    expect(result.lines.slice(-2)).toEqual([
      "CI failed steps: typecheck schema check (clone) schema check staging schema check production",
      "42 passed, 0 failed",
    ]);
  });

  test("the offline terraform plan runs after the schema checks, plan only (validate ran in the tests), and its failure fails the run", () => {
    const clean = run({ FAKE_JEST_RESULTS: results(42, 0) });
    const planStep = clean.lines.indexOf("==> terraform plan (offline)");
    expect(planStep).toBeGreaterThan(clean.lines.indexOf("==> schema check production"));
    expect(clean.lines[planStep + 1]).toBe("args: --plan-only");
    const failed = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_PLAN_EXIT: "1" });
    expect(failed.status).toBe(1);
    expect(failed.lines.slice(-2)).toEqual(["CI failed steps: terraform plan (offline)", "42 passed, 0 failed"]);
  });
  describe("Graphviz for the SVG layout tests", () => {
    const INSTALL = "install -y --no-install-recommends graphviz";

    test("already installed: nothing is installed, and it runs before the tests", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0) });
      expect(result.lines).toContain("==> graphviz: dot - graphviz version 2.43.0 (0), nothing to install");
      expect(result.lines.indexOf("==> graphviz: dot - graphviz version 2.43.0 (0), nothing to install")).toBeLessThan(result.lines.indexOf("==> test"));
      expect(aptCalls()).toEqual([]);
    });

    test("missing, as root: installed with apt-get, no recommended packages", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_DOT_MISSING: "1" });
      expect(aptCalls()).toEqual([INSTALL]);
      expect(result.lines).toContainEqual(expect.stringMatching(/^<== graphviz: installed, dot - graphviz version 2\.43\.0 \(0\) \(\d+ s\)$/));
      expect({ status: result.status, last: result.last }).toEqual({ status: 0, last: "42 passed, 0 failed" });
    });

    test("missing on a fresh image without package lists: the lists are refreshed once and the install retried", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_DOT_MISSING: "1", FAKE_APT_NEEDS_UPDATE: "1" });
      expect(aptCalls()).toEqual([INSTALL, "update", INSTALL]);
      expect(result.lines).toContainEqual(expect.stringMatching(/^<== graphviz: installed, /));
    });

    test("missing, not root: not installed, and the line says why", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_DOT_MISSING: "1", FAKE_UID: "1001" });
      expect(aptCalls()).toEqual([]);
      expect(result.lines).toContain("==> graphviz: not installed (not root and no passwordless sudo, so no apt-get install); the SVG layout tests will skip");
      expect(result.status).toBe(0);
    });

    test("missing, not root but with passwordless sudo (GitHub's hosted runners): installed through sudo -n", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_DOT_MISSING: "1", FAKE_UID: "1001", FAKE_SUDO: "1" });
      expect(aptCalls()).toEqual([INSTALL]);
      expect(readFileSync(join(fake.dir, "sudo.log"), "utf8").trim().split("\n")).toEqual(["true", `env DEBIAN_FRONTEND=noninteractive apt-get ${INSTALL}`]);
      expect(result.lines).toContain("==> graphviz (with sudo)");
      expect(result.lines).toContainEqual(expect.stringMatching(/^<== graphviz: installed, /));
    });

    test("a failed install never fails the run: the reason is printed and the tests skip", () => {
      const result = run({ FAKE_JEST_RESULTS: results(42, 0), FAKE_DOT_MISSING: "1", FAKE_APT_EXIT: "100" });
      expect(aptCalls()).toEqual([INSTALL, "update", INSTALL]);
      expect(result.lines).toContainEqual(
        expect.stringMatching(/^<== graphviz: install failed, the SVG layout tests will skip \(\d+ s\): E: Could not get lock \/var\/lib\/dpkg\/lock-frontend$/),
      );
      expect({ status: result.status, last: result.last }).toEqual({ status: 0, last: "42 passed, 0 failed" });
      expect(result.lines.join("\n")).not.toContain("CI failed steps");
    });
  });
});
