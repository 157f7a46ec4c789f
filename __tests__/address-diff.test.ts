import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformStack, Testing } from "cdktf";
import { addressBook, diffAddresses, formatDiff } from "./address-diff";
import type { StackJson } from "./helpers";
import { scratchOutdir } from "./synth-cache";

/** A stack whose bucket was renamed from `aws_s3_bucket.old_logs`, optionally with a moved block. */
function renamedBucket(withMove: boolean): Record<string, StackJson> {
  const stack = new TerraformStack(new App({ stackTraces: false, outdir: scratchOutdir() }), "fixture");
  const bucket = new S3Bucket(stack, "Logs", { bucket: "logs" });
  if (withMove) bucket.moveFromId("aws_s3_bucket.old_logs");
  return { fixture: JSON.parse(Testing.synth(stack)) };
}

describe("address diff", () => {
  const baseline = { fixture: ["aws_s3_bucket.old_logs"] };

  test("a rename with a cdktf moved block (moveFromId) is reported as moved, not destroyed", () => {
    const stacks = renamedBucket(true);
    const [diff] = diffAddresses(baseline, addressBook(stacks), stacks);
    expect(diff.destroyed).toEqual([]);
    expect(diff.moved).toEqual([{ from: "aws_s3_bucket.old_logs", to: "aws_s3_bucket.Logs" }]);
  });

  test("a rename without a moved block is reported as a destroy, with how to fix it", () => {
    const stacks = renamedBucket(false);
    const diffs = diffAddresses(baseline, addressBook(stacks), stacks);
    expect(diffs).toEqual([{ stack: "fixture", added: ["aws_s3_bucket.Logs"], moved: [], destroyed: ["aws_s3_bucket.old_logs"] }]);
    expect(formatDiff("staging", "__tests__/__addresses__/staging.json", diffs)).toContain(
      "    - aws_s3_bucket.old_logs (NO moved block: Terraform would DESTROY it)",
    );
    expect(formatDiff("staging", "__tests__/__addresses__/staging.json", diffs)).toContain("UPDATE_ADDRESSES=1 npx jest __tests__/addresses.test.ts");
  });

  test("identical address sets produce no difference", () => {
    const stacks = renamedBucket(false);
    expect(diffAddresses(addressBook(stacks), addressBook(stacks), stacks)).toEqual([]);
  });
});
