// The GitHub Actions workflow (.github/workflows/infrastructure.yml) cannot run here, so its structure is checked
// instead: triggers, least-privilege permissions per job, what each job runs, the job gating (evaluated through
// scenarios with the workflow's own `if:` expressions), the OIDC subjects the roles trust, and the pins.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { REPO_ROOT } from "../../config/load";
import { GithubDeployRole } from "../../constructs/iam/github-deploy-role";
import { GithubPlanRole } from "../../constructs/iam/github-plan-role";
import { AWS_PROVIDER_VERSION, PhaseStack } from "../../stacks/phase-stack";
import { PHASES } from "../../stacks/phases";
import { configFor, type ShippedEnvironment } from "../helpers";
import { fakeBin } from "./fake-bin";
import { evaluate, jobRuns, type Value } from "./github-expressions";

const WORKFLOW_PATH = resolve(REPO_ROOT, ".github/workflows/infrastructure.yml");
const ENVIRONMENTS: readonly ShippedEnvironment[] = ["staging", "production"];
const REPOSITORY = "braveheart-tech/platform-infra";

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}

interface Job {
  readonly name?: string;
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string;
  readonly "timeout-minutes"?: number;
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean | string };
  readonly strategy?: { matrix: Record<string, unknown> };
  readonly env?: Record<string, string>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Record<string, any>;
  readonly permissions: Record<string, string>;
  readonly concurrency: { group: string; "cancel-in-progress": string };
  readonly env: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const source = readFileSync(WORKFLOW_PATH, "utf8");
const workflow = parse(source) as Workflow;
const jobs = workflow.jobs;
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());
const awsStepsOf = (job: Job) => job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
const stepRunning = (job: Job, command: string) => job.steps.find((s) => s.run?.includes(command));

type Result = "success" | "failure" | "skipped";
interface Scenario {
  readonly event: "pull_request" | "push" | "workflow_dispatch";
  readonly ref: string;
  readonly inputs?: Record<string, string>;
  readonly fromFork?: boolean;
  /** Jobs that fail when they run. */
  readonly failing?: readonly string[];
}

/** Which jobs run in a scenario, evaluating each job's `if:` after the jobs it needs, as GitHub does. */
function simulate(scenario: Scenario): Record<string, Result> {
  const results: Record<string, Result> = {};
  const pending = Object.keys(jobs);
  while (pending.length) {
    const index = pending.findIndex((id) => needsOf(jobs[id]).every((need) => need in results));
    if (index === -1) throw new Error(`needs cycle among ${pending.join(", ")}`);
    const [id] = pending.splice(index, 1);
    const needed = needsOf(jobs[id]).map((need) => results[need]);
    const values: Record<string, Value> = {
      github: {
        event_name: scenario.event,
        ref: scenario.ref,
        repository: REPOSITORY,
        event: scenario.event === "pull_request" ? { pull_request: { head: { repo: { full_name: scenario.fromFork ? "someone/fork" : REPOSITORY } } } } : {},
      },
      inputs: scenario.inputs ?? {},
      needs: Object.fromEntries(needsOf(jobs[id]).map((need) => [need, { result: results[need] }])),
    };
    const status = { success: needed.every((r) => r === "success"), failure: needed.includes("failure"), cancelled: false };
    const runs = jobRuns(jobs[id].if, { values, status });
    results[id] = !runs ? "skipped" : scenario.failing?.includes(id) ? "failure" : "success";
  }
  return results;
}

const ran = (results: Record<string, Result>) => Object.keys(results).filter((id) => results[id] !== "skipped");

const STATUS_OK = { success: true, failure: false, cancelled: false };
/** A workflow value as the runner sees it: every `${{ }}` in it evaluated against `values` (null as ""). */
function interpolate(text: string, values: Record<string, Value>): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expression: string) => {
    const value = evaluate(expression, { values, status: STATUS_OK });
    return value === null ? "" : String(value);
  });
}
/** A step's `env:` as GitHub hands it to the step, in a context of matrix, secrets, steps, ... */
const stepEnv = (step: Step, values: Record<string, Value>): Record<string, string> =>
  Object.fromEntries(Object.entries(step.env ?? {}).map(([key, text]) => [key, interpolate(String(text), values)]));
type PlanMatrixEntry = { environment: ShippedEnvironment; "plan-role-arn": string; "plan-environment": string; "plan-token-secret": string };
const planMatrix = () => jobs.plan.strategy!.matrix.include as PlanMatrixEntry[];

describe("workflow triggers", () => {
  test("runs on pull requests, on pushes to main, and by hand with an environment to deploy", () => {
    // GIVEN the parsed workflow
    // THEN it has exactly these three triggers, and the manual one offers both environments
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push", "workflow_dispatch"]);
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(workflow.on.workflow_dispatch.inputs.environment).toEqual(expect.objectContaining({ type: "choice", required: true, options: [...ENVIRONMENTS] }));
  });

  test.each(ENVIRONMENTS)("pushes deploy the branch configured for %s (ci.githubBranch)", (env) => {
    // GIVEN the environment's config, whose ci.githubBranch its GitHub environment's deployment branches must name
    const branch = configFor(env).ci.githubBranch;
    // THEN the workflow deploys on pushes to that branch and the deploy jobs check that ref
    expect(workflow.on.push.branches).toEqual([branch]);
    expect(jobs["deploy-staging"].if).toContain(`github.ref == 'refs/heads/${branch}'`);
    expect(jobs["deploy-production"].if).toContain(`github.ref == 'refs/heads/${branch}'`);
  });
});

