import { findings, type Rule } from "../../rule";
import { isSet, UNKNOWN } from "../../values";
import { cacheBehaviors } from "./distribution";

export const SecurityHeadersPolicy: Rule = {
  id: "BH-EDGE-5",
  name: "SecurityHeadersPolicy",
  reason: "a cache behavior has no response headers policy (security headers)",
  explanation:
    "A response headers policy adds HSTS, X-Content-Type-Options, X-Frame-Options and Referrer-Policy to every " +
    "response, whatever the service behind it sends. Attach one (the managed SecurityHeadersPolicy or our own) to " +
    "every behavior.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes) {
    const behaviors = cacheBehaviors(attributes);
    if (behaviors === UNKNOWN) return "not-applicable";
    return findings(...behaviors.map(({ where, behavior }) => !isSet(behavior.response_headers_policy_id) && `${where} has no response_headers_policy_id`));
  },
};
