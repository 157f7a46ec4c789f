import { DistributionLogging } from "../../../guardrails/rules/edge/DistributionLogging";
import { ModernViewerTls } from "../../../guardrails/rules/edge/ModernViewerTls";
import { OriginHttpsOnly } from "../../../guardrails/rules/edge/OriginHttpsOnly";
import { S3OriginAccessControl } from "../../../guardrails/rules/edge/S3OriginAccessControl";
import { SecurityHeadersPolicy } from "../../../guardrails/rules/edge/SecurityHeadersPolicy";
import { ViewerHttpsOnly } from "../../../guardrails/rules/edge/ViewerHttpsOnly";
import { WafAttached } from "../../../guardrails/rules/edge/WafAttached";
import { WafLogging } from "../../../guardrails/rules/edge/WafLogging";
import { WafManagedRuleGroups } from "../../../guardrails/rules/edge/WafManagedRuleGroups";
import { managedRuleGroupsJson } from "../../../constructs/edge/cdn";
import { describeRule } from "../rule-cases";

const albOrigin = { origin_id: "alb", domain_name: "origin.example.com", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } };
const s3Origin = { origin_id: "assets", domain_name: "${aws_s3_bucket.Assets.bucket_regional_domain_name}", origin_access_control_id: "${aws_cloudfront_origin_access_control.Assets.id}" };
const behavior = (extra: object = {}) => ({ target_origin_id: "alb", viewer_protocol_policy: "redirect-to-https", response_headers_policy_id: "${aws_cloudfront_response_headers_policy.Security.id}", ...extra });

describeRule(ViewerHttpsOnly, {
  compliant: [
    { name: "redirect-to-https and https-only behaviors", attributes: { default_cache_behavior: behavior(), ordered_cache_behavior: [behavior({ path_pattern: "/api/*", viewer_protocol_policy: "https-only" })] } },
  ],
  noncompliant: [
    { name: "default behavior allow-all", attributes: { default_cache_behavior: behavior({ viewer_protocol_policy: "allow-all" }) }, detail: "default_cache_behavior uses allow-all" },
    { name: "an ordered behavior allow-all", attributes: { default_cache_behavior: [behavior()], ordered_cache_behavior: [behavior({ path_pattern: "/static/*", viewer_protocol_policy: "allow-all" })] }, detail: "(/static/*)" },
  ],
});

describeRule(OriginHttpsOnly, {
  compliant: [
    { name: "ALB origin https-only with TLSv1.2", attributes: { origin: [albOrigin] } },
    { name: "an S3 origin (no custom config)", attributes: { origin: [s3Origin] } },
  ],
  noncompliant: [
    { name: "match-viewer policy", attributes: { origin: [{ ...albOrigin, custom_origin_config: { ...albOrigin.custom_origin_config, origin_protocol_policy: "match-viewer" } }] }, detail: "origin[0] (alb) origin_protocol_policy is match-viewer" },
    { name: "http-only policy", attributes: { origin: { ...albOrigin, custom_origin_config: [{ origin_protocol_policy: "http-only" }] } } },
    { name: "TLSv1 allowed to the origin", attributes: { origin: [{ ...albOrigin, custom_origin_config: { ...albOrigin.custom_origin_config, origin_ssl_protocols: ["TLSv1", "TLSv1.2"] } }] }, detail: "allows TLSv1" },
  ],
});