describe("least-privilege permissions", () => {
  test("the workflow grants nothing by default", () => {
    expect(workflow.permissions).toEqual({});
  });

  test("every job declares exactly what it uses", () => {
    // THEN read-only checkout everywhere it checks out, id-token for AWS, pull-requests only to comment
    expect(Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, job.permissions]))).toEqual({
      verify: { contents: "read" },
      plan: { contents: "read", "id-token": "write" },
      comment: { "pull-requests": "write" },
      "deploy-staging": { contents: "read", "id-token": "write", actions: "read" },
      "deploy-production": { contents: "read", "id-token": "write", actions: "read" },
      "verify-staging": { contents: "read" },
      "verify-production": { contents: "read" },
      "staging-verified": { actions: "read" },
    });
  });

  test("a job may mint an OIDC token only if it assumes an AWS role, and every job that does may", () => {
    for (const [id, job] of Object.entries(jobs)) {
      const assumesRole = awsStepsOf(job).length > 0;
      expect({ id, idToken: job.permissions?.["id-token"] === "write" }).toEqual({ id, idToken: assumesRole });
    }
  });

  test("the job that can write to the pull request runs none of its code and holds no AWS credentials", () => {
    // GIVEN the comment job: the only one with pull-requests: write
    const comment = jobs.comment;
    // THEN it neither checks out nor installs nor assumes a role: it only downloads the artifact and calls the API
    expect(comment.steps.map((s) => s.uses?.split("@")[0] ?? "run")).toEqual(["actions/download-artifact", "run"]);
    expect(comment.steps[1].run).not.toMatch(/npm|npx|node /);
  });

  test("no checkout leaves the token in the git config for later steps", () => {
    const checkouts = Object.values(jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith("actions/checkout@")));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) expect(step.with?.["persist-credentials"]).toBe(false);
  });
});

describe("what each job runs", () => {
  test("verify runs the CI entry point with the provider schema for the pinned provider", () => {
    // GIVEN the verify job
    const verify = jobs.verify;
    // THEN it runs .ci/run, after exporting (or restoring) the schema of the exact provider the stacks pin
    expect(verify.steps.at(-1)?.run).toBe("bash .ci/run");
    expect(stepRunning(verify, 'bash .ci/provider-schema "$AWS_PROVIDER_VERSION" "$AWS_PROVIDER_SCHEMA"')).toBeDefined();
    expect(stepRunning(verify, "AWS_PROVIDER_SCHEMA=")).toBeDefined();
    expect(workflow.env.AWS_PROVIDER_VERSION).toBe(AWS_PROVIDER_VERSION);
  });

  test("node 20 with the npm cache everywhere node is set up", () => {
    const setups = Object.values(jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")));
    expect(setups).toHaveLength(6);
    expect(workflow.env.NODE_VERSION).toBe("20");
    for (const step of setups) expect(step.with).toEqual({ "node-version": "${{ env.NODE_VERSION }}", cache: "npm" });
  });

  test.each([
    ["plan", "plan"],
    ["deploy-staging", "deploy"],
    ["deploy-production", "deploy"],
  ])("%s runs .ci/stacks %s over the stacks ci-environment lists in phase order", (id, mode) => {
    // GIVEN the job's steps
    const job = jobs[id];
    const describeStep = job.steps.find((s) => s.id === "env");
    const apply = stepRunning(job, `bash .ci/stacks ${mode} $STACKS`);
    // THEN the stack list comes from the synthesized app (scripts/ci-environment.ts orders it by PHASES), after synth
    expect(describeStep?.run).toMatch(/^node dist\/scripts\/ci-environment\.js( --require-remote-state)? >> "\$GITHUB_OUTPUT"$/);
    // A pull request plans every stack; a deploy applies only those up to the environment's ci.targetPhase
    expect(apply?.env?.STACKS).toBe(mode === "plan" ? "${{ steps.env.outputs.stacks }}" : "${{ steps.env.outputs.deploy_stacks }}");
    const order = [stepRunning(job, "npm run --silent synth"), describeStep, apply].map((s) => job.steps.indexOf(s!));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).not.toContain(-1);
  });

  test("the workflow keeps no list of phases of its own, so a new phase cannot be left out of CI", () => {
    // GIVEN every phase name (PHASES, stacks/phases.ts)
    // THEN none appears in the workflow: plan and deploy take the stacks from the app
    for (const phase of PHASES) expect(source).not.toMatch(new RegExp(`\\b${phase}\\b`));
  });

  test("deploy jobs refuse local state and plans read state without locking it", () => {
    expect(jobs["deploy-staging"].steps.find((s) => s.id === "env")?.run).toContain("--require-remote-state");
    expect(jobs["deploy-production"].steps.find((s) => s.id === "env")?.run).toContain("--require-remote-state");
    expect(jobs.plan.env?.TF_CLI_ARGS_plan).toBe("-lock=false");
  });

  test("the plan job posts its review report through an artifact named per environment", () => {
    // GIVEN the plan job's report steps and the comment job's download
    const upload = jobs.plan.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.path === "review/");
    const download = jobs.comment.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    // THEN the report is written by `npm run report` and the two jobs agree on the artifact's name
    expect(stepRunning(jobs.plan, "npm run --silent report")).toBeDefined();
    expect(upload?.with?.name).toBe("review-report-${{ matrix.environment }}");
    expect(download?.with?.name).toBe(upload?.with?.name);
    expect(jobs.comment.strategy?.matrix.environment).toEqual([...ENVIRONMENTS]);
  });

  test("both deploy jobs run identical steps, so staging proves exactly what production will run", () => {
    expect(jobs["deploy-production"].steps).toEqual(jobs["deploy-staging"].steps);
  });
});

/** `gh api <url> --jq <filter>` for the runs of a commit and a run's jobs (see runGate below). */
const FAKE_GH_RUNS_AND_JOBS = `
const fs = require("fs");
const [, url, , filter] = process.argv.slice(2);
const runsFilter = /^\\.workflow_runs\\[\\] \\| select\\(\\.name == "([^"]+)" and \\.head_branch == "([^"]+)"\\) \\| \\.id$/.exec(filter);
if (/\\/actions\\/runs\\?head_sha=/.test(url) && runsFilter) {
  for (const r of JSON.parse(process.env.FAKE_RUNS).workflow_runs) if (r.name === runsFilter[1] && r.head_branch === runsFilter[2]) console.log(r.id);
} else if (/\\/actions\\/runs\\/\\d+\\/jobs/.test(url)) {
  const m = /^\\.jobs\\[\\] \\| select\\(\\.name == "([^"]+)" and \\.conclusion == "([^"]+)"\\) \\| \\.id$/.exec(filter);
  if (!m) { console.error("unexpected filter " + filter); process.exit(9); }
  const run = /\\/actions\\/runs\\/(\\d+)\\//.exec(url)[1];
  const file = process.env.FAKE_DIR + "/jobs-" + run + ".json";
  const jobs = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).jobs : [];
  for (const j of jobs) if (j.name === m[1] && j.conclusion === m[2]) console.log(j.id);
} else { console.error("unexpected call " + url); process.exit(9); }
`;

