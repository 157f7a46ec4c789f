// The publish workflow's scripts, run as the runner runs them (bash -e) with fake `aws`, `gh` and `git`: the tag it
// chooses, the scan gate over every threshold and finding severity, and the pull request it opens. And the
// set-image-tag script it runs on this repository: one line changes, and only a valid file is written.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../config/load";
import { runSetImageTag, setImageTag } from "../../scripts/set-image-tag";
import { fakeBin } from "./fake-bin";

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}
const workflow = parse(readFileSync(resolve(REPO_ROOT, ".github/workflows/publish-image.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const step = (job: string, name: string) => workflow.jobs[job].steps.find((s) => s.name === name)!;

/** Runs a step's script with fake commands and env; returns status, output, GITHUB_OUTPUT and the fakes' call log. */
function run(s: Step, commands: Record<string, string>, env: Record<string, string>, prepare?: (dir: string) => void) {
  const fake = fakeBin(commands);
  const output = join(fake.dir, "github-output");
  const log = join(fake.dir, "calls.log");
  writeFileSync(output, "");
  prepare?.(fake.dir);
  const result = spawnSync("bash", ["-e", "-c", s.run!], {
    cwd: fake.dir,
    env: { ...fake.env, GITHUB_OUTPUT: output, RUNNER_TEMP: fake.dir, FAKE_LOG: log, ...env },
    encoding: "utf8",
  });
  const outcome = {
    status: result.status,
    stdout: result.stdout,
    outputs: readFileSync(output, "utf8"),
    calls: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [],
  };
  rmSync(fake.dir, { recursive: true, force: true });
  return outcome;
}

describe("the tag the workflow pushes", () => {
  const choose = step("publish", "Choose the tag and check the inputs");
  const env = { COMMIT: "0123456789abcdef0123456789abcdef01234567", SERVICE: "catalog", ENVIRONMENT: "staging", SEVERITY: "HIGH", REPOSITORY_INPUT: "" };

  test("a release-tag run pushes the tag's name; a branch run the commit SHA; the repository defaults to braveheart/<service>", () => {
    expect(run(choose, {}, { ...env, REF_TYPE: "tag", REF_NAME: "v2026.12.0" }).outputs).toBe("tag=v2026.12.0\nrepository=braveheart/catalog\n");
    expect(run(choose, {}, { ...env, REF_TYPE: "branch", REF_NAME: "main" }).outputs).toBe(`tag=${env.COMMIT}\nrepository=braveheart/catalog\n`);
  });

  test.each([
    [{ REF_TYPE: "tag", REF_NAME: "release/1.0" }, "::error::release/1.0 is not a valid image tag"],
    [{ SEVERITY: "SEVERE" }, "::error::fail-on-severity: allowed: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED"],
    [{ SERVICE: "Catalog;rm" }, "::error::service: not a service name"],
  ])("refuses %j", (change, message) => {
    const result = run(choose, {}, { ...env, REF_TYPE: "branch", REF_NAME: "main", ...change });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(message);
    expect(result.outputs).toBe("");
  });
});

describe("the scan gate", () => {
  const gate = step("publish", "Wait for the scan and fail on findings at or above the threshold");
  const LEVELS = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"];
  /** `aws`: logs its call; describe-image-scan-findings prints the counts in $COUNTS. */
  const AWS = `echo "$*" >> "$FAKE_LOG"; if [ "$2" = describe-image-scan-findings ]; then echo "$COUNTS"; fi`;
  const gateWith = (threshold: string, counts: Record<string, number> | null) =>
    run(gate, { aws: AWS }, { REGION: "eu-west-2", REPOSITORY: "braveheart/catalog", DIGEST: "sha256:abc", SEVERITY: threshold, COUNTS: JSON.stringify(counts) });

  test(`fails exactly when a finding is at or above the threshold (${LEVELS.length} thresholds x ${LEVELS.length} finding severities)`, () => {
    // One bash runs the step's script once per case (each in its own bash -e, as the runner would): 36 node spawns
    // cost ~5 s on a loaded machine.
    const fake = fakeBin({ aws: AWS });
    const loop = `for t in ${LEVELS.join(" ")}; do for f in ${LEVELS.join(" ")}; do
      if COUNTS="{\\"$f\\": 2}" SEVERITY="$t" bash -e -c "$GATE" > /dev/null 2>&1; then echo "$t $f pass"; else echo "$t $f fail"; fi
    done; done`;
    const result = spawnSync("bash", ["-c", loop], {
      cwd: fake.dir,
      env: { ...fake.env, GATE: gate.run, RUNNER_TEMP: fake.dir, FAKE_LOG: join(fake.dir, "log"), REGION: "eu-west-2", REPOSITORY: "r", DIGEST: "d" },
      encoding: "utf8",
    });
    rmSync(fake.dir, { recursive: true, force: true });
    const expected = LEVELS.flatMap((threshold, t) => LEVELS.map((finding, f) => `${threshold} ${finding} ${f <= t ? "fail" : "pass"}`));
    expect(result.stdout.trim().split("\n")).toEqual(expected);
  });

  test("waits for the scan of the pushed digest before reading its findings", () => {
    const result = gateWith("HIGH", { LOW: 3 });
    expect(result.status).toBe(0);
    expect(result.calls[0]).toBe("ecr wait image-scan-complete --region eu-west-2 --repository-name braveheart/catalog --image-id imageDigest=sha256:abc");
    expect(result.calls[1]).toMatch(/^ecr describe-image-scan-findings .* --image-id imageDigest=sha256:abc /);
  });

  test("a clean image (no counts at all) passes; a failure names the image and the count", () => {
    expect(gateWith("LOW", null).status).toBe(0);
    const failed = gateWith("HIGH", { CRITICAL: 1, HIGH: 2, LOW: 5 });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain("::error::braveheart/catalog@sha256:abc has 3 finding(s) at or above HIGH");
  });
});

describe("the pull request", () => {
  const open = step("propose", "Open the pull request");
  const GH = `echo "$*" >> "$FAKE_LOG"
case "$*" in
  "api repos/braveheart-tech/platform-infra --jq .default_branch") echo main ;;
  "api repos/braveheart-tech/platform-infra/git/ref/heads/main --jq .object.sha") echo basesha ;;
  *"contents/config/staging.yaml?ref=main --jq .sha") echo blobsha ;;
esac`;
  const env = { REPO: "braveheart-tech/platform-infra", SERVICE: "catalog", ENVIRONMENT: "staging", TAG: "v2026.12.0", DIGEST: "sha256:abc", SOURCE: "braveheart-tech/catalog", RUN_URL: "https://github.com/x/actions/runs/1", GH_TOKEN: "t" };

  test("creates a branch from the default branch, commits the edited file through the API and opens the pull request", () => {
    const result = run(open, { gh: GH, git: "exit 1" /* git diff --quiet: the file changed */ }, env, (dir) => {
      mkdirSync(join(dir, "config"));
      writeFileSync(join(dir, "config/staging.yaml"), "services: []\n");
    });
    expect(result.status).toBe(0);
    expect(result.calls.map((c) => c.split(" -f content=")[0])).toEqual([
      "api repos/braveheart-tech/platform-infra --jq .default_branch",
      "api repos/braveheart-tech/platform-infra/git/ref/heads/main --jq .object.sha",
      "api --method POST repos/braveheart-tech/platform-infra/git/refs -f ref=refs/heads/publish/staging/catalog/v2026.12.0 -f sha=basesha",
      "api repos/braveheart-tech/platform-infra/contents/config/staging.yaml?ref=main --jq .sha",
      "api --method PUT repos/braveheart-tech/platform-infra/contents/config/staging.yaml -f branch=publish/staging/catalog/v2026.12.0 -f sha=blobsha -f message=catalog: image v2026.12.0 in staging",
      expect.stringMatching(/^pr create --repo braveheart-tech\/platform-infra --base main --head publish\/staging\/catalog\/v2026\.12\.0 --title catalog: image v2026\.12\.0 in staging --body Published by braveheart-tech\/catalog/),
    ]);
    expect(result.calls[4]).toContain(`-f content=${Buffer.from("services: []\n").toString("base64")}`);
  });

  test("opens nothing when the environment already runs that tag", () => {
    const result = run(open, { gh: GH, git: "exit 0" }, env);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toContain("catalog already runs v2026.12.0 in staging");
  });
});

describe("npm run set-image-tag", () => {
  const staging = readFileSync(resolve(REPO_ROOT, "config/staging.yaml"), "utf8");

  test("changes only the service's imageTag line, keeping every comment and layout", () => {
    const updated = setImageTag(staging, "config/staging.yaml", "catalog", "v2026.12.0");
    const before = staging.split("\n");
    const changed = updated.split("\n").flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([['    imageTag: "2026.11.0"', '    imageTag: "v2026.12.0"']]);
    expect(updated.indexOf('imageTag: "v2026.12.0"')).toBeGreaterThan(updated.indexOf("name: catalog"));
    expect(updated.indexOf('imageTag: "v2026.12.0"')).toBeLessThan(updated.indexOf("name: orders"));
  });

  test("an unknown service or a tag the config refuses writes nothing and says why", () => {
    const dir = mkdtempSync(join(tmpdir(), "braveheart-set-image-tag-"));
    const file = join(dir, "staging.yaml");
    copyFileSync(resolve(REPO_ROOT, "config/staging.yaml"), file);
    try {
      const lines: string[] = [];
      expect(runSetImageTag(["--config", file, "--service", "invoices", "--tag", "v1"], (l) => lines.push(l))).toBe(2);
      expect(runSetImageTag(["--config", file, "--service", "catalog", "--tag=-bad"], (l) => lines.push(l))).toBe(2);
      expect(lines[0]).toBe(`${file}: no service named "invoices"; allowed: web-ui, catalog, orders, accounts`);
      expect(lines[1]).toMatch(/services\[1\] \(catalog\)\.imageTag \(got "-bad"\): .*a Docker image tag/);
      expect(readFileSync(file, "utf8")).toBe(staging);
      expect(runSetImageTag(["--config", file, "--service", "catalog", "--tag", "v2"], (l) => lines.push(l))).toBe(0);
      expect(lines[2]).toBe(`${file}: catalog imageTag set to v2`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
