import { ExplicitKeyPolicy } from "../../../guardrails/rules/kms/ExplicitKeyPolicy";
import { KeyRotation } from "../../../guardrails/rules/kms/KeyRotation";
import { LogEncryption } from "../../../guardrails/rules/logs/LogEncryption";
import { LogRetention } from "../../../guardrails/rules/logs/LogRetention";
import { describeRule } from "../rule-cases";

describeRule(KeyRotation, {
  compliant: [{ name: "rotation on", attributes: { enable_key_rotation: true, rotation_period_in_days: 365 } }],
  noncompliant: [
    { name: "rotation unset (off)", attributes: { description: "k" } },
    { name: "rotation off on an explicit symmetric key", attributes: { customer_master_key_spec: "SYMMETRIC_DEFAULT", enable_key_rotation: false } },
  ],
  notApplicable: [{ name: "an asymmetric signing key", attributes: { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" } }],
});

const rootDelegation = { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::${data.aws_caller_identity.a.account_id}:root" }, Action: "kms:*", Resource: "*" };
const keyPolicy = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describeRule(ExplicitKeyPolicy, {
  compliant: [
    { name: "root delegation and conditioned service use", attributes: { policy: keyPolicy(rootDelegation, { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:Encrypt", Resource: "*" }) } },
    { name: "policy attached with aws_kms_key_policy", attributes: { description: "k" }, others: { aws_kms_key_policy: { P: { key_id: "${aws_kms_key.Subject.id}", policy: keyPolicy(rootDelegation) } } } },
    { name: "anyone, but only through a condition", attributes: { policy: keyPolicy(rootDelegation, { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "1" } } }) } },
  ],
  noncompliant: [
    { name: "no policy (KMS default)", attributes: { description: "k" }, detail: "no policy" },
    { name: 'Principal "*" without a condition', attributes: { policy: keyPolicy(rootDelegation, { Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) }, detail: "statement 1 (Open)" },
  ],
});

describeRule(LogRetention, {
  compliant: [{ name: "90 days", attributes: { retention_in_days: 90 } }],
  noncompliant: [
    { name: "retention unset (never expire)", attributes: { name: "/x" } },
    { name: "retention 0 (never expire)", attributes: { retention_in_days: 0 } },
  ],
  unresolved: [{ name: "retention from a variable", attributes: { retention_in_days: "${var.days}" } }],
});

describeRule(LogEncryption, {
  compliant: [{ name: "customer-managed key", attributes: { kms_key_id: "${aws_kms_key.Platform.arn}" } }],
  noncompliant: [{ name: "no kms_key_id", attributes: { retention_in_days: 30 } }],
});