const OTHER_WORKFLOW_RUN = "77";
const OTHER_BRANCH_RUN = "78";

describe("deploy-production: only a commit deployed and verified in staging", () => {
  const SHA = "3333333333333333333333333333333333333333";
  const job = jobs["staging-verified"];
  const gate = job.steps.find((s) => s.name === "Require this commit verified in the previous environment")!;

  /**
   * Runs the gate as the runner would, with a fake `gh` (node, not a jq binary the machine may lack): the runs of
   * this commit are FAKE_RUNS' ids; a run's jobs are jobs-<run>.json, selected as the step's --jq filter says (its
   * name and conclusion are read out of the filter, so a changed filter fails here).
   */
  function runGate(runs: Record<string, { name: string; conclusion: string }[]>, envOverride: Record<string, string> = {}) {
    const fake = fakeBin({ gh: 'echo "$*" >> "$FAKE_LOG"; exec node "$FAKE_DIR/gh.js" "$@"' });
    writeFileSync(join(fake.dir, "gh.js"), FAKE_GH_RUNS_AND_JOBS);
    for (const [run, list] of Object.entries(runs)) writeFileSync(join(fake.dir, `jobs-${run}.json`), JSON.stringify({ jobs: list.map((j, i) => ({ id: Number(run) * 10 + i, ...j })) }));
    const log = join(fake.dir, "gh.log");
    const env = {
      ...fake.env,
      ...job.env,
      ...envOverride,
      FAKE_LOG: log,
      FAKE_DIR: fake.dir,
      FAKE_RUNS: JSON.stringify({
        workflow_runs: Object.keys(runs).map((id) => ({ id: Number(id), name: id === OTHER_WORKFLOW_RUN ? "release" : "infrastructure", head_branch: id === OTHER_BRANCH_RUN ? "feature" : "main" })),
      }),
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_SHA: SHA,
      GITHUB_WORKFLOW: "infrastructure",
      GITHUB_REF: "refs/heads/main",
    };
    const result = spawnSync("bash", ["-e", "-c", gate.run!], { cwd: fake.dir, env, encoding: "utf8" });
    const calls = existsSync(log) ? readFileSync(log, "utf8") : "";
    rmSync(fake.dir, { recursive: true, force: true });
    return { ...result, calls };
  }

  test("the gate is its own job, before production's environment and its reviewers: a manual production deploy needs it", () => {
    expect(job.env?.VERIFIED_FIRST_IN).toBe("staging");
    expect(job.environment).toBeUndefined();
    expect(job.permissions).toEqual({ actions: "read" });
    expect(needsOf(jobs["deploy-production"])).toContain("staging-verified");
    expect(gate.run).not.toContain("${{");
    // no deploy job carries a copy of it
    for (const id of ["deploy-staging", "deploy-production"]) expect(jobs[id].steps.map((s) => s.name)).not.toContain(gate.name);
  });

  test("a manual production run goes on when an earlier run of this commit verified staging", () => {
    const result = runGate({ "41": [{ name: "deploy (staging)", conclusion: "success" }], "42": [{ name: "verify (staging)", conclusion: "success" }] });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`verify (staging) passed for ${SHA} (run 42)`);
    expect(result.calls).toContain(`repos/${REPOSITORY}/actions/runs?head_sha=${SHA}`);
  });

  test.each([
    ["staging's verify failed", { "42": [{ name: "deploy (staging)", conclusion: "success" }, { name: "verify (staging)", conclusion: "failure" }] }],
    ["the only passing 'verify (staging)' is another workflow's", { [OTHER_WORKFLOW_RUN]: [{ name: "verify (staging)", conclusion: "success" }] }],
    ["the only passing 'verify (staging)' ran on another branch", { [OTHER_BRANCH_RUN]: [{ name: "verify (staging)", conclusion: "success" }] }],
    ["staging was deployed but never verified", { "42": [{ name: "deploy (staging)", conclusion: "success" }] }],
    ["no run of this commit at all", {}],
  ])("a manual production run is refused when %s", (_, runs) => {
    const result = runGate(runs as Record<string, { name: string; conclusion: string }[]>);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error::No successful 'verify (staging)' job for ${SHA}: deploy and verify this commit in staging first`);
  });
});

describe.each(["deploy-staging", "deploy-production"])("%s applies only the tip of the branch", (id) => {
  const TIP = "1111111111111111111111111111111111111111";
  const OLDER = "2222222222222222222222222222222222222222";
  const job = jobs[id];
  const guard = job.steps.find((s) => s.name === "Refuse a commit that is no longer the tip of the branch");

  /** Runs the guard step as the runner would (bash -e), with a fake `gh` answering the branch's tip. */
  function runGuard(sha: string, gh = `echo "$*" >> "$FAKE_LOG"; echo ${TIP}`) {
    const fake = fakeBin({ gh });
    const log = join(fake.dir, "gh.log");
    const env = { ...fake.env, ...guard?.env, FAKE_LOG: log, GITHUB_REPOSITORY: REPOSITORY, GITHUB_REF: "refs/heads/main", GITHUB_SHA: sha };
    const result = spawnSync("bash", ["-e", "-c", guard?.run ?? "exit 99"], { cwd: fake.dir, env, encoding: "utf8" });
    const calls = existsSync(log) ? readFileSync(log, "utf8") : "";
    rmSync(fake.dir, { recursive: true, force: true });
    return { ...result, calls };
  }

  test("the check runs before the apply, and reads the commit and ref through env, not ${{ }} in the script", () => {
    const apply = stepRunning(job, "bash .ci/stacks deploy");
    expect(guard).toBeDefined();
    expect(job.steps.indexOf(guard!)).toBeLessThan(job.steps.indexOf(apply!));
    expect(guard?.run).not.toContain("${{");
  });

  test("a run of the branch's current tip goes on, having asked GitHub for the tip of refs/heads/main", () => {
    const result = runGuard(TIP);
    expect(result.status).toBe(0);
    expect(result.calls).toContain(`repos/${REPOSITORY}/git/ref/heads/main`);
  });

  test("a run of an older commit (the branch moved while it waited) fails before applying", () => {
    const result = runGuard(OLDER);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error::refs/heads/main is at ${TIP} now, not ${OLDER}`);
  });

  test("a run that cannot read the tip fails rather than applying", () => {
    expect(runGuard(TIP, "echo 'HTTP 403' >&2; exit 1").status).not.toBe(0);
  });
});

