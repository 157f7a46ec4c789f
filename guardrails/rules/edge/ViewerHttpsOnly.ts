import { findings, type Rule } from "../../rule";
import { str, UNKNOWN } from "../../values";
import { cacheBehaviors } from "./distribution";

const SECURE_VIEWER_POLICIES = ["redirect-to-https", "https-only"];

export const ViewerHttpsOnly: Rule = {
  id: "BH-EDGE-1",
  name: "ViewerHttpsOnly",
  reason: "a cache behavior serves viewers over plain HTTP (viewer_protocol_policy allow-all)",
  explanation:
    "allow-all serves pages and cookies unencrypted to anyone who typed http://. Every cache behavior uses " +
    "redirect-to-https (or https-only for APIs).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes) {
    const behaviors = cacheBehaviors(attributes);
    if (behaviors === UNKNOWN) return "not-applicable";
    return findings(
      ...behaviors.map(({ where, behavior }) => {
        const policy = str(behavior.viewer_protocol_policy);
        return policy !== UNKNOWN && !SECURE_VIEWER_POLICIES.includes(policy ?? "") && `${where} uses ${policy ?? "no policy"}`;
      }),
    );
  },
};
