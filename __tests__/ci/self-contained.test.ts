// A static guard for issue 23 (a clone needs nothing outside itself), beside the dynamic proof (.ci/run runs the
// whole suite in a copy of the repository with nothing beside it, __tests__/ci/run.test.ts): no file git would commit
// names the development machine's shared directory beside the checkout, or any absolute /work/ path, except the docs
// that explain the relationship. A reference that only runs in some branch of the code, or only in a command the
// tests do not run, would slip past the dynamic proof; it cannot slip past this.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";

/** `..` + `/shared` (the directory beside the checkout on the development machine), or a path starting at /work/. */
const OUTSIDE = String.raw`\.\./shared|(^|[^[:alnum:]_.-])/work/`;

/**
 * Which files may name them, and why. Everything else git would commit (tracked, and new files not ignored: what the
 * copy .ci/self-contained makes holds) is searched, text files only.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  docs: "the docs explain where the schema and the guides came from",
  "README.md": "the same, for users",
  "__tests__/ci/run.test.ts": "puts a fake ../shared beside the checkout to prove the test step cannot read it",
  "__tests__/ci/self-contained.test.ts": "this guard: its pattern and its planted example",
};

/** `file:line:text` of every reference outside the repository in the files git would commit under `root`. */
function referencesOutside(root: string): string[] {
  const exclude = Object.keys(ALLOWED).map((path) => `:(exclude)${path}`);
  const result = spawnSync("git", ["grep", "--untracked", "-n", "-I", "-E", "-e", OUTSIDE, "--", ".", ...exclude], { cwd: root, encoding: "utf8" });
  // git grep exits 1 when nothing matched; anything else (not a repository, a bad pattern) must fail the test.
  if (result.status !== 0 && result.status !== 1) throw new Error(`git grep in ${root} failed (exit ${result.status}): ${result.stderr}`);
  return result.stdout.split("\n").filter((line) => line !== "");
}

test("no source, script, config or test git would commit names ../shared or a /work/ path (docs aside)", () => {
  expect(referencesOutside(REPO_ROOT)).toEqual([]);
});

test("the guard finds such a reference in code, not in the docs, and sees new files git does not track yet", () => {
  const root = mkdtempSync(join(tmpdir(), "braveheart-self-contained-"));
  try {
    spawnSync("git", ["init", "-q"], { cwd: root });
    mkdirSync(join(root, "scripts"));
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "scripts/schema.ts"), 'const schema = readFileSync(join(REPO_ROOT, "../shared/aws.schema.json.gz"));\n');
    writeFileSync(join(root, "scripts/hook.sh"), "cp /work/main/config/staging.yaml .\n");
    // Relative, not a path starting at /work/.
    writeFileSync(join(root, "scripts/paths.ts"), 'const notes = "homework/work/notes";\n');
    writeFileSync(join(root, "docs/ci.md"), "The schema used to come from ../shared/.\n");
    writeFileSync(join(root, ".gitignore"), "ignored.ts\n");
    writeFileSync(join(root, "ignored.ts"), 'import "../shared/x";\n');
    expect(referencesOutside(root)).toEqual([
      'scripts/hook.sh:1:cp /work/main/config/staging.yaml .',
      'scripts/schema.ts:1:const schema = readFileSync(join(REPO_ROOT, "../shared/aws.schema.json.gz"));',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