// The step's filter is jq (gh --jq); GitHub's runners have it, a bare machine may not: there the filter goes untested.
const jqOnPath = spawnSync("jq", ["--version"]).status === 0;

(jqOnPath ? describe : describe.skip)("the comment job updates only the workflow's own comment (needs jq)", () => {
  const MARKER = "<!-- braveheart-review-report:staging -->";
  const post = jobs.comment.steps.find((s) => s.name === "Post or update the review comment");
  /** `gh`: logs its arguments; for the comment listing, applies the --jq filter to $FAKE_COMMENTS as gh would. */
  const FAKE_GH = `
echo "$*" >> "$FAKE_LOG"
if [ "$2" = --paginate ]; then
  while [ $# -gt 0 ]; do if [ "$1" = --jq ]; then filter="$2"; fi; shift; done
  jq -r "$filter" "$FAKE_COMMENTS"
fi`;

  /** Runs the step's script (bash -e, as the runner does) over these existing comments; returns the gh calls. */
  function postOver(comments: object[]): { status: number | null; calls: string[] } {
    const fake = fakeBin({ gh: FAKE_GH });
    mkdirSync(join(fake.dir, "review"));
    writeFileSync(join(fake.dir, "review/comment.md"), `${MARKER}\n## Plan: staging\n`);
    writeFileSync(join(fake.dir, "comments.json"), JSON.stringify(comments));
    const log = join(fake.dir, "gh.log");
    const env = { ...fake.env, GH_TOKEN: "t", PR: "7", REPO: REPOSITORY, ENVIRONMENT: "staging", FAKE_LOG: log, FAKE_COMMENTS: join(fake.dir, "comments.json") };
    const result = spawnSync("bash", ["-e", "-c", post?.run ?? "exit 99"], { cwd: fake.dir, env, encoding: "utf8" });
    const calls = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
    rmSync(fake.dir, { recursive: true, force: true });
    return { status: result.status, calls: calls.slice(1) };
  }
  const bot = (id: number) => ({ id, user: { login: "github-actions[bot]" }, body: `${MARKER}\n## Plan: staging\nold` });
  const person = (id: number) => ({ id, user: { login: "pr-author" }, body: `${MARKER}\nI copied the report to discuss it` });

  test("edits the bot's marked comment, not a later one a person wrote starting with the same marker", () => {
    // GIVEN the bot's report comment, then a comment by the PR author that starts with the marker
    const result = postOver([bot(101), person(202)]);
    // THEN the bot's comment is the one updated (the token may not edit the author's: 403)
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([expect.stringMatching(new RegExp(`^api --method PATCH repos/${REPOSITORY}/issues/comments/101 `))]);
  });

  test("posts a new comment when only a person's comment carries the marker", () => {
    const result = postOver([person(202)]);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([expect.stringMatching(new RegExp(`^api --method POST repos/${REPOSITORY}/issues/7/comments `))]);
  });
});

describe("the deploy applies the plans reviewed on the pull request", () => {
  const planStep = stepRunning(jobs.plan, "bash .ci/stacks plan $STACKS")!;
  const treeStep = jobs.plan.steps.find((s) => s.id === "tree")!;
  const upload = jobs.plan.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.path === "cdktf.out/plans/");

  test("the plan job saves its plans as an artifact named after the environment and the source tree", () => {
    expect(treeStep.run).toBe(`echo "tree=$(git rev-parse 'HEAD^{tree}')" >> "$GITHUB_OUTPUT"`);
    expect(upload?.with?.name).toBe("plans-${{ matrix.environment }}-${{ steps.tree.outputs.tree }}");
    const order = [planStep, treeStep, upload!].map((s) => jobs.plan.steps.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Plans hold state values: not kept for long
    expect(Number(upload?.with?.["retention-days"])).toBeLessThanOrEqual(14);
  });

  test.each(["deploy-staging", "deploy-production"])("%s fetches that artifact for its own tree and environment before applying", (id) => {
    const job = jobs[id];
    const fetch = job.steps.find((s) => s.name === "Fetch the plans reviewed on the pull request")!;
    const apply = stepRunning(job, "bash .ci/stacks deploy $STACKS")!;
    expect(fetch.run).toContain(`name="plans-$ENVIRONMENT-$(git rev-parse 'HEAD^{tree}')"`);
    expect(job.steps.indexOf(fetch)).toBeLessThan(job.steps.indexOf(apply));
    expect(job.env?.ENVIRONMENT).toBe(id.replace("deploy-", ""));
  });

  /** Runs the fetch step (bash -e) in a git repository, with a fake gh: the artifacts listing through jq, the zip. */
  function fetchWith(artifacts: object[]) {
    const fetch = jobs["deploy-staging"].steps.find((s) => s.name === "Fetch the plans reviewed on the pull request")!;
    const fake = fakeBin({
      gh: `echo "$*" >> "$FAKE_LOG"
case "$2" in
  *"/actions/artifacts?name="*) while [ $# -gt 0 ]; do if [ "$1" = --jq ]; then filter="$2"; fi; shift; done; jq -r "$filter" "$FAKE_ARTIFACTS" ;;
  */zip) cat "$FAKE_ZIP" ;;
esac`,
    });
    const repo = join(fake.dir, "repo");
    mkdirSync(join(fake.dir, "zip"), { recursive: true });
    writeFileSync(join(fake.dir, "zip/production-phase1.tfplan"), "plan");
    spawnSync("zip", ["-q", join(fake.dir, "artifact.zip"), "production-phase1.tfplan"], { cwd: join(fake.dir, "zip") });
    mkdirSync(repo);
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, encoding: "utf8" });
    git("init", "-q");
    git("commit", "-q", "--allow-empty", "-m", "x");
    const tree = git("rev-parse", "HEAD^{tree}").stdout.trim();
    writeFileSync(join(fake.dir, "artifacts.json"), JSON.stringify({ artifacts }));
    const log = join(fake.dir, "gh.log");
    const env = {
      ...fake.env,
      ENVIRONMENT: "staging",
      GITHUB_REPOSITORY: REPOSITORY,
      RUNNER_TEMP: fake.dir,
      FAKE_LOG: log,
      FAKE_ARTIFACTS: join(fake.dir, "artifacts.json"),
      FAKE_ZIP: join(fake.dir, "artifact.zip"),
    };
    const result = spawnSync("bash", ["-e", "-c", fetch.run!], { cwd: repo, env, encoding: "utf8" });
    const calls = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
    const fetched = existsSync(join(repo, "cdktf.out/plans/production-phase1.tfplan"));
    rmSync(fake.dir, { recursive: true, force: true });
    return { result, calls, tree, fetched };
  }
  const artifact = (id: number, fromFork: boolean, expired = false) => ({ id, expired, workflow_run: { repository_id: 1, head_repository_id: fromFork ? 2 : 1 } });

  (jqOnPath ? test : test.skip)("takes this repository's artifact, never a fork's of the same name, and unpacks it where .ci/stacks reads", () => {
    const { result, calls, tree, fetched } = fetchWith([artifact(9, true), artifact(8, false, true), artifact(7, false)]);
    expect(result.status).toBe(0);
    expect(calls[0]).toContain(`repos/${REPOSITORY}/actions/artifacts?name=plans-staging-${tree}&`);
    expect(calls[1]).toBe(`api repos/${REPOSITORY}/actions/artifacts/7/zip`);
    expect(fetched).toBe(true);
  });

  (jqOnPath ? test : test.skip)("with no reviewed plan for this tree (only a fork's, or none), the deploy fails before any apply", () => {
    for (const artifacts of [[], [artifact(9, true)]]) {
      const { result, calls, fetched } = fetchWith(artifacts);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^::error::No reviewed plan plans-staging-[0-9a-f]{40}: plan this commit's tree on a pull request/m);
      expect(calls).toHaveLength(1);
      expect(fetched).toBe(false);
    }
  });
});

