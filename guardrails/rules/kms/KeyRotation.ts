import type { Rule } from "../../rule";
import { bool, str, UNKNOWN } from "../../values";

export const KeyRotation: Rule = {
  id: "BH-KMS-1",
  name: "KeyRotation",
  reason: "symmetric KMS key has automatic rotation off (enable_key_rotation)",
  explanation:
    "Rotation limits how much data one key version protects and is required by most compliance regimes; it is " +
    "free and transparent to users of the key. Asymmetric and HMAC keys cannot rotate and are exempt.",
  resourceTypes: ["aws_kms_key"],
  check(attributes) {
    const spec = str(attributes.customer_master_key_spec) ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT" || str(attributes.custom_key_store_id) !== undefined) return "not-applicable";
    const rotation = bool(attributes.enable_key_rotation);
    if (rotation === UNKNOWN) return "not-applicable";
    return rotation === true ? "compliant" : "noncompliant";
  },
};
