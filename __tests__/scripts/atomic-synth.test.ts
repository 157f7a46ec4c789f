import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../app";
import { GUARDRAIL_HINT, SynthFailure, synthAtomically } from "../../scripts/atomic-synth";
import { configFor } from "../helpers";

function captureError(run: () => unknown): Error | undefined {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  return undefined;
}

describe("synthAtomically (the main job's synth)", () => {
  const config = configFor("staging");
  let dir: string;
  let outdir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "atomic-synth-"));
    outdir = join(dir, "cdktf.out");
  });
  afterEach(() => {
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The shipped app plus one log group that violates BH-LOG-1 in the preparation stack. */
  const synthViolating = (scratch: string) => {
    const { app, preparation } = buildApp(config, { outdir: scratch });
    new CloudwatchLogGroup(preparation, "UnboundedLogs", { name: "/unbounded", kmsKeyId: preparation.platformKey.arn });
    app.synth();
  };

  test("a guardrail violation fails with [stack/path] RULE-ID and our hint instead of cdktf's 'ignore' advice", () => {
    const error = captureError(() => synthAtomically(outdir, synthViolating));
    expect(error).toBeInstanceOf(SynthFailure);
    expect(error?.message).toContain("[staging-preparation/UnboundedLogs] BH-LOG-1: log group keeps logs forever");
    expect(error?.message).toContain(GUARDRAIL_HINT);
    expect(error?.message).not.toContain("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS");
  });

  test("a failed synth writes no output directory and leaves no scratch directory", () => {
    expect(() => synthAtomically(outdir, synthViolating)).toThrow(SynthFailure);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a failed synth leaves the previous output untouched", () => {
    mkdirSync(outdir);
    writeFileSync(join(outdir, "previous.txt"), "last good synth");
    expect(() => synthAtomically(outdir, synthViolating)).toThrow(SynthFailure);
    expect(readFileSync(join(outdir, "previous.txt"), "utf8")).toBe("last good synth");
    expect(readdirSync(dir)).toEqual(["cdktf.out"]);
  });

  test("violations still fail when cdktf is told to continue on error annotations", () => {
    // GIVEN the variable the cdktf CLI (and main.ts) set so that every stack synthesizes
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    // THEN the errors are read from the manifest and nothing is swapped in
    expect(() => synthAtomically(outdir, synthViolating)).toThrow(/\[staging-preparation\/UnboundedLogs\] BH-LOG-1/);
    expect(existsSync(outdir)).toBe(false);
  });

  test("a clean synth replaces the output directory", () => {
    mkdirSync(outdir);
    writeFileSync(join(outdir, "stale.txt"), "old");
    const report = synthAtomically(outdir, (scratch) => buildApp(config, { outdir: scratch }).app.synth());
    expect(existsSync(join(outdir, "stale.txt"))).toBe(false);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
    expect(report.warnings).toEqual([]);
  });
});