describe.each([
  ["s3", "s3", "", true],
  ["cloud, local execution", "cloud", "TF_TOKEN_app_terraform_io", true],
  ["cloud, remote execution", "cloud", "TF_TOKEN_app_terraform_io", false],
  ["cloud, agent execution on a private host", "cloud", "TF_TOKEN_tfe_braveheart__tech_com", false],
])("state and credentials with a %s backend", (_name, backend, tokenVariable, awsOnRunner) => {
  const outputs = { backend, tf_token_variable: tokenVariable, aws_on_runner: String(awsOnRunner), region: "eu-west-2" };
  /** Whether a step runs, after the env and gate steps produced these outputs (the gate decided to plan). */
  const stepRuns = (step: Step | undefined) => {
    const context = { values: { steps: { env: { outputs }, gate: { outputs: { skip: "" } } } }, status: { success: true, failure: false, cancelled: false } };
    const value = evaluate(step?.if ?? "true", context);
    return value !== false && value !== "" && value !== null;
  };

  test.each(["plan", "deploy-staging", "deploy-production"])("%s assumes an AWS role only where terraform runs on the runner, and sets the token for the configured host", (id) => {
    const job = jobs[id];
    // Every AWS credentials step, not only the first: with remote or agent execution Terraform Cloud's dynamic
    // credentials are the only AWS credentials (TerraformCloudRoles), and no role ARN is read from GitHub.
    expect(awsStepsOf(job).length).toBeGreaterThan(0);
    expect(awsStepsOf(job).map((step) => stepRuns(step))).toEqual(awsStepsOf(job).map(() => awsOnRunner));
    const readsRoleArn = job.steps.filter((s) => /ROLE_ARN|plan-role-arn/.test(JSON.stringify(s)) && s.id !== "gate");
    expect(readsRoleArn.length).toBeGreaterThan(0);
    expect(readsRoleArn.filter((step) => stepRuns(step)).map((step) => step.name)).toEqual(awsOnRunner ? readsRoleArn.map((step) => step.name) : []);
    const tokenStep = job.steps.find((s) => s.name?.startsWith("Terraform Cloud token"));
    expect(stepRuns(tokenStep)).toBe(backend === "cloud");
    // No job hard-codes one host's variable any more
    expect(Object.keys(job.env ?? {}).filter((k) => k.startsWith("TF_TOKEN_"))).toEqual([]);
    if (backend !== "cloud") return;
    // WHEN the token step runs (bash -e, as the runner does), THEN $GITHUB_ENV gets the host's variable
    const fake = fakeBin({});
    const githubEnv = join(fake.dir, "github-env");
    // The step's env as GitHub evaluates it (the plan job: its staging entry, whose token is a repository secret)
    const envWith = (token: string) =>
      stepEnv(tokenStep!, {
        matrix: planMatrix()[0],
        secrets: token ? { TF_API_TOKEN: token, TF_PLAN_API_TOKEN_STAGING: token } : {},
        steps: { env: { outputs } },
      });
    const run = (token: string) => spawnSync("bash", ["-e", "-c", tokenStep!.run!], { env: { ...fake.env, ...envWith(token), GITHUB_ENV: githubEnv }, encoding: "utf8" });
    expect(envWith("secret-token").TOKEN_VARIABLE).toBe(tokenVariable);
    expect(run("secret-token").status).toBe(0);
    expect(readFileSync(githubEnv, "utf8")).toBe(`${tokenVariable}=secret-token\n`);
    const missing = run("");
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(id === "plan" ? /^::error::The secret TF_PLAN_API_TOKEN_STAGING is not set \(docs/ : /^::error::The environment secret TF_API_TOKEN is not set/);
    rmSync(fake.dir, { recursive: true, force: true });
  });

  test("the plan job needs PLAN_ROLE_ARN only where terraform runs on the runner", () => {
    const gate = jobs.plan.steps.find((s) => s.id === "gate")!;
    const fake = fakeBin({});
    const out = join(fake.dir, "out");
    const env = { ...fake.env, ENVIRONMENT: "staging", BACKEND: backend, AWS_ON_RUNNER: String(awsOnRunner), PLAN_ROLE_ARN: "", FROM_FORK: "false", GITHUB_OUTPUT: out, RUNNER_TEMP: fake.dir };
    expect(spawnSync("bash", ["-e", "-c", gate.run!], { env }).status).toBe(0);
    const skip = readFileSync(out, "utf8").trim();
    rmSync(fake.dir, { recursive: true, force: true });
    expect(skip).toBe(awsOnRunner ? "skip=the repository variable PLAN_ROLE_ARN_STAGING is not set (docs/ci.md)" : "skip=");
  });
});

describe("Terraform Cloud plan tokens: production's stays behind the approval environment", () => {
  // GitHub's scoping of secrets: a job sees the repository's (and organization's) secrets, plus, only when it declares
  // an environment (after that environment's reviewers approved), that environment's secrets, which win on a name clash.
  const STAGING_TOKEN = "staging-plan-token";
  const PRODUCTION_TOKEN = "production-plan-token";
  const REPOSITORY_SECRETS: Record<string, string> = { TF_PLAN_API_TOKEN_STAGING: STAGING_TOKEN };
  const ENVIRONMENT_SECRETS: Record<string, Record<string, string>> = {
    "production-plan": { TF_PLAN_API_TOKEN: PRODUCTION_TOKEN },
    staging: { TF_API_TOKEN: "staging-apply-token" },
    production: { TF_API_TOKEN: "production-apply-token" },
  };
  const outputs = { backend: "cloud", tf_token_variable: "TF_TOKEN_app_terraform_io", aws_on_runner: "false", region: "eu-west-2" };
  const tokenStep = jobs.plan.steps.find((s) => s.name === "Terraform Cloud token (plan-only)")!;
  const entry = (env: ShippedEnvironment) => planMatrix().find((e) => e.environment === env)!;

  /** The context of the plan job's matrix entry: its environment, as GitHub evaluates `environment:`, decides its secrets. */
  function contextOf(env: ShippedEnvironment, repositorySecrets = REPOSITORY_SECRETS, environmentSecrets = ENVIRONMENT_SECRETS) {
    const matrix = entry(env);
    const environment = interpolate(jobs.plan.environment!, { matrix });
    const secrets = { ...repositorySecrets, ...(environmentSecrets[environment] ?? {}) };
    return { environment, values: { matrix, secrets, github: { event_name: "pull_request" }, steps: { env: { outputs }, gate: { outputs: { skip: "" } } } } };
  }
  /** Runs the token step as the runner would (bash -e): its exit status, its log, what it put in $GITHUB_ENV. */
  function runTokenStep(env: ShippedEnvironment, repositorySecrets?: Record<string, string>, environmentSecrets?: Record<string, Record<string, string>>) {
    const fake = fakeBin({});
    const githubEnv = join(fake.dir, "github-env");
    const result = spawnSync("bash", ["-e", "-c", tokenStep.run!], {
      env: { ...fake.env, ...stepEnv(tokenStep, contextOf(env, repositorySecrets, environmentSecrets).values), GITHUB_ENV: githubEnv },
      encoding: "utf8",
    });
    const written = existsSync(githubEnv) ? readFileSync(githubEnv, "utf8") : "";
    rmSync(fake.dir, { recursive: true, force: true });
    return { status: result.status, stdout: result.stdout, written };
  }
  /** Every value the plan job's steps are given (env, with, if) for one matrix entry, evaluated. */
  const everyValueOf = (env: ShippedEnvironment) => {
    const { values } = contextOf(env);
    return jobs.plan.steps.flatMap((step) => [...Object.values(step.env ?? {}), ...Object.values(step.with ?? {}), step.if ?? ""].map((v) => interpolate(String(v), values)));
  };

  test("staging's plan runs in no environment and reads the staging token; production's runs in production-plan and reads its own", () => {
    expect(contextOf("staging").environment).toBe("");
    expect(contextOf("production").environment).toBe(configFor("production").ci.planApprovalEnvironment);
    expect(tokenStep.env?.TOKEN).toBe("${{ secrets[matrix.plan-token-secret] }}");
    expect(runTokenStep("staging")).toEqual({ status: 0, stdout: "", written: `TF_TOKEN_app_terraform_io=${STAGING_TOKEN}\n` });
    expect(runTokenStep("production")).toEqual({ status: 0, stdout: "", written: `TF_TOKEN_app_terraform_io=${PRODUCTION_TOKEN}\n` });
  });

  test("no value of the staging plan job is production's plan token, nor any apply token: they are outside its secrets", () => {
    const values = everyValueOf("staging");
    expect(values).toContain(STAGING_TOKEN);
    for (const token of [PRODUCTION_TOKEN, "staging-apply-token", "production-apply-token"]) expect(values).not.toContain(token);
    // and production's plan job holds its own token only, never staging's or an apply token
    expect(everyValueOf("production")).toContain(PRODUCTION_TOKEN);
    expect(everyValueOf("production")).not.toContain("production-apply-token");
  });

  test("the only job whose secrets can hold TF_PLAN_API_TOKEN is the one in the approval environment", () => {
    // GIVEN every job's environment (the plan job's per matrix entry)
    const environments = [
      ...planMatrix().map((e) => ({ job: `plan (${e.environment})`, environment: contextOf(e.environment).environment })),
      ...Object.entries(jobs).filter(([id]) => id !== "plan").map(([id, job]) => ({ job: id, environment: job.environment ?? "" })),
    ];
    // THEN TF_PLAN_API_TOKEN, an environment secret, is in reach of plan (production) alone
    expect(environments.filter(({ environment }) => "TF_PLAN_API_TOKEN" in (ENVIRONMENT_SECRETS[environment] ?? {})).map((e) => e.job)).toEqual(["plan (production)"]);
    expect(entry("production")["plan-token-secret"]).toBe("TF_PLAN_API_TOKEN");
    expect(entry("staging")["plan-token-secret"]).toBe("TF_PLAN_API_TOKEN_STAGING");
  });

  test("a repository secret TF_PLAN_API_TOKEN (left from the single token, readable by every pull request) stops the staging plan", () => {
    const result = runTokenStep("staging", { ...REPOSITORY_SECRETS, TF_PLAN_API_TOKEN: PRODUCTION_TOKEN });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^::error::A repository or organization secret TF_PLAN_API_TOKEN exists: every pull request can read it\. Delete it;/);
    expect(result.written).toBe("");
    // in production-plan the environment secret wins over it, and the plan goes on with production's token
    expect(runTokenStep("production", { ...REPOSITORY_SECRETS, TF_PLAN_API_TOKEN: "stale" }).written).toBe(`TF_TOKEN_app_terraform_io=${PRODUCTION_TOKEN}\n`);
  });

  test.each([
    ["staging", /^::error::The secret TF_PLAN_API_TOKEN_STAGING is not set \(docs\/ci\.md\)$/m],
    ["production", /^::error::The secret TF_PLAN_API_TOKEN is not set in the GitHub environment production-plan \(docs\/ci\.md\)$/m],
  ] as const)("a missing %s plan token fails the step, naming the secret and where it belongs", (env, message) => {
    const result = runTokenStep(env, {}, {});
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(message);
    expect(result.written).toBe("");
  });
});

