import { findings, type Rule } from "../../rule";
import { blocks, str, UNKNOWN } from "../../values";

/** Headers that carry credentials and sessions; WAF matches redacted header names in lower case. */
const MUST_REDACT = ["authorization", "cookie"];

export const WafLogging: Rule = {
  id: "BH-EDGE-8",
  name: "WafLogging",
  reason: "web ACL requests are not logged, or the log keeps authorization/cookie headers",
  explanation:
    "Without logs nobody can tell which rule blocked a customer or what an attack tried; with the authorization " +
    "and cookie headers in them, the logs become a store of session tokens. Add an " +
    "aws_wafv2_web_acl_logging_configuration for the web ACL, into an aws-waf-logs-* log group (KMS-encrypted " +
    "with retention: BH-LOG-1/2), with redacted_fields single_header authorization and cookie.",
  resourceTypes: ["aws_wafv2_web_acl"],
  check(_attributes, { stack, address }) {
    const configs = stack.referencing("aws_wafv2_web_acl_logging_configuration", "resource_arn", address);
    if (configs.length === 0) return [{ detail: "no aws_wafv2_web_acl_logging_configuration for it" }];
    return findings(
      ...configs.flatMap((config) => {
        const redacted = blocks(config.attributes.redacted_fields);
        if (redacted === UNKNOWN) return [];
        const names = redacted.flatMap((r) => blocks(r.single_header) === UNKNOWN ? [] : (blocks(r.single_header) as { name?: unknown }[]).map((h) => str(h.name)));
        const missing = MUST_REDACT.filter((h) => !names.includes(h));
        const destinations = Array.isArray(config.attributes.log_destination_configs) ? config.attributes.log_destination_configs : [];
        const badGroup = destinations
          .map((d) => stack.referencedResource(d, ["aws_cloudwatch_log_group"]))
          .find((g) => g && typeof g.attributes.name === "string" && !g.attributes.name.startsWith("aws-waf-logs-"));
        return [
          missing.length > 0 && `${config.address} does not redact ${missing.join(", ")}`,
          badGroup && `${config.address} logs to ${String(badGroup.attributes.name)}, but WAF only delivers to log groups named aws-waf-logs-*`,
        ];
      }),
    );
  },
};
