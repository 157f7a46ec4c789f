import { findings, type Rule } from "../../rule";
import { block, blocks, isSet, UNKNOWN } from "../../values";
import { originLabel } from "./distribution";

export const S3OriginAccessControl: Rule = {
  id: "BH-EDGE-4",
  name: "S3OriginAccessControl",
  reason: "S3 origin is not read through an origin access control (OAC)",
  explanation:
    "Without OAC the bucket must be public (or use the legacy origin access identity, which does not support " +
    "SSE-KMS or newer regions). OAC signs CloudFront's requests so the bucket policy can allow exactly this " +
    "distribution and stay private.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes) {
    const origins = blocks(attributes.origin);
    if (origins === UNKNOWN) return "not-applicable";
    return findings(
      ...origins.map((origin, i) => {
        const custom = block(origin.custom_origin_config);
        const vpc = block(origin.vpc_origin_config);
        if (custom === UNKNOWN || vpc === UNKNOWN || custom || vpc) return undefined;
        const s3 = block(origin.s3_origin_config);
        const legacy = s3 !== UNKNOWN && isSet(s3?.origin_access_identity);
        if (legacy) return `${originLabel(origin, i)} uses a legacy origin access identity`;
        return !isSet(origin.origin_access_control_id) && `${originLabel(origin, i)} has no origin_access_control_id`;
      }),
    );
  },
};
