import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Testing } from "cdktf";
import { PreviewHostname } from "../../../constructs/dns/preview-hostname";
import "../../cdktf-matchers";

describe("PreviewHostname", () => {
  let synth: string;
  beforeAll(() => {
    synth = Testing.synthScope((scope) => {
      new PreviewHostname(scope, "Preview", {
        zoneId: "Z123",
        zoneName: "example.com",
        distribution: { domainName: "d111.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" },
        healthCheckPath: "/healthz",
      });
    });
  });

  test("new.<zone> points at the distribution for IPv4 and IPv6, without target health (CloudFront has none)", () => {
    for (const type of ["A", "AAAA"]) {
      expect(synth).toHaveResourceWithProperties(Route53Record, {
        zone_id: "Z123",
        name: "new.example.com",
        type,
        alias: { name: "d111.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false },
      });
    }
  });

  test("creates no record for origin.<zone>: the load balancer in phase1 owns it", () => {
    const names = Object.values<any>(JSON.parse(synth).resource.aws_route53_record).map((r) => r.name);
    expect(names).toEqual(["new.example.com", "new.example.com"]);
  });

  test("checks HTTPS on new.<zone>/healthz every 30 s, 3 failures to turn unhealthy, with latency measured", () => {
    expect(synth).toHaveResourceWithProperties(Route53HealthCheck, {
      type: "HTTPS",
      fqdn: "new.example.com",
      port: 443,
      resource_path: "/healthz",
      enable_sni: true,
      failure_threshold: 3,
      request_interval: 30,
      measure_latency: true,
    });
  });
});
