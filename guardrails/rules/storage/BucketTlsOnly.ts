import type { Rule } from "../../rule";
import { statements } from "../../policy";
import type { StackView } from "../../stack-view";
import { UNKNOWN } from "../../values";
import { bucketCompanions } from "./companions";

/** A Deny of S3 actions to everyone when aws:SecureTransport is false. */
function deniesInsecureTransport(policy: unknown, stack: StackView): boolean | typeof UNKNOWN {
  const list = statements(policy, stack);
  if (list === UNKNOWN) return UNKNOWN;
  return (list ?? []).some(
    (s) =>
      s.effect === "Deny" &&
      (s.principal === "*" || (s.principal as { AWS?: unknown } | undefined)?.AWS === "*") &&
      s.actions.some((a) => a === "s3:*" || a === "*") &&
      String(s.condition.Bool?.["aws:SecureTransport"]) === "false",
  );
}

export const BucketTlsOnly: Rule = {
  id: "BH-S3-4",
  name: "BucketTlsOnly",
  reason: "bucket policy does not deny requests without TLS (aws:SecureTransport)",
  explanation:
    "S3 still answers plain HTTP. A bucket policy statement that denies s3:* to everyone when aws:SecureTransport " +
    "is false makes every client use TLS; SecureBucket adds it first.",
  resourceTypes: ["aws_s3_bucket"],
  check(_attributes, { stack, address }) {
    const policies = bucketCompanions(stack, "aws_s3_bucket_policy", address).map((p) => deniesInsecureTransport(p.attributes.policy, stack));
    if (policies.includes(true)) return "compliant";
    if (policies.includes(UNKNOWN)) return "not-applicable";
    return [{ detail: policies.length ? "the bucket policy has no TLS-only deny" : "no aws_s3_bucket_policy for this bucket" }];
  },
};
