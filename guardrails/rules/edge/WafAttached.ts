import type { Rule } from "../../rule";
import { isSet } from "../../values";

export const WafAttached: Rule = {
  id: "BH-EDGE-7",
  name: "WafAttached",
  reason: "distribution has no WAF web ACL (web_acl_id)",
  explanation:
    "The distribution is the public front door; AWS managed rule groups block common exploits, bad bots and " +
    "known-bad IPs before they cost capacity. Every environment runs it, so staging proves what production runs " +
    "(false positives show up there first). Turning it off takes edge.waf.enabled: false with a reason, which " +
    "becomes a suppression printed in every synth summary.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes) {
    return isSet(attributes.web_acl_id) ? "compliant" : "noncompliant";
  },
};
