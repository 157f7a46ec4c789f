import type { Rule } from "../../rule";
import { block, bool, str, UNKNOWN } from "../../values";

/** CloudFront security policies that accept TLS 1.2 or later only with current ciphers. */
export const MODERN_VIEWER_TLS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"] as const;

export const ModernViewerTls: Rule = {
  id: "BH-EDGE-3",
  name: "ModernViewerTls",
  reason: `viewer TLS policy is older than TLSv1.2_2021 (viewer_certificate.minimum_protocol_version)`,
  explanation:
    "Older policies (and the default *.cloudfront.net certificate, which forces TLSv1) accept TLS 1.0/1.1 or " +
    `weak ciphers. Serve the zone's ACM certificate with sni-only and one of ${MODERN_VIEWER_TLS.join(", ")}.`,
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes) {
    const certificate = block(attributes.viewer_certificate);
    if (certificate === UNKNOWN) return "not-applicable";
    if (bool(certificate?.cloudfront_default_certificate) === true) return [{ detail: "uses the default *.cloudfront.net certificate (TLSv1)" }];
    const version = str(certificate?.minimum_protocol_version);
    if (version === UNKNOWN) return "not-applicable";
    return (MODERN_VIEWER_TLS as readonly string[]).includes(version ?? "") ? "compliant" : [{ detail: `minimum_protocol_version is ${version ?? "unset (TLSv1)"}` }];
  },
};
