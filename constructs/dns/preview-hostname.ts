import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/** The label of the pre-cutover name (`new.<zone>`); phase1 lists it among the distribution's aliases. */
export const PREVIEW_LABEL = "new";
/** The label of the ALB's own name (`origin.<zone>`), which phase1's load balancer owns. */
export const ORIGIN_LABEL = "origin";

export const previewFqdn = (zoneName: string) => `${PREVIEW_LABEL}.${zoneName}`;
export const originFqdn = (zoneName: string) => `${ORIGIN_LABEL}.${zoneName}`;

export interface PreviewHostnameProps {
  readonly zoneId: string;
  readonly zoneName: string;
  /** The distribution the preview name points at. */
  readonly distribution: { readonly domainName: string; readonly hostedZoneId: string };
  /** Path the health check requests over HTTPS; something on the platform must answer it with 2xx/3xx. */
  readonly healthCheckPath: string;
  /**
   * Consecutive failures before the check turns unhealthy (and golive stops answering with the new platform).
   * @default PreviewHostname.DEFAULT_FAILURE_THRESHOLD (3)
   */
  readonly failureThreshold?: number;
  /**
   * Seconds between checks from each checker region: 10 (fast, billed extra) or 30.
   * @default PreviewHostname.DEFAULT_REQUEST_INTERVAL (30)
   */
  readonly requestInterval?: 10 | 30;
  /**
   * What the health check must wait for besides the records (the listener rule that answers its path): a check
   * created first would only fail until then.
   * @default - the records only
   */
  readonly healthCheckDependsOn?: ITerraformDependable[];
}

/**
 * `new.<zone>`: the new platform under a real name before any user traffic moves, for pre-cutover checks (A and
 * AAAA aliases to CloudFront), and the Route 53 health check through that name that golive ties every weighted
 * `new` record to. Checking through CloudFront tests what users will hit: DNS, the viewer certificate, CloudFront,
 * the origin certificate on `origin.<zone>`, the origin-verify header and the ALB.
 *
 * There is deliberately no health check on `origin.<zone>`: the ALB admits CloudFront's origin-facing addresses
 * only, so Route 53's checkers could never reach it, and requests without the origin-verify header get a 404.
 */
export class PreviewHostname extends Construct {
  static readonly DEFAULT_FAILURE_THRESHOLD = 3;
  static readonly DEFAULT_REQUEST_INTERVAL = 30;

  readonly fqdn: string;
  readonly records: { readonly ipv4: Route53Record; readonly ipv6: Route53Record };
  readonly healthCheck: Route53HealthCheck;

  constructor(scope: Construct, id: string, props: PreviewHostnameProps) {
    super(scope, id);
    const failureThreshold = props.failureThreshold ?? PreviewHostname.DEFAULT_FAILURE_THRESHOLD;
    const requestInterval = props.requestInterval ?? PreviewHostname.DEFAULT_REQUEST_INTERVAL;
    this.fqdn = previewFqdn(props.zoneName);

    // CloudFront aliases cannot evaluate target health; the health check below does that job.
    const alias = { name: props.distribution.domainName, zoneId: props.distribution.hostedZoneId, evaluateTargetHealth: false };
    this.records = {
      ipv4: new Route53Record(this, "A", { zoneId: props.zoneId, name: this.fqdn, type: "A", alias }),
      ipv6: new Route53Record(this, "AAAA", { zoneId: props.zoneId, name: this.fqdn, type: "AAAA", alias }),
    };
    this.healthCheck = new Route53HealthCheck(this, "HealthCheck", {
      type: "HTTPS",
      fqdn: this.fqdn,
      port: 443,
      resourcePath: props.healthCheckPath,
      enableSni: true,
      failureThreshold,
      requestInterval,
      measureLatency: true,
      tags: { Name: `${this.fqdn}${props.healthCheckPath}` },
      // After the records: where they cannot be created (a name that already exists, docs/phase1.md), no check is
      // created either, so a failed apply leaves no second check behind.
      dependsOn: [this.records.ipv4, this.records.ipv6, ...(props.healthCheckDependsOn ?? [])],
    });
  }
}
