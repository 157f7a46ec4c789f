import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../app";
import { GUARDRAIL_HINT, SynthFailure, synthAtomically, synthAtomicallyAsync } from "../../scripts/atomic-synth";
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
    writeFileSync(join(outdir, "manifest.json"), "{}");
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
    writeFileSync(join(outdir, "manifest.json"), "{}");
    writeFileSync(join(outdir, "stale.txt"), "old");
    const report = synthAtomically(outdir, (scratch) => buildApp(config, { outdir: scratch }).app.synth());
    expect(existsSync(join(outdir, "stale.txt"))).toBe(false);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
    expect(report.warnings).toEqual([]);
  });

  test("an output directory under directories that do not exist yet is made; a failure removes every directory it made", () => {
    const nested = join(dir, "new/nested/cdktf.out");
    expect(() => synthAtomically(nested, synthViolating)).toThrow(SynthFailure);
    expect(readdirSync(dir)).toEqual([]);
    synthAtomically(nested, (scratch) => buildApp(config, { outdir: scratch }).app.synth());
    expect(existsSync(join(nested, "manifest.json"))).toBe(true);
  });

  describe("synthAtomicallyAsync (npm run synth:hcl, whose synth formats and parses back asynchronously)", () => {
    test("a rejected synth leaves the previous output as it was, and no scratch directory", async () => {
      mkdirSync(outdir);
      writeFileSync(join(outdir, "manifest.json"), "{}");
      const failing = async (scratch: string) => {
        writeFileSync(join(scratch, "half-written"), "x");
        await Promise.resolve();
        throw new Error("round trip differs");
      };
      await expect(synthAtomicallyAsync(outdir, failing)).rejects.toThrow(new SynthFailure("round trip differs"));
      expect(readdirSync(outdir)).toEqual(["manifest.json"]);
      expect(readdirSync(dir)).toEqual(["cdktf.out"]);
    });

    test("guardrail errors in the manifest fail it as they fail the synchronous synth", async () => {
      process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
      await expect(synthAtomicallyAsync(outdir, async (scratch) => synthViolating(scratch))).rejects.toThrow(/\[staging-preparation\/UnboundedLogs\] BH-LOG-1/);
      expect(readdirSync(dir)).toEqual([]);
    });

    test("refuses a directory that is not a synth output before calling the synth", async () => {
      mkdirSync(outdir);
      writeFileSync(join(outdir, "notes.txt"), "mine");
      let called = false;
      await expect(synthAtomicallyAsync(outdir, async () => void (called = true))).rejects.toThrow(/is not a synth output/);
      expect(called).toBe(false);
      expect(readdirSync(outdir)).toEqual(["notes.txt"]);
    });

    test("a finished synth replaces the output directory", async () => {
      mkdirSync(outdir);
      writeFileSync(join(outdir, "manifest.json"), "{}");
      writeFileSync(join(outdir, "stale.txt"), "old");
      const report = await synthAtomicallyAsync(outdir, async (scratch) => buildApp(config, { outdir: scratch }).app.synth());
      expect(existsSync(join(outdir, "stale.txt"))).toBe(false);
      expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
      expect(report.warnings).toEqual([]);
    });
  });

  describe("what a synth must not delete", () => {
    /** A stand-in synth: a manifest and one cdk.tf.json per stack. */
    const fakeSynth = (...stacks: string[]) => (scratch: string) => {
      for (const stack of stacks) {
        mkdirSync(join(scratch, "stacks", stack), { recursive: true });
        writeFileSync(join(scratch, "stacks", stack, "cdk.tf.json"), "{}");
      }
      writeFileSync(join(scratch, "manifest.json"), JSON.stringify({ stacks: {} }));
    };
    const write = (path: string, text = "x") => {
      mkdirSync(join(outdir, path, ".."), { recursive: true });
      writeFileSync(join(outdir, path), text);
    };

    test("refuses to replace a directory that is not a synth output, and leaves it as it was", () => {
      // GIVEN CDKTF_OUTDIR pointing at a directory of the user's (the checkout itself, say)
      write("notes.txt", "mine");
      // WHEN / THEN
      expect(() => synthAtomically(outdir, fakeSynth("a"))).toThrow(/exists and is not a synth output \(it has no manifest\.json\)/);
      expect(readdirSync(outdir)).toEqual(["notes.txt"]);
      expect(readdirSync(dir)).toEqual(["cdktf.out"]);
    });

    test("an empty directory is fine", () => {
      mkdirSync(outdir);
      synthAtomically(outdir, fakeSynth("a"));
      expect(existsSync(join(outdir, "stacks/a/cdk.tf.json"))).toBe(true);
    });

    test("carries each stack's local state, .terraform/ and saved plans into the new output", () => {
      // GIVEN a previous synth in which terraform ran for stack a
      write("manifest.json", "{}");
      write("stacks/a/cdk.tf.json", "old");
      write("stacks/a/terraform.a.tfstate", "state");
      write("stacks/a/terraform.a.tfstate.backup", "backup");
      write("stacks/a/.terraform.lock.hcl", "lock");
      write("stacks/a/.terraform/providers/p", "plugin");
      write("stacks/a/a.tfplan", "plan");
      // WHEN synthesized again
      const report = synthAtomically(outdir, fakeSynth("a"));
      // THEN terraform's files are where they were, the synthesized file is the new one
      expect(readdirSync(join(outdir, "stacks/a")).sort()).toEqual([".terraform", ".terraform.lock.hcl", "a.tfplan", "cdk.tf.json", "terraform.a.tfstate", "terraform.a.tfstate.backup"]);
      expect(readFileSync(join(outdir, "stacks/a/terraform.a.tfstate"), "utf8")).toBe("state");
      expect(readFileSync(join(outdir, "stacks/a/cdk.tf.json"), "utf8")).toBe("{}");
      expect(report.warnings).toEqual([]);
    });

    test("keeps the state of a stack that is no longer synthesized, and says so", () => {
      write("manifest.json", "{}");
      write("stacks/gone/terraform.gone.tfstate", "state");
      const report = synthAtomically(outdir, fakeSynth("a"));
      expect(readFileSync(join(outdir, "stacks/gone/terraform.gone.tfstate"), "utf8")).toBe("state");
      expect(report.warnings).toEqual([`stack gone is no longer synthesized, but its local Terraform state was kept in ${join(outdir, "stacks", "gone")}`]);
    });
  });
});
