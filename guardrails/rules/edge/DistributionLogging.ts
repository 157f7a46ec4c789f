import type { Rule } from "../../rule";
import { block, isSet, UNKNOWN } from "../../values";

export const DistributionLogging: Rule = {
  id: "BH-EDGE-6",
  name: "DistributionLogging",
  reason: "CloudFront distribution writes no access logs",
  explanation:
    "CloudFront is where users' requests arrive; its logs are the only record of traffic that never reached the " +
    "ALB (cached, blocked, failed). Set logging_config with a bucket, or deliver standard logs v2 with an " +
    "aws_cloudwatch_log_delivery_source whose resource_arn is this distribution.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(attributes, { stack, address }) {
    const logging = block(attributes.logging_config);
    if (logging === UNKNOWN) return "not-applicable";
    if (isSet(logging?.bucket)) return "compliant";
    return stack.referencing("aws_cloudwatch_log_delivery_source", "resource_arn", address).length > 0 ? "compliant" : "noncompliant";
  },
};
