import type { Rule } from "../../rule";
import { str, UNKNOWN } from "../../values";

/** ELB security policies that negotiate TLS 1.2 and 1.3 only (incl. the FIPS and post-quantum variants). */
export const MODERN_TLS_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-/;

export const ModernTlsListener: Rule = {
  id: "BH-LB-1",
  name: "ModernTlsListener",
  reason: "HTTPS/TLS listener does not use a TLS 1.2+ (ELBSecurityPolicy-TLS13-1-2-*) security policy",
  explanation:
    "The provider's default ELBSecurityPolicy-2016-08 still accepts TLS 1.0 and 1.1 and weak ciphers. The " +
    "ELBSecurityPolicy-TLS13-1-2-* policies negotiate TLS 1.3 and fall back to TLS 1.2 with forward secrecy only.",
  resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
  check(attributes) {
    const protocol = str(attributes.protocol);
    if (protocol !== "HTTPS" && protocol !== "TLS") return "not-applicable";
    const policy = str(attributes.ssl_policy);
    if (policy === UNKNOWN) return "not-applicable";
    return policy !== undefined && MODERN_TLS_POLICY.test(policy) ? "compliant" : [{ detail: `ssl_policy is ${policy ?? "the provider default"}` }];
  },
};
