import type { Rule } from "../../rule";
import { isSet } from "../../values";

export const WafInProduction: Rule = {
  id: "BH-EDGE-7",
  name: "WafInProduction",
  reason: "production distribution has no WAF web ACL (web_acl_id)",
  explanation:
    "In production the distribution is the public front door; AWS managed rule groups block common exploits, bad " +
    "bots and known-bad IPs before they cost capacity. Other environments may leave it off (edge.waf).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes, { production }) {
    if (!production) return "not-applicable";
    return isSet(attributes.web_acl_id) ? "compliant" : "noncompliant";
  },
};