describe("job gating", () => {
  test("a pull request is verified, planned and commented on, and deploys nothing", () => {
    expect(ran(simulate({ event: "pull_request", ref: "refs/pull/7/merge" }))).toEqual(["verify", "plan", "comment"]);
  });

  test("a pull request from a fork is planned but not commented on (its token is read-only)", () => {
    expect(ran(simulate({ event: "pull_request", ref: "refs/pull/7/merge", fromFork: true }))).toEqual(["verify", "plan"]);
  });

  test("a failed plan is still reported on the pull request", () => {
    expect(simulate({ event: "pull_request", ref: "refs/pull/7/merge", failing: ["plan"] }).comment).toBe("success");
  });

  test("a pull request that fails verify is neither planned nor commented on", () => {
    expect(ran(simulate({ event: "pull_request", ref: "refs/pull/7/merge", failing: ["verify"] }))).toEqual(["verify"]);
  });

  test("a push to main deploys staging, verifies it, then deploys and verifies production", () => {
    expect(ran(simulate({ event: "push", ref: "refs/heads/main" }))).toEqual(["verify", "deploy-staging", "verify-staging", "deploy-production", "verify-production"]);
    expect(needsOf(jobs["deploy-production"])).toEqual(expect.arrayContaining(["deploy-staging", "verify-staging"]));
  });

  test("production is not deployed when staging's deploy failed", () => {
    const results = simulate({ event: "push", ref: "refs/heads/main", failing: ["deploy-staging"] });
    expect(results["verify-staging"]).toBe("skipped");
    expect(results["deploy-production"]).toBe("skipped");
  });

  test("production is not deployed when staging's smoke tests failed", () => {
    const results = simulate({ event: "push", ref: "refs/heads/main", failing: ["verify-staging"] });
    expect(ran(results)).toEqual(["verify", "deploy-staging", "verify-staging"]);
    expect(results["deploy-production"]).toBe("skipped");
  });

  test("a failed production deploy is not verified", () => {
    expect(simulate({ event: "push", ref: "refs/heads/main", failing: ["deploy-production"] })["verify-production"]).toBe("skipped");
  });

  test("nothing is deployed when verify failed", () => {
    expect(ran(simulate({ event: "push", ref: "refs/heads/main", failing: ["verify"] }))).toEqual(["verify"]);
    expect(ran(simulate({ event: "workflow_dispatch", ref: "refs/heads/main", inputs: { environment: "production" }, failing: ["verify"] }))).toEqual([
      "verify",
    ]);
  });

  test.each(ENVIRONMENTS)("a manual run from main deploys only the chosen environment (%s)", (env) => {
    const results = simulate({ event: "workflow_dispatch", ref: "refs/heads/main", inputs: { environment: env } });
    // production first asks whether this commit was verified in staging (its own job, before the reviewers)
    expect(ran(results)).toEqual(env === "production" ? ["verify", "staging-verified", "deploy-production", "verify-production"] : ["verify", "deploy-staging", "verify-staging"]);
  });

  test("a manual production run whose commit staging never verified deploys nothing: refused before production's reviewers are asked", () => {
    const results = simulate({ event: "workflow_dispatch", ref: "refs/heads/main", inputs: { environment: "production" }, failing: ["staging-verified"] });
    expect(ran(results)).toEqual(["verify", "staging-verified"]);
    expect(results["deploy-production"]).toBe("skipped");
  });

  test.each(ENVIRONMENTS)("a manual run from any other branch deploys nothing (%s)", (env) => {
    expect(ran(simulate({ event: "workflow_dispatch", ref: "refs/heads/feature", inputs: { environment: env } }))).toEqual(["verify"]);
  });
});

