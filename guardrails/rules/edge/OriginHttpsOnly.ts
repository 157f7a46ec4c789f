import { findings, type Rule } from "../../rule";
import { block, blocks, str, strings, UNKNOWN } from "../../values";
import { originLabel } from "./distribution";

const OUTDATED_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1"];

export const OriginHttpsOnly: Rule = {
  id: "BH-EDGE-2",
  name: "OriginHttpsOnly",
  reason: "CloudFront reaches a custom origin over HTTP or an outdated TLS version",
  explanation:
    "The hop from CloudFront to the ALB crosses the internet. origin_protocol_policy = https-only with " +
    'origin_ssl_protocols = ["TLSv1.2"] keeps it encrypted with a current protocol.',
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes) {
    const origins = blocks(attributes.origin);
    if (origins === UNKNOWN) return "not-applicable";
    return findings(
      ...origins.flatMap((origin, i) => {
        const custom = block(origin.custom_origin_config);
        if (custom === UNKNOWN || !custom) return [];
        const policy = str(custom.origin_protocol_policy);
        const protocols = strings(custom.origin_ssl_protocols);
        const outdated = protocols === UNKNOWN ? [] : protocols.filter((p) => OUTDATED_PROTOCOLS.includes(p));
        return [
          policy !== UNKNOWN && policy !== "https-only" && `${originLabel(origin, i)} origin_protocol_policy is ${policy ?? "unset"}`,
          outdated.length > 0 && `${originLabel(origin, i)} allows ${outdated.join(", ")}`,
        ];
      }),
    );
  },
};
