import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { DataAwsCloudfrontCachePolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy";
import { DataAwsCloudfrontOriginRequestPolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-origin-request-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../guardrails/suppressions";
import { SecureBucket } from "../storage/secure-bucket";
import { WebAclLogging } from "./web-acl-logging";
import { physicalName } from "../../config/physical-names";
import { compareSpecificity, STATIC_PATHS } from "./path-patterns";

export { STATIC_PATHS };

/** CloudFront's fixed hosted zone id for alias records. */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";
/** CloudFront-scope web ACLs (and so their logs) exist only in us-east-1. */
export const CLOUDFRONT_WAF_REGION = "us-east-1";
/** The distribution's origin ids (what its behaviours' `target_origin_id` name); scripts/verify reads them back. */
export const ALB_ORIGIN = "alb";
export const STATIC_ORIGIN = "static-assets";
export const LEGACY_ORIGIN = "legacy";
/** AWS managed rule groups: OWASP-style common rules, known bad inputs, and Amazon's IP reputation list. */
export const WAF_MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"] as const;

/**
 * Managed rules counted rather than enforced. SizeRestrictions_BODY blocks every request body over 8 KB: uploads and
 * large JSON posts to the application would fail at the edge. The ALB and the services set their own limits.
 */
export const WAF_COUNTED_RULES: Partial<Record<(typeof WAF_MANAGED_RULE_GROUPS)[number], readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"],
};

const ruleActionOverrides = (group: (typeof WAF_MANAGED_RULE_GROUPS)[number]) => {
  const counted = WAF_COUNTED_RULES[group];
  return counted ? { RuleActionOverrides: counted.map((name) => ({ Name: name, ActionToUse: { Count: {} } })) } : {};
};

/** What the web ACL needs: CloudFront-scope web ACLs, their logs and the logs' key live in us-east-1. */
/** The web ACL's rules: every managed group enforced (OverrideAction None), the few counted rules overridden inside. */
export function managedRuleGroupsJson(): string {
  return JSON.stringify(
    WAF_MANAGED_RULE_GROUPS.map((group, priority) => ({
      Name: group,
      Priority: priority,
      Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group, ...ruleActionOverrides(group) } },
      OverrideAction: { None: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: group },
    })),
  );
}

export interface CdnWafProps {
  /** A provider for us-east-1. */
  readonly globalProvider: AwsProvider;
  readonly accountId: string;
  /** @default WebAclLogging.DEFAULT_RETENTION_DAYS (90) */
  readonly logRetentionDays?: number;
}

export interface CdnProps {
  readonly namePrefix: string;
  /** The ALB's own DNS name that its certificate covers (`origin.<zone>`). */
  readonly albOriginDomain: string;
  readonly originVerifyHeader: { readonly name: string; readonly value: string };
  /** Public hostnames the distribution answers for (must be covered by the certificate). */
  readonly aliases: string[];
  /** ACM certificate in us-east-1. */
  readonly certificateArn: string;
  /** Access-log bucket's domain name (`<bucket>.s3.amazonaws.com`). */
  readonly logBucketDomainName: string;
  /** Access-log bucket's name: the static-assets bucket's server access logs go to `s3/<bucket>/` in it. */
  readonly logBucketName: string;
  /** @default "PriceClass_100" */
  readonly priceClass?: string;
  /**
   * The legacy load balancer as an origin, and the path patterns CloudFront sends to it (all methods, nothing
   * cached): before the data cutover the routes of services that write to the database stay on legacy, so a user the
   * canary puts on the new platform still writes to the legacy database. The viewer's Host goes with the request,
   * so the legacy certificate (which covers the public names) validates and legacy routes by Host as today.
   * @default - no legacy origin
   */
  readonly legacy?: { readonly domainName: string; readonly pathPatterns: readonly string[] };
  /**
   * The AWS WAF web ACL in front of the distribution (managed rule groups, logged), or the written reason it is off,
   * which becomes a BH-EDGE-7 suppression and is printed in every synth summary.
   */
  readonly waf: CdnWafProps | { readonly off: string };
}

