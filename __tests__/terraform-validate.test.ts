// `terraform validate` on every synthesized stack, through cdktf's matcher. Opt-in: it needs a terraform binary AND
// the aws provider (terraform init downloads it), which plain `npm test` and .ci/run cannot assume. Offline,
// scripts/check-schema.ts makes the same checks against the provider schema (__tests__/scripts/check-schema.test.ts).
// Run: BRAVEHEART_TERRAFORM_TESTS=1 npx jest __tests__/terraform-validate.test.ts (see docs/ci.md).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFor, type ShippedEnvironment } from "./helpers";

// Asked in this order, and the app loaded only in the test: a plain `npm test` skips this file without a terraform
// process or the ~0.7 s of loading every stack (measured).
const optedIn = process.env.BRAVEHEART_TERRAFORM_TESTS === "1";
const hasTerraform = optedIn && spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;
const skipReason = !optedIn ? "BRAVEHEART_TERRAFORM_TESTS=1 is not set" : !hasTerraform ? "no terraform binary on PATH" : undefined;
const describeWithTerraform = skipReason === undefined ? describe : describe.skip;

describeWithTerraform(`terraform validate of every stack${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  jest.setTimeout(15 * 60 * 1000); // terraform init per stack, provider download on a cold plugin cache

  test.each<ShippedEnvironment>(["staging", "production"])("every %s stack is valid terraform", (env) => {
    // GIVEN the shipped environment with local state: `terraform init` would otherwise need the real S3 or Terraform
    // Cloud backend, and validate does not read state anyway
    const config = configFor(env, (raw) => {
      raw.backend = { type: "local" };
    });
    const outdir = mkdtempSync(join(tmpdir(), `braveheart-validate-${env}-`));
    try {
      // WHEN the whole app is synthesized
      const { buildApp } = require("../app") as typeof import("../app");
      require("./cdktf-matchers");
      buildApp(config, { outdir }).app.synth();
      // THEN terraform init + validate succeed in every stack directory
      expect(outdir).toBeValidTerraform();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
