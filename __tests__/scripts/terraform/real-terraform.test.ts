// Real Terraform on the synthesized stacks: `terraform validate` of every stack of both shipped environments, and
// the offline `terraform plan` failing, with Terraform's own message, on deliberately broken stacks. Enabled
// wherever terraform and an aws provider mirror exist (this machine kind, CI); skipped, saying why, elsewhere.
// The full offline plan of every stack runs in .ci/run (`npm run plan:offline -- --plan-only`), not here: ~1 min.
import { findProviderSource } from "../../../scripts/terraform/cli-config";
import type { EnvironmentToCheck } from "../../../scripts/terraform/offline-check";
import { terraformVersion } from "../../../scripts/terraform/terraform-cli";
import { runOfflineChecks, SHIPPED_CONFIGS, type OfflineRun } from "../../../scripts/plan-offline";

const version = terraformVersion();
const source = findProviderSource();
const skipReason = !version
  ? "no terraform on PATH"
  : !source.mirror && process.env.BRAVEHEART_TF_REGISTRY !== "1"
    ? "no aws provider mirror (set BRAVEHEART_TF_PROVIDER_MIRROR, or BRAVEHEART_TF_REGISTRY=1 to download from the registry)"
    : undefined;
if (skipReason) console.log(`real-terraform tests skipped: ${skipReason}`);
const describeWithTerraform = skipReason ? describe.skip : describe;

/** The staging stacks with one edit to one stack's JSON. */
const editStack = (stackId: string, edit: (json: any) => void) => (target: EnvironmentToCheck): EnvironmentToCheck => ({
  ...target,
  stacks: target.stacks.map((s) => {
    if (s.id !== stackId) return s;
    const json = structuredClone(s.json);
    edit(json);
    return { ...s, json };
  }),
});

const errorsOf = (run: OfflineRun, stack: string) =>
  run.results.filter((r) => r.stack === stack).flatMap((r) => r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.summary}: ${d.detail ?? ""}`));

/** The offline plan of one staging stack, with the stacks (or the stand-in's world) edited first. */
const planStaging = (stack: string, edit: (target: EnvironmentToCheck) => EnvironmentToCheck) =>
  runOfflineChecks({ configPaths: ["config/staging.yaml"], modes: ["plan"], only: [stack], log: () => undefined, edit });

/**
 * The broken-fixture plans, started together in beforeAll: each is a separate terraform process with its own stand-in
 * and check copy, so they share nothing, and side by side they take the time of the longest rather than the sum.
 */
const BROKEN_PLANS = {
  // staging-phase2 with the identifier the stacks had before config/physical-names.ts (36 characters)
  longDmsIdentifier: () =>
    planStaging(
      "staging-phase2",
      editStack("staging-phase2", (json) => {
        for (const task of Object.values<any>(json.resource.aws_dms_replication_task)) task.resource_identifier = "braveheart-staging-full-load-and-cdc";
      }),
    ),
  // preparation's data-key ARN output replaced by something that is not an ARN
  malformedUpstreamArn: () =>
    planStaging(
      "staging-phase2",
      editStack("staging-preparation", (json) => {
        const name = Object.keys(json.output).find((n) => n.includes("DataKey"))!;
        json.output[name].value = "not-an-arn";
      }),
    ),
  // the stand-in answering GetCallerIdentity with an account that is not staging's accountId
  otherAccount: () => planStaging("staging-backup", (target) => ({ ...target, world: { ...target.world, accountId: "999999999999" } })),
  // the stand-in's registry without catalog's configured tag (as if the publish workflow never ran)
  missingImageTag: () =>
    planStaging("staging-phase1", (target) => ({
      ...target,
      world: { ...target.world, ecrImages: { ...target.world.ecrImages, "braveheart/catalog": ["2026.10.0"] } },
    })),
} as const;

describeWithTerraform(`real terraform${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  jest.setTimeout(10 * 60_000);

  let validation: Promise<OfflineRun>;
  let plans: Record<keyof typeof BROKEN_PLANS, Promise<OfflineRun>>;
  beforeAll(() => {
    validation = runOfflineChecks({ configPaths: SHIPPED_CONFIGS, modes: ["validate"], log: () => undefined });
    plans = Object.fromEntries(Object.entries(BROKEN_PLANS).map(([name, start]) => [name, start()])) as typeof plans;
    // A test that fails early must not leave the others' rejections unhandled.
    for (const p of [validation, ...Object.values(plans)]) p.catch(() => undefined);
  });
  afterAll(async () => {
    // Every terraform process and stand-in has ended before jest moves on (each run closes its own).
    await Promise.allSettled([validation, ...Object.values(plans)]);
  });

  test("terraform validate: every stack of both shipped environments is valid under the mirrored aws provider", async () => {
    const run = await validation;
    expect(run.results.map((r) => `${r.stack}: ${r.ok ? "valid" : r.diagnostics.map((d) => d.summary).join("; ") || r.output}`)).toEqual(
      ["staging", "production"].flatMap((env) => ["preparation", "backup", "phase1", "phase2", "golive"].map((phase) => `${env}-${phase}: valid`)),
    );
  });

  test("terraform plan fails on an over-long DMS task identifier, with Terraform's message", async () => {
    const run = await plans.longDmsIdentifier;
    // THEN the plan fails, and the message is the provider's own
    expect(run.failed).toBe(1);
    expect(errorsOf(run, "staging-phase2")).toContain("expected length of resource_identifier to be in the range (1 - 31), got braveheart-staging-full-load-and-cdc: ");
  });

  test("terraform plan fails on a malformed ARN in an upstream stack's output, in the stack that reads it", async () => {
    const run = await plans.malformedUpstreamArn;
    expect(run.failed).toBe(1);
    expect(errorsOf(run, "staging-phase2")).toContain('"kms_key_id" (not-an-arn) is an invalid ARN: arn: invalid prefix: ');
  });

  test("terraform plan refuses credentials of another account (every provider's allowed_account_ids)", async () => {
    const run = await plans.otherAccount;
    // THEN both of the stack's providers (default and DR region) refuse to plan
    expect(errorsOf(run, "staging-backup")).toEqual(["AWS account ID not allowed: 999999999999: ", "AWS account ID not allowed: 999999999999: "]);
  });

  test("terraform plan fails on an image tag that was never pushed, at that service's image", async () => {
    const run = await plans.missingImageTag;
    // THEN phase1's plan fails at catalog's image data source, and only there. Provider 5.100.0 reports ECR's
    // ImageNotFoundException as "couldn't find resource"; the address names the service, the configuration line the tag.
    expect(run.failed).toBe(1);
    const errors = run.results.filter((r) => r.stack === "staging-phase1").flatMap((r) => r.diagnostics.filter((d) => d.severity === "error"));
    expect(errors.map((d) => [d.summary, d.address])).toEqual([["reading ECR Images: couldn't find resource", expect.stringMatching(/^data\.aws_ecr_image\.Services_catalog_Image_[0-9A-F]{8}$/)]]);
    // AND the run says what that means in config terms: the service, the tag, the repository and what to do
    const phase1 = run.results.find((r) => r.stack === "staging-phase1")!;
    expect(phase1.explanations).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: services\[1\] \(catalog\)\.imageTag \(got "[^"]+"\): no image with this tag in ECR repository braveheart\/catalog \(Terraform: "reading ECR Images: couldn't find resource" at data\.aws_ecr_image\.Services_catalog_Image_[0-9A-F]{8}\); allowed: a tag that was pushed there\./,
      ),
    ]);
  });
});
