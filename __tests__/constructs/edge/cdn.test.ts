import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { Cdn, type CdnProps } from "../../../constructs/edge/cdn";
import { suppressionsOn } from "../../../guardrails/suppressions";
import "../../cdktf-matchers";

const props: CdnProps = {
  namePrefix: "bh-test",
  albOriginDomain: "origin.example.com",
  originVerifyHeader: { name: "X-Origin-Verify", value: "s3cret" },
  aliases: ["www.example.com"],
  certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/c",
  logBucketDomainName: "bh-test-access-logs.s3.amazonaws.com",
  logBucketName: "bh-test-access-logs",
  waf: { off: "a construct test of the distribution alone, without the web ACL" },
};

describe("Cdn", () => {
  let synth: string;
  let json: any;
  let cdn: Cdn;
  beforeAll(() => {
    synth = Testing.synthScope((scope) => {
      cdn = new Cdn(scope, "Cdn", props);
    });
    json = JSON.parse(synth);
  });
  const distribution = () => Object.values<any>(json.resource.aws_cloudfront_distribution)[0];

  test("viewers: HTTPS only (redirect), TLS 1.2_2021 with SNI, the us-east-1 certificate and the aliases", () => {
    expect(synth).toHaveResourceWithProperties(CloudfrontDistribution, {
      aliases: ["www.example.com"],
      viewer_certificate: { acm_certificate_arn: props.certificateArn, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
      default_cache_behavior: expect.objectContaining({ viewer_protocol_policy: "redirect-to-https", target_origin_id: "alb" }),
      logging_config: { bucket: props.logBucketDomainName, prefix: "cloudfront/", include_cookies: false },
    });
    for (const b of distribution().ordered_cache_behavior) expect(b.viewer_protocol_policy).toBe("redirect-to-https");
  });

  test("the ALB origin is HTTPS-only, TLS 1.2, on its certificate's name, carrying the origin-verify header", () => {
    const alb = distribution().origin.find((o: any) => o.origin_id === "alb");
    expect(alb).toMatchObject({
      domain_name: "origin.example.com",
      custom_origin_config: expect.objectContaining({ origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] }),
      custom_header: [{ name: "X-Origin-Verify", value: "s3cret" }],
    });
  });

  test("static paths come from the private bucket through origin access control (sigv4, always)", () => {
    expect(synth).toHaveResourceWithProperties(CloudfrontOriginAccessControl, { origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4" });
    const statics = distribution().ordered_cache_behavior;
    expect(statics.map((b: any) => [b.path_pattern, b.target_origin_id])).toEqual([["/assets/*", "static-assets"], ["/static/*", "static-assets"]]);
    const s3 = distribution().origin.find((o: any) => o.origin_id === "static-assets");
    expect(s3.origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
  });

  test("the bucket policy lets only this distribution read objects", () => {
    const policy = JSON.parse(Object.values<any>(json.resource.aws_s3_bucket_policy)[0].policy);
    const read = policy.Statement.find((s: any) => s.Sid === "CloudFrontReadsThroughOac");
    expect(read.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(read.Condition.StringEquals["AWS:SourceArn"]).toMatch(/^\$\{aws_cloudfront_distribution\.Cdn_Distribution_[A-F0-9]+\.arn\}$/);
  });

  test("responses carry security headers (HSTS preload, nosniff, DENY framing, referrer policy)", () => {
    expect(synth).toHaveResourceWithProperties(CloudfrontResponseHeadersPolicy, {
      security_headers_config: expect.objectContaining({
        strict_transport_security: expect.objectContaining({ access_control_max_age_sec: 31536000, include_subdomains: true, preload: true }),
        frame_options: expect.objectContaining({ frame_option: "DENY" }),
        content_type_options: { override: true },
      }),
    });
  });

  test("uses AWS managed cache and origin-request policies, looked up by name", () => {
    expect(Object.values<any>(json.data.aws_cloudfront_cache_policy).map((p) => p.name).sort()).toEqual(["Managed-CachingDisabled", "Managed-CachingOptimized"]);
    expect(Object.values<any>(json.data.aws_cloudfront_origin_request_policy)[0].name).toBe("Managed-AllViewer");
  });

  test("the viewer's Host reaches the ALB (host-routed services, URLs built from Host)", () => {
    expect(distribution().default_cache_behavior.origin_request_policy_id).toMatch(/^\$\{data\.aws_cloudfront_origin_request_policy\.Cdn_AllViewer_/);
  });

  test("without `legacy` there is no legacy origin", () => {
    expect(distribution().origin.map((o: any) => o.origin_id).sort()).toEqual(["alb", "static-assets"]);
  });

  test("waf off: no web ACL, and the reason is recorded as a BH-EDGE-7 suppression on the distribution", () => {
    expect(json.resource.aws_wafv2_web_acl).toBeUndefined();
    expect(distribution().web_acl_id).toBeUndefined();
    expect(suppressionsOn(cdn.distribution)).toEqual([{ id: "BH-EDGE-7", reason: `edge.waf.enabled is false: ${(props.waf as { off: string }).off}` }]);
  });
});

describe("Cdn with WAF (the default in every environment)", () => {
  let json: any;
  let cdn: Cdn;
  beforeAll(() => {
    json = JSON.parse(
      Testing.synthScope((scope) => {
        const globalProvider = new AwsProvider(scope, "aws_global", { alias: "global", region: "us-east-1" });
        cdn = new Cdn(scope, "Cdn", { ...props, waf: { globalProvider, accountId: "111111111111", logRetentionDays: 30 } });
      }),
    );
  });
  const one = (type: string) => Object.values<any>(json.resource[type])[0];

  test("the web ACL, its log group, the log group's key and the logging configuration all live in us-east-1", () => {
    for (const type of ["aws_wafv2_web_acl", "aws_cloudwatch_log_group", "aws_kms_key", "aws_wafv2_web_acl_logging_configuration"]) {
      expect({ type, provider: one(type).provider }).toEqual({ type, provider: "aws.global" });
    }
    expect(one("aws_wafv2_web_acl").scope).toBe("CLOUDFRONT");
  });

  test("requests are logged to an encrypted aws-waf-logs-* group with retention, authorization and cookie redacted", () => {
    expect(one("aws_cloudwatch_log_group")).toMatchObject({ name: "aws-waf-logs-bh-test-edge", retention_in_days: 30 });
    expect(one("aws_cloudwatch_log_group").kms_key_id).toMatch(/^\$\{aws_kms_key\.Cdn_WebAclLogging_Key_[A-F0-9]+\.arn\}$/);
    const logging = one("aws_wafv2_web_acl_logging_configuration");
    expect(logging.resource_arn).toMatch(/^\$\{aws_wafv2_web_acl\.Cdn_WebAcl_[A-F0-9]+\.arn\}$/);
    expect(logging.log_destination_configs).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.Cdn_WebAclLogging_LogGroup_[A-F0-9]+\.arn\}$/)]);
    expect(logging.redacted_fields).toEqual([{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }]);
  });

  test("the log group's key lets CloudWatch Logs in us-east-1 encrypt this account's log groups", () => {
    const statements = JSON.parse(one("aws_kms_key").policy).Statement;
    expect(statements.map((st: any) => st.Principal?.Service).filter(Boolean)).toContain("logs.us-east-1.amazonaws.com");
  });

  test("the distribution uses the web ACL, and nothing is suppressed", () => {
    expect(Object.values<any>(json.resource.aws_cloudfront_distribution)[0].web_acl_id).toMatch(/^\$\{aws_wafv2_web_acl\.Cdn_WebAcl_[A-F0-9]+\.arn\}$/);
    expect(suppressionsOn(cdn.distribution)).toEqual([]);
  });
});

describe("Cdn with write paths pinned to the legacy load balancer", () => {
  let json: any;
  beforeAll(() => {
    const legacy = { domainName: "legacy-1.eu-west-2.elb.amazonaws.com", pathPatterns: ["/api/*", "/api/orders/*", "/api/orders/*"] };
    json = JSON.parse(Testing.synthScope((scope) => new Cdn(scope, "Cdn", { ...props, legacy })));
  });
  const distribution = () => Object.values<any>(json.resource.aws_cloudfront_distribution)[0];

  test("a legacy origin over HTTPS (TLS 1.2), without the origin-verify header (it is the ALB's secret)", () => {
    expect(distribution().origin.find((o: any) => o.origin_id === "legacy")).toEqual({
      origin_id: "legacy",
      domain_name: "legacy-1.eu-west-2.elb.amazonaws.com",
      custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
    });
  });

  test("one behaviour per pattern, most specific first, every method, nothing cached, the viewer's Host forwarded", () => {
    const behaviours = distribution().ordered_cache_behavior;
    expect(behaviours.map((b: any) => `${b.path_pattern} ${b.target_origin_id}`)).toEqual([
      "/api/orders/* legacy",
      "/assets/* static-assets",
      "/static/* static-assets",
      "/api/* legacy",
    ]);
    const pinned = behaviours.find((b: any) => b.target_origin_id === "legacy");
    expect(pinned.allowed_methods).toEqual(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]);
    expect(pinned.cache_policy_id).toMatch(/Cdn_CachingDisabled_/);
    expect(pinned.origin_request_policy_id).toMatch(/Cdn_AllViewer_/);
  });
});
