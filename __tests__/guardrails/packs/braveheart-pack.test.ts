import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Aspects, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecureBucket } from "../../../constructs/storage/secure-bucket";
import { violationMessage } from "../../../guardrails/packs/braveheart-pack";
import type { Rule } from "../../../guardrails/rule";
import { LogRetention } from "../../../guardrails/rules/logs/LogRetention";
import { annotations, fixtureStack } from "../fixture-stack";

const KMS = "arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("BraveheartGuardrails pack", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), "guardrails-pack-"));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test("a violating resource fails app synth with [stack/path] RULE-ID: reason", () => {
    // GIVEN a log group that keeps logs forever
    const { app, stack } = fixtureStack({ outdir });
    new CloudwatchLogGroup(new Construct(stack, "Logs"), "Group", { name: "/x", kmsKeyId: KMS });
    // WHEN / THEN
    expect(() => app.synth()).toThrow(`[fixture/Logs/Group] BH-LOG-1: ${LogRetention.reason}`);
  });

  test("a compliant stack synthesizes", () => {
    const { app, stack } = fixtureStack({ outdir });
    new CloudwatchLogGroup(stack, "Group", { name: "/x", retentionInDays: 30, kmsKeyId: KMS });
    expect(() => app.synth()).not.toThrow();
  });

  test("each finding of a rule is reported with its detail", () => {
    // GIVEN a group without a description whose two inline rules have none either
    const { stack } = fixtureStack();
    new SecurityGroup(stack, "Group", {
      vpcId: "vpc-1",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: ["sg-1"] }],
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
    });
    // THEN one error per finding, on the group
    expect(annotations(stack).filter((a) => a.includes("BH-NET-6"))).toEqual([
      "[fixture/Group] BH-NET-6: security group or rule has no description (the group has no description of its own)",
      "[fixture/Group] BH-NET-6: security group or rule has no description (ingress[0] has no description)",
      "[fixture/Group] BH-NET-6: security group or rule has no description (egress[0] has no description)",
    ]);
  });

  test("a value known only at apply time is not reported", () => {
    const { stack } = fixtureStack();
    const days = new TerraformVariable(stack, "days", { type: "number" });
    new CloudwatchLogGroup(stack, "Group", { name: "/x", retentionInDays: days.numberValue, kmsKeyId: KMS });
    expect(annotations(stack)).toEqual([]);
  });

  test("a stack-scoped rule reports on the stack: local state in production", () => {
    const { stack } = fixtureStack({ production: true });
    expect(annotations(stack)).toEqual(["[fixture] BH-STK-3: production stack state is not remote and locked (backend is local)"]);
  });

  test("companion resources are matched by reference: a SecureBucket passes every storage rule", () => {
    const { stack } = fixtureStack();
    new SecureBucket(stack, "Assets", { bucketName: "fixture-assets", serverAccessLogs: { targetBucket: "fixture-logs", targetPrefix: "s3/fixture-assets/" } });
    expect(annotations(stack)).toEqual([]);
  });

  test("a bare bucket is reported for each missing companion and for prevent_destroy", () => {
    const { stack } = fixtureStack();
    new S3Bucket(stack, "Bare", { bucket: "fixture-bare" });
    const ids = annotations(stack).map((a) => /\] (BH-[A-Z0-9]+-\d+)/.exec(a)?.[1]);
    expect(ids.sort()).toEqual(["BH-DATA-9", "BH-S3-1", "BH-S3-2", "BH-S3-3", "BH-S3-4", "BH-S3-5", "BH-S3-6"]);
  });

  test("a rule that throws is reported as an error on the resource, never skipped", () => {
    const broken: Rule = { ...LogRetention, id: "BH-LOG-99", check: () => { throw new Error("boom"); } };
    const { stack } = fixtureStack({ rules: [broken] });
    new CloudwatchLogGroup(stack, "Group", { name: "/x" });
    expect(annotations(stack)).toEqual(["[fixture/Group] BH-LOG-99: the rule failed to evaluate this resource: boom"]);
  });

  test("the message of a finding is id, reason and detail", () => {
    expect(violationMessage(LogRetention, { detail: "retention_in_days is 0" })).toBe(`BH-LOG-1: ${LogRetention.reason} (retention_in_days is 0)`);
  });

  describe("the JSON the guardrails read is the JSON written", () => {
    const written = () => JSON.parse(readFileSync(join(outdir, "stacks/fixture/cdk.tf.json"), "utf8"));
    /** Stack resolutions during `run` (prepareStack resolves elements, not the stack). */
    const resolutions = (run: () => void) => {
      const spy = jest.spyOn(TerraformStack.prototype, "toTerraform");
      try {
        run();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };

    test("resolved once per synth: the writer takes what the guardrails checked, and a later call resolves afresh", () => {
      // GIVEN a compliant stack
      const { app, stack } = fixtureStack({ outdir });
      new CloudwatchLogGroup(stack, "Group", { name: "/x", retentionInDays: 30, kmsKeyId: KMS });
      // WHEN it is synthesized
      expect(resolutions(() => app.synth())).toBe(1);
      // THEN the file is what a fresh resolution gives, and the hand-over was used up
      expect(resolutions(() => expect(written()).toEqual(JSON.parse(JSON.stringify(stack.toTerraform()))))).toBe(1);
    });

    test.each([
      ["the stack, after the pack", (stack: TerraformStack) => stack],
      ["a construct below the stack", (_: TerraformStack, group: CloudwatchLogGroup) => group],
    ])("an aspect on %s, changing a resource, is written: the writer resolves again", (_where, target) => {
      // GIVEN an aspect that renames the log group, where it runs after the guardrails
      const { app, stack } = fixtureStack({ outdir });
      const group = new CloudwatchLogGroup(stack, "Group", { name: "/x", retentionInDays: 30, kmsKeyId: KMS });
      Aspects.of(target(stack, group)).add({ visit: (node) => { if (node === group) group.name = "/renamed"; } });
      // WHEN synthesized
      expect(resolutions(() => app.synth())).toBe(2);
      // THEN
      expect(written().resource.aws_cloudwatch_log_group.Group.name).toBe("/renamed");
    });
  });
});
