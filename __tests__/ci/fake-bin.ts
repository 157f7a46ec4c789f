// Fake commands on PATH for running the .ci/ shell scripts in tests without npm, cdktf or terraform doing real work.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface FakeBin {
  /** A scratch directory; `bin/` inside it holds the fakes. */
  readonly dir: string;
  /** process.env with the fakes first on PATH. */
  readonly env: NodeJS.ProcessEnv;
}

/** Writes each `name: bash body` as an executable in a fresh scratch directory's bin/. */
export function fakeBin(commands: Readonly<Record<string, string>>): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), "braveheart-fake-bin-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const [name, body] of Object.entries(commands)) {
    const path = join(bin, name);
    writeFileSync(path, `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path, 0o755);
  }
  // Without the runner's own summary file: a test run inside GitHub Actions must not write to the real one. Without
  // the caller's output and plan directories either: a suite run with CDKTF_OUTDIR set (npm run bench sets it) must
  // not point the scripts under test at another synth.
  const { GITHUB_STEP_SUMMARY: _summary, STACKS_SUMMARY: _stacks, CDKTF_OUTDIR: _outdir, PLANS_DIR: _plans, ...inherited } = process.env;
  return { dir, env: { ...inherited, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, TMPDIR: dir } };
}