describe.each(ENVIRONMENTS)("verify-%s: smoke tests after the deploy", (env) => {
  const job = jobs[`verify-${env}`];

  test("runs npm run verify on what ci.targetPhase deployed, through the environment's preview name", () => {
    expect(job.needs).toBe(`deploy-${env}`);
    expect(job.env?.BRAVEHEART_CONFIG).toBe(`config/${env}.yaml`);
    // --deployed: the services of the applied phases; no --base-url, so the preview name new.<zone> (scripts/verify.ts)
    expect(stepRunning(job, "npm run --silent verify")?.run).toBe("npm run --silent verify -- --deployed --report verify-report.json");
    expect(job.steps.map((s) => s.run ?? "").join("\n")).not.toContain("--base-url");
  });

  test("holds no AWS credentials and no secret, keeps the report even when a check failed, and is bounded", () => {
    expect(awsStepsOf(job)).toEqual([]);
    expect(JSON.stringify(job)).not.toContain("secrets.");
    const keep = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(keep).toMatchObject({ if: "${{ !cancelled() }}", with: { path: "verify-report.json" } });
    expect(job["timeout-minutes"]).toBeLessThanOrEqual(30);
  });

  test("both verify jobs run identical steps", () => {
    const other = env === "staging" ? "production" : "staging";
    expect(job.steps.map((s) => JSON.stringify(s).replaceAll(env, "ENV"))).toEqual(jobs[`verify-${other}`].steps.map((s) => JSON.stringify(s).replaceAll(other, "ENV")));
  });
});

describe("concurrency", () => {
  const cancels = (event: string) =>
    evaluate(workflow.concurrency["cancel-in-progress"], { values: { github: { event_name: event } }, status: { success: true, failure: false, cancelled: false } });

  test("a newer push cancels an older pull-request run but never a run on main or a manual one", () => {
    expect([cancels("pull_request"), cancels("push"), cancels("workflow_dispatch")]).toEqual([true, false, false]);
  });

  test("runs are grouped per ref and environment", () => {
    expect(workflow.concurrency.group).toContain("${{ github.ref }}");
    expect(workflow.concurrency.group).toContain("inputs.environment");
  });

  test.each(ENVIRONMENTS)("two applies of %s never run at once and a running one is never cancelled", (env) => {
    expect(jobs[`deploy-${env}`].concurrency).toEqual({ group: `deploy-${env}`, "cancel-in-progress": false });
  });
});

