import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { Construct } from "constructs";
import { PLATFORM_HEALTH_RULE_PRIORITY } from "../../config/priority";

/** What Route 53 requests through CloudFront to decide whether the new platform answers. */
export const PLATFORM_HEALTH_PATH = "/healthz";

export interface HealthCheckRuleProps {
  /** The ALB's HTTPS listener. */
  readonly listenerArn: string;
  /** Only requests that came through CloudFront carry it. */
  readonly originVerifyHeader: { readonly name: string; readonly value: string };
  /** @default PLATFORM_HEALTH_PATH ("/healthz") */
  readonly path?: string;
}

/**
 * A listener rule that answers `GET /healthz` with 200 from the ALB itself, for the Route 53 health check on
 * `new.<zone>`. Without it the check could never pass: service rules match their own paths (`/app/*`,
 * `/api/...`), a service's container health path is not routed through the ALB, and the listener's default
 * action is a 404. Like every service rule it requires the origin-verify header, so it proves the whole
 * CloudFront -> ALB path; golive's PlatformHealthCheck adds whether each service has a healthy target.
 */
export class HealthCheckRule extends Construct {
  readonly rule: LbListenerRule;
  readonly path: string;

  constructor(scope: Construct, id: string, props: HealthCheckRuleProps) {
    super(scope, id);
    this.path = props.path ?? PLATFORM_HEALTH_PATH;
    this.rule = new LbListenerRule(this, "Rule", {
      listenerArn: props.listenerArn,
      priority: PLATFORM_HEALTH_RULE_PRIORITY,
      condition: [
        { httpHeader: { httpHeaderName: props.originVerifyHeader.name, values: [props.originVerifyHeader.value] } },
        { pathPattern: { values: [this.path] } },
      ],
      action: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200", messageBody: "ok" } }],
      tags: { purpose: "route53-health-check" },
    });
  }
}
