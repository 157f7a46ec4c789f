import { findings, type Rule } from "../../rule";
import { describeStatement, statements } from "../../policy";
import { UNKNOWN } from "../../values";

const isAnyone = (principal: unknown) =>
  principal === "*" || (principal !== null && typeof principal === "object" && [(principal as { AWS?: unknown }).AWS].flat().includes("*"));

export const ExplicitKeyPolicy: Rule = {
  id: "BH-KMS-2",
  name: "ExplicitKeyPolicy",
  reason: "KMS key has no explicit key policy, or its policy allows anyone without a condition",
  explanation:
    "Without a policy KMS applies its default, which leaves who may use the key to whatever IAM policies say. An " +
    "explicit policy (set on the key or with aws_kms_key_policy) names the account and the services that may " +
    "encrypt; it must never Allow Principal \"*\" unconditionally.",
  resourceTypes: ["aws_kms_key"],
  check(attributes, { stack, address }) {
    const separate = stack.referencing("aws_kms_key_policy", "key_id", address);
    const documents = [attributes.policy, ...separate.map((p) => p.attributes.policy)].filter((p) => p !== undefined);
    if (documents.length === 0) return [{ detail: "no policy: the KMS default applies" }];
    return findings(
      ...documents.flatMap((doc) => {
        const list = statements(doc, stack);
        if (list === undefined || list === UNKNOWN) return [];
        return list
          .filter((s) => s.effect === "Allow" && isAnyone(s.principal) && Object.keys(s.condition).length === 0)
          .map((s) => `${describeStatement(s)} allows Principal "*" without a condition`);
      }),
    );
  },
};
