import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { Testing } from "cdktf";
import { PLATFORM_HEALTH_RULE_PRIORITY } from "../../../config/priority";
import { HealthCheckRule, PLATFORM_HEALTH_PATH } from "../../../constructs/edge/health-check-rule";
import "../../cdktf-matchers";

describe("HealthCheckRule", () => {
  test("answers GET /healthz with 200 from the ALB, only for requests that came through CloudFront", () => {
    const synth = Testing.synthScope((scope) => {
      new HealthCheckRule(scope, "HealthCheckRule", {
        listenerArn: "arn:aws:elasticloadbalancing:eu-west-2:111111111111:listener/app/x/1/2",
        originVerifyHeader: { name: "X-Origin-Verify", value: "secret" },
      });
    });
    expect(synth).toHaveResourceWithProperties(LbListenerRule, {
      listener_arn: "arn:aws:elasticloadbalancing:eu-west-2:111111111111:listener/app/x/1/2",
      priority: PLATFORM_HEALTH_RULE_PRIORITY,
      condition: [{ http_header: { http_header_name: "X-Origin-Verify", values: ["secret"] } }, { path_pattern: { values: [PLATFORM_HEALTH_PATH] } }],
      action: [{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "200", message_body: "ok" } }],
    });
  });
});