describeRule(ModernViewerTls, {
  compliant: [
    { name: "TLSv1.2_2021 with an ACM certificate", attributes: { viewer_certificate: { acm_certificate_arn: "${x}", ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" } } },
    { name: "TLSv1.3_2025", attributes: { viewer_certificate: [{ acm_certificate_arn: "${x}", minimum_protocol_version: "TLSv1.3_2025" }] } },
  ],
  noncompliant: [
    { name: "TLSv1.2_2019", attributes: { viewer_certificate: { acm_certificate_arn: "${x}", minimum_protocol_version: "TLSv1.2_2019" } }, detail: "TLSv1.2_2019" },
    { name: "the default CloudFront certificate", attributes: { viewer_certificate: { cloudfront_default_certificate: true } }, detail: "default *.cloudfront.net" },
    { name: "no minimum protocol version", attributes: { viewer_certificate: { acm_certificate_arn: "${x}" } } },
  ],
});

describeRule(S3OriginAccessControl, {
  compliant: [
    { name: "S3 origin with OAC next to a custom origin", attributes: { origin: [albOrigin, s3Origin] } },
    { name: "VPC origin (not S3)", attributes: { origin: [{ origin_id: "vpc", vpc_origin_config: { vpc_origin_id: "x" } }] } },
  ],
  noncompliant: [
    { name: "S3 origin without OAC", attributes: { origin: [{ origin_id: "assets", domain_name: "b.s3.eu-west-2.amazonaws.com" }] }, detail: "origin[0] (assets) has no origin_access_control_id" },
    { name: "S3 origin with a legacy OAI", attributes: { origin: [{ origin_id: "assets", s3_origin_config: { origin_access_identity: "origin-access-identity/cloudfront/E1" } }] }, detail: "legacy origin access identity" },
  ],
});

describeRule(SecurityHeadersPolicy, {
  compliant: [{ name: "every behavior has a policy", attributes: { default_cache_behavior: behavior(), ordered_cache_behavior: [behavior({ path_pattern: "/api/*" })] } }],
  noncompliant: [
    { name: "default behavior without a policy", attributes: { default_cache_behavior: { viewer_protocol_policy: "https-only" } }, detail: "default_cache_behavior" },
    { name: "an ordered behavior without a policy", attributes: { default_cache_behavior: behavior(), ordered_cache_behavior: [{ path_pattern: "/api/*" }] }, detail: "ordered_cache_behavior[0] (/api/*)" },
  ],
});

describeRule(DistributionLogging, {
  compliant: [
    { name: "standard logging to a bucket", attributes: { logging_config: { bucket: "${data.terraform_remote_state.p.outputs.logs_domain}", prefix: "cloudfront/" } } },
    {
      name: "standard logging v2 through a log delivery source",
      attributes: { enabled: true },
      others: { aws_cloudwatch_log_delivery_source: { Logs: { log_type: "ACCESS_LOGS", resource_arn: "${aws_cloudfront_distribution.Subject.arn}" } } },
    },
  ],
  noncompliant: [
    { name: "no logging", attributes: { enabled: true } },
    { name: "a delivery source for another distribution", attributes: {}, others: { aws_cloudwatch_log_delivery_source: { Logs: { resource_arn: "${aws_cloudfront_distribution.Other.arn}" } } } },
  ],
});

describeRule(WafAttached, {
  compliant: [
    { name: "production with a web ACL", production: true, attributes: { web_acl_id: "${aws_wafv2_web_acl.Edge.arn}" } },
    { name: "staging with a web ACL", production: false, attributes: { web_acl_id: "${aws_wafv2_web_acl.Edge.arn}" } },
  ],
  noncompliant: [
    { name: "production without a web ACL", production: true, attributes: { enabled: true } },
    { name: "staging without a web ACL: staging must prove what production runs", production: false, attributes: { enabled: true } },
  ],
});

const acl = { name: "edge", scope: "CLOUDFRONT", rule_json: managedRuleGroupsJson() };
const logGroup = (name: string) => ({ aws_cloudwatch_log_group: { Logs: { name, kms_key_id: "${aws_kms_key.K.arn}", retention_in_days: 90 } } });
const loggingConfig = (redacted: string[], extra: object = {}) => ({
  aws_wafv2_web_acl_logging_configuration: {
    Logging: {
      resource_arn: "${aws_wafv2_web_acl.Subject.arn}",
      log_destination_configs: ["${aws_cloudwatch_log_group.Logs.arn}"],
      redacted_fields: redacted.map((name) => ({ single_header: { name } })),
      ...extra,
    },
  },
});

describeRule(WafLogging, {
  compliant: [{ name: "logged to aws-waf-logs-*, authorization and cookie redacted", attributes: acl, others: { ...logGroup("aws-waf-logs-edge"), ...loggingConfig(["authorization", "cookie"]) } }],
  noncompliant: [
    { name: "no logging configuration", attributes: acl, detail: "no aws_wafv2_web_acl_logging_configuration" },
    { name: "cookie not redacted", attributes: acl, others: { ...logGroup("aws-waf-logs-edge"), ...loggingConfig(["authorization"]) }, detail: "does not redact cookie" },
    { name: "a log group WAF cannot deliver to", attributes: acl, others: { ...logGroup("/edge/waf"), ...loggingConfig(["authorization", "cookie"]) }, detail: "aws-waf-logs-*" },
  ],
});

const withRules = (mutate: (rules: any[]) => void) => {
  const rules = JSON.parse(managedRuleGroupsJson());
  mutate(rules);
  return { ...acl, rule_json: JSON.stringify(rules) };
};

describeRule(WafManagedRuleGroups, {
  compliant: [{ name: "the three AWS managed groups, enforced, one rule counted inside a group", attributes: acl }],
  noncompliant: [
    { name: "IP reputation list missing", attributes: withRules((r) => r.pop()), detail: "AWSManagedRulesAmazonIpReputationList is missing" },
    { name: "the common rule set only counted", attributes: withRules((r) => (r[0].OverrideAction = { Count: {} })), detail: "overridden to Count" },
    { name: "no rules at all", attributes: { name: "edge", scope: "CLOUDFRONT" }, detail: "no rules" },
  ],
  unresolved: [{ name: "rules from a variable", attributes: { ...acl, rule_json: "${var.rules}" } }],
});
