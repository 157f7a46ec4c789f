// `npm run cdktf -- <command>`: the cdktf CLI with CHECKPOINT_DISABLE=1, so it makes no telemetry call to
// checkpoint-api.hashicorp.com (offline, `npx cdktf synth` prints `[ERROR] ... getaddrinfo ENOTFOUND
// checkpoint-api.hashicorp.com` and goes on). cdktf.json has no such setting, and the app command's environment is
// not the CLI's own. npm runs a script as `sh -c "<script> <args>"`; so does this test, with a fake cdktf first on PATH.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { fakeBin } from "../ci/fake-bin";

test("npm run cdktf -- synth --hcl runs cdktf with the arguments and CHECKPOINT_DISABLE=1", () => {
  const script: string = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts.cdktf;
  const fake = fakeBin({ cdktf: 'echo "CHECKPOINT_DISABLE=${CHECKPOINT_DISABLE:-} cdktf $*"' });
  try {
    const { CHECKPOINT_DISABLE: _, ...env } = fake.env;
    const run = spawnSync("sh", ["-c", `${script} "$@"`, "sh", "synth", "--hcl"], { env, encoding: "utf8" });
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: "CHECKPOINT_DISABLE=1 cdktf synth --hcl" });
  } finally {
    rmSync(fake.dir, { recursive: true, force: true });
  }
});

test("the README tells how to run the cdktf CLI without the checkpoint call", () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  expect(readme).toContain("npm run cdktf -- synth --hcl");
  expect(readme).toContain("getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com");
});