/**
 * The presentation tier: a CloudFront distribution that serves static UI assets from a private S3 bucket (read
 * through origin access control, never public) and everything else from the ALB over HTTPS, with the secret
 * origin-verify header, TLS 1.2+ for viewers, security headers, access logs and a logged WAF web ACL (unless turned
 * off with a reason).
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly staticAssets: SecureBucket;
  readonly webAcl?: Wafv2WebAcl;
  readonly webAclLogging?: WebAclLogging;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const priceClass = props.priceClass ?? "PriceClass_100";

    // The bucket policy names the distribution, which is created after the bucket: resolve it lazily.
    let distributionArn = "";
    const staticAssetsBucket = physicalName(props.namePrefix, "staticAssetsBucket");
    this.staticAssets = new SecureBucket(this, "StaticAssets", {
      bucketName: staticAssetsBucket,
      serverAccessLogs: { targetBucket: props.logBucketName, targetPrefix: `s3/${staticAssetsBucket}/` },
      extraPolicyStatements: (arn) => [
        {
          Sid: "CloudFrontReadsThroughOac",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `${arn}/*`,
          Condition: { StringEquals: { "AWS:SourceArn": Lazy.stringValue({ produce: () => distributionArn }) } },
        },
      ],
    });
    const oac = new CloudfrontOriginAccessControl(this, "OriginAccessControl", {
      name: physicalName(props.namePrefix, "staticAssetsAccessControl"),
      description: "CloudFront signs every request to the static-assets bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    const managedCache = (cid: string, name: string) => new DataAwsCloudfrontCachePolicy(this, cid, { name }).id;
    const cachingDisabled = managedCache("CachingDisabled", "Managed-CachingDisabled");
    const cachingOptimized = managedCache("CachingOptimized", "Managed-CachingOptimized");
    // Every viewer header, Host included: services routed by host (`routing.hosts`) see the public name, and apps that
    // build URLs from Host build public ones. CloudFront then validates the origin's certificate against that Host:
    // the regional certificate covers the zone and *.zone, which config requires of every public name.
    const allViewer = new DataAwsCloudfrontOriginRequestPolicy(this, "AllViewer", { name: "Managed-AllViewer" }).id;

    const headers = new CloudfrontResponseHeadersPolicy(this, "SecurityHeaders", {
      name: `${props.namePrefix}-security-headers`,
      comment: "HSTS, no sniffing, no framing, strict referrer",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const waf = "off" in props.waf ? undefined : props.waf;
    if (waf) {
      this.webAcl = new Wafv2WebAcl(this, "WebAcl", {
        name: `${props.namePrefix}-edge`,
        description: "AWS managed rule groups in front of CloudFront",
        scope: "CLOUDFRONT",
        // CloudFront web ACLs live in us-east-1 whatever the stack's region.
        provider: waf.globalProvider,
        defaultAction: { allow: {} },
        ruleJson: managedRuleGroupsJson(),
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${props.namePrefix}-edge`, sampledRequestsEnabled: true },
      });
      this.webAclLogging = new WebAclLogging(this, "WebAclLogging", {
        namePrefix: props.namePrefix,
        webAclArn: this.webAcl.arn,
        accountId: waf.accountId,
        region: CLOUDFRONT_WAF_REGION,
        provider: waf.globalProvider,
        retentionDays: waf.logRetentionDays,
      });
    }

    const viewer = { viewerProtocolPolicy: "redirect-to-https", compress: true, responseHeadersPolicyId: headers.id };
    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      enabled: true,
      comment: `${props.namePrefix}: static assets and the application`,
      aliases: props.aliases,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass,
      webAclId: this.webAcl?.arn,
      origin: [
        {
          originId: ALB_ORIGIN,
          domainName: props.albOriginDomain,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
          customHeader: [{ name: props.originVerifyHeader.name, value: props.originVerifyHeader.value }],
        },
        { originId: STATIC_ORIGIN, domainName: this.staticAssets.bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
        ...(props.legacy
          ? [{ originId: LEGACY_ORIGIN, domainName: props.legacy.domainName, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }]
          : []),
      ],
      defaultCacheBehavior: {
        ...viewer,
        targetOriginId: ALB_ORIGIN,
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: cachingDisabled,
        originRequestPolicyId: allViewer,
      },
      // CloudFront takes the first behaviour whose pattern matches, in this order: most specific first, so the
      // outcome never depends on the order patterns were configured in.
      orderedCacheBehavior: [
        ...STATIC_PATHS.map((pathPattern) => ({
          ...viewer,
          pathPattern,
          targetOriginId: STATIC_ORIGIN,
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: cachingOptimized,
        })),
        ...[...new Set(props.legacy?.pathPatterns ?? [])].map((pathPattern) => ({
          ...viewer,
          pathPattern,
          targetOriginId: LEGACY_ORIGIN,
          allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: cachingDisabled,
          originRequestPolicyId: allViewer,
        })),
      ].sort((a, b) => compareSpecificity(a.pathPattern, b.pathPattern)),
      viewerCertificate: { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      loggingConfig: { bucket: props.logBucketDomainName, prefix: "cloudfront/", includeCookies: false },
    });
    distributionArn = this.distribution.arn;
    if ("off" in props.waf) {
      suppress(this.distribution, { id: "BH-EDGE-7", reason: `edge.waf.enabled is false: ${props.waf.off}` });
    }
  }
}