describe("OIDC: the subjects the jobs present match the roles that trust them", () => {
  test.each(ENVIRONMENTS)("the %s deploy job runs in the GitHub environment its deploy role trusts", (env) => {
    // GIVEN the deploy role's only subject, repo:<repository>:environment:<config.environment>
    // (stacks/preparation-stack.ts passes githubEnvironment: config.environment)
    const job = jobs[`deploy-${env}`];
    // THEN the job declares that environment (its token's subject) and assumes the environment's DEPLOY_ROLE_ARN
    expect(job.environment).toBe(configFor(env).environment);
    expect(awsStepsOf(job).map((s) => s.with?.["role-to-assume"])).toEqual(["${{ vars.DEPLOY_ROLE_ARN }}"]);
  });

  test.each(ENVIRONMENTS)("the %s deploy job's credentials last as long as the job may run, within what the role allows", (env) => {
    // GIVEN the deploy job and its credentials step (the default session, 1 hour, can expire mid-apply)
    const job = jobs[`deploy-${env}`];
    const seconds = awsStepsOf(job)[0].with?.["role-duration-seconds"];
    // THEN it asks for 2 hours: no less than the job's timeout, no more than the role's maximum session
    expect(seconds).toBe(7200);
    expect(seconds).toBeGreaterThanOrEqual(job["timeout-minutes"]! * 60);
    expect(seconds).toBeLessThanOrEqual(GithubDeployRole.MAX_SESSION_SECONDS);
  });

  test("the plan job declares no deploy environment and never asks for the deploy role", () => {
    // GIVEN a pull-request job without an environment: its subject is repo:<repository>:pull_request, which the
    // deploy role does not trust (and must not: pull-request code would run with deploy rights)
    const plan = jobs.plan;
    // THEN it assumes a separate, read-only plan role per environment, from repository variables
    // Only the approval environments of config ci.planApprovalEnvironment, never a deploy environment
    expect(plan.environment).toBe("${{ matrix.plan-environment }}");
    expect(JSON.stringify(plan)).not.toContain("DEPLOY_ROLE_ARN");
    expect(JSON.stringify(plan)).not.toContain("secrets.TF_API_TOKEN");
    expect(awsStepsOf(plan).map((s) => s.with?.["role-to-assume"])).toEqual(["${{ matrix.plan-role-arn }}"]);
    expect(plan.strategy?.matrix.include).toEqual([
      { environment: "staging", "plan-role-arn": "${{ vars.PLAN_ROLE_ARN_STAGING }}", "plan-environment": "", "plan-token-secret": "TF_PLAN_API_TOKEN_STAGING" },
      {
        environment: "production",
        "plan-role-arn": "${{ vars.PLAN_ROLE_ARN_PRODUCTION }}",
        "plan-environment": "production-plan",
        "plan-token-secret": "TF_PLAN_API_TOKEN",
      },
    ]);
    for (const entry of plan.strategy!.matrix.include as { environment: ShippedEnvironment; "plan-environment": string }[]) {
      expect({ env: entry.environment, planEnvironment: entry["plan-environment"] }).toEqual({
        env: entry.environment,
        planEnvironment: configFor(entry.environment).ci.planApprovalEnvironment ?? "",
      });
      expect(["staging", "production"]).not.toContain(entry["plan-environment"]);
    }
  });

  test.each(ENVIRONMENTS)("the %s plan role trusts the subject the plan job presents, for as long as the job runs", (env) => {
    // GIVEN the plan role the preparation stack builds from the environment's config
    const config = configFor(env);
    const synth = JSON.parse(
      Testing.synthScope(
        (scope) =>
          new GithubPlanRole(scope, "CiPlanRole", {
            namePrefix: "x",
            accountId: "111111111111",
            region: config.region,
            environment: config.environment,
            repository: config.ci.githubRepository,
            oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
            backend: config.backend,
            approvalEnvironment: config.ci.planApprovalEnvironment,
          }),
      ),
    );
    const trust = JSON.parse(Object.values<any>(synth.resource.aws_iam_role)[0].assume_role_policy).Statement[0];
    // THEN its only subject is the one the plan job presents: the approval environment's (production), or a
    // pull_request job's without an environment (staging)
    const matrixEntry = (jobs.plan.strategy!.matrix.include as { environment: string; "plan-environment": string }[]).find((e) => e.environment === env)!;
    const expected = matrixEntry["plan-environment"] ? `repo:${REPOSITORY}:environment:${matrixEntry["plan-environment"]}` : `repo:${REPOSITORY}:pull_request`;
    expect(trust.Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe(expected);
    expect(env === "production" ? expected.endsWith(":environment:production-plan") : expected.endsWith(":pull_request")).toBe(true);
    // AND the job takes the default 1-hour session, which the role allows and the job's timeout does not outlast
    expect(awsStepsOf(jobs.plan)[0].with?.["role-duration-seconds"]).toBeUndefined();
    expect(jobs.plan["timeout-minutes"]! * 60).toBeLessThanOrEqual(GithubPlanRole.MAX_SESSION_SECONDS);
  });
});

describe("pinned tools", () => {
  test("every third-party action is pinned to a full commit SHA with its tag in a comment", () => {
    const uses = source.split("\n").filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line.trim()).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test("terraform is installed without the wrapper that would alter the output cdktf parses", () => {
    const setups = Object.values(jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith("hashicorp/setup-terraform@")));
    expect(setups).toHaveLength(4);
    for (const step of setups) expect(step.with).toEqual({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
  });

  test("the pinned terraform satisfies the required_version every stack declares", () => {
    // GIVEN the required_version a phase stack synthesizes
    class Probe extends PhaseStack {}
    const stack = new Probe(Testing.app(), "preparation", { config: configFor("staging") });
    const constraint: string = JSON.parse(Testing.synth(stack)).terraform.required_version;
    // THEN the workflow's terraform version meets every `>= x.y.z` clause of it (and it has no other kind)
    const clauses = constraint.split(",").map((c) => c.trim());
    const version = workflow.env.TERRAFORM_VERSION.split(".").map(Number);
    for (const clause of clauses) {
      const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(clause);
      expect(match).not.toBeNull();
      const minimum = match!.slice(1).map(Number);
      const cmp = version.map((n, i) => n - minimum[i]).find((d) => d !== 0) ?? 0;
      expect({ clause, satisfied: cmp >= 0 }).toEqual({ clause, satisfied: true });
    }
  });
});
