// Rules every workflow in .github/workflows/ keeps (infrastructure.yml and the reusable publish-image.yml alike):
// third-party actions pinned by commit SHA, nothing granted by default and every job's permissions declared, an OIDC
// token only for a job that assumes an AWS role, no credentials left in git config, and no secret in a log: secrets
// reach steps only through `env:`/`with:`, never spliced into a script, and no script traces its commands.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../config/load";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
  readonly env?: Record<string, string>;
}

const DIR = resolve(REPO_ROOT, ".github/workflows");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
const load = (file: string) => {
  const source = readFileSync(join(DIR, file), "utf8");
  return { source, workflow: parse(source) as { permissions: unknown; jobs: Record<string, Job> } };
};

test("the rules below cover both workflows", () => {
  expect(FILES).toEqual(expect.arrayContaining(["infrastructure.yml", "publish-image.yml"]));
});

describe.each(FILES)("%s", (file) => {
  const { source, workflow } = load(file);
  const jobs = Object.entries(workflow.jobs);
  const steps = jobs.flatMap(([id, job]) => job.steps.map((step) => ({ id, step })));

  test("every action is pinned to a full commit SHA with its release tag in a comment", () => {
    const uses = source.split("\n").filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line.trim()).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test("grants nothing by default and every job declares its permissions", () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of jobs) expect({ id, declared: job.permissions !== undefined }).toEqual({ id, declared: true });
  });

  test("a job may mint an OIDC token only if it assumes an AWS role", () => {
    for (const [id, job] of jobs) {
      const assumes = job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect({ id, idToken: job.permissions?.["id-token"] === "write" }).toEqual({ id, idToken: assumes });
    }
  });

  test("no checkout leaves its token in the git config", () => {
    for (const { step } of steps.filter(({ step }) => step.uses?.startsWith("actions/checkout@"))) expect(step.with?.["persist-credentials"]).toBe(false);
  });

  test("no secret is spliced into a script (the runner masks a secret's value, not what a script builds from it)", () => {
    // `secrets.NAME` and `secrets[...]` (the plan job picks its token by name), anywhere inside the expression
    for (const { id, step } of steps) if (step.run) expect({ id, run: step.run }).toEqual({ id, run: expect.not.stringMatching(/\$\{\{[^}]*\bsecrets\s*[.[]/) });
  });

  test("no script traces its commands or prints its environment (set -x, env, printenv would log secrets' neighbours)", () => {
    for (const { id, step } of steps) {
      if (step.run) expect({ id, run: step.run }).toEqual({ id, run: expect.not.stringMatching(/set -[a-z]*x|^\s*(env|printenv)\s*$|bash -x/m) });
    }
  });
});

test("docs/ci.md's pinned-actions table lists exactly the pins the workflows use (action, tag, SHA)", () => {
  const pins = new Set<string>();
  for (const file of FILES) {
    for (const m of load(file).source.matchAll(/^\s*(?:- )?uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)$/gm)) pins.add(`${m[1]} ${m[3]} ${m[2]}`);
  }
  const doc = readFileSync(resolve(REPO_ROOT, "docs/ci.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Pinned actions"), doc.indexOf("\n## ", doc.indexOf("## Pinned actions") + 1));
  const rows = [...section.matchAll(/^\| ([\w.-]+\/[\w.-]+) \| (v[\d.]+) \| `([0-9a-f]{40})` \|$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.sort()).toEqual([...pins].sort());
});

describe("publish-image.yml, the workflow application repositories call", () => {
  const { workflow } = load("publish-image.yml");
  const on = (workflow as any).on;

  test("is reusable only (workflow_call) and needs the platform token as a declared secret", () => {
    expect(Object.keys(on)).toEqual(["workflow_call"]);
    expect(on.workflow_call.secrets["platform-pr-token"].required).toBe(true);
    expect(on.workflow_call.inputs["fail-on-severity"].default).toBe("HIGH");
  });

  test("no script holds a ${{ }} expression at all: inputs and ref names (caller-controlled) reach scripts through env", () => {
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) if (step.run) expect(step.run).not.toContain("${{");
  });

  test("the job that holds AWS credentials never sees the platform token, and the one with the token has no AWS", () => {
    expect(workflow.jobs.publish.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(JSON.stringify(workflow.jobs.publish)).not.toContain("secrets.");
    expect(workflow.jobs.propose.permissions).toEqual({ contents: "read" });
    expect(JSON.stringify(workflow.jobs.propose)).not.toContain("configure-aws-credentials");
  });

  test("builds with Buildx and pushes one immutable tag: the release tag on a tag run, else the commit SHA", () => {
    const publish = workflow.jobs.publish.steps;
    const buildx = publish.findIndex((s) => s.uses?.startsWith("docker/setup-buildx-action@"));
    const build = publish.findIndex((s) => s.uses?.startsWith("docker/build-push-action@"));
    expect(buildx).toBeGreaterThan(-1);
    expect(build).toBeGreaterThan(buildx);
    expect(publish[build].with).toMatchObject({ push: true, provenance: false });
    expect(publish[0].run).toContain('if [ "$REF_TYPE" = tag ]; then tag="$REF_NAME"; else tag="$COMMIT"; fi');
  });
});
