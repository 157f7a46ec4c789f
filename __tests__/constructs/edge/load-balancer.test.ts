import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Testing } from "cdktf";
import { LoadBalancer } from "../../../constructs/edge/load-balancer";
import "../../cdktf-matchers";

describe("LoadBalancer", () => {
  let synth: string;
  beforeAll(() => {
    synth = Testing.synthScope(
      (scope) =>
        new LoadBalancer(scope, "LoadBalancer", {
          namePrefix: "bh-test",
          publicSubnetIds: ["subnet-a", "subnet-b"],
          edgeSecurityGroupId: "sg-edge",
          certificateArn: "arn:aws:acm:eu-west-2:111111111111:certificate/c",
          accessLogBucketName: "bh-test-access-logs",
          zoneId: "Z123",
          zoneName: "example.com",
          kmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/k",
        }),
    );
  });

  test("is internet-facing in the public subnets behind the edge group, with the safety switches on", () => {
    expect(synth).toHaveResourceWithProperties(Lb, {
      internal: false,
      load_balancer_type: "application",
      subnets: ["subnet-a", "subnet-b"],
      security_groups: ["sg-edge"],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      desync_mitigation_mode: "defensive",
      access_logs: { bucket: "bh-test-access-logs", prefix: "alb", enabled: true },
    });
  });

  test("HTTPS uses the TLS 1.3/1.2 policy and answers unknown requests with 404", () => {
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: "arn:aws:acm:eu-west-2:111111111111:certificate/c",
      default_action: [expect.objectContaining({ type: "fixed-response", fixed_response: expect.objectContaining({ status_code: "404" }) })],
    });
  });

  test("HTTP only redirects to HTTPS", () => {
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 80,
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });

  test("the origin-verify value is generated once and kept (later random values are ignored)", () => {
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecretVersion, { lifecycle: { ignore_changes: ["secret_string"] } });
  });

  test("owns origin.<zone> as an alias to itself, which CloudFront's TLS check needs", () => {
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      name: "origin.example.com",
      type: "A",
      alias: expect.objectContaining({ evaluate_target_health: true }),
    });
  });
});
