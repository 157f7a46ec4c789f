// TEMPORARY test double for the real Phase1Stack (issue 4), which is not on this branch yet. It creates the few real
// resources whose attributes make up Phase1Outputs, so phase2's tests exercise genuine cross-stack references
// (outputs here, terraform_remote_state there). Delete it once phase1-stack.ts is merged and the phase2 tests build
// the real stack through app.ts.
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import type { Construct } from "constructs";
import { PhaseStack, type PhaseStackProps } from "../../stacks/phase-stack";
import type { Phase1Outputs } from "../../stacks/phase1-outputs";
import type { PreparationOutputs } from "../../stacks/preparation-outputs";

export interface FakePhase1StackProps extends PhaseStackProps {
  readonly preparation: PreparationOutputs;
}

export class FakePhase1Stack extends PhaseStack {
  readonly outputs: Phase1Outputs;

  constructor(scope: Construct, props: FakePhase1StackProps) {
    super(scope, "phase1", props);
    const prep = props.preparation;
    const cluster = new EcsCluster(this, "Cluster", { name: `${this.namePrefix}-cluster` });
    const alb = new Lb(this, "Alb", { name: `${this.namePrefix}-alb`, loadBalancerType: "application", subnets: prep.publicSubnets.ids, securityGroups: [prep.securityGroups.edge] });
    const listener = new LbListener(this, "HttpsListener", {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: "HTTPS",
      certificateArn: prep.dns.regionalCertificateArn,
      defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
    });
    const distribution = new CloudfrontDistribution(this, "Distribution", {
      enabled: true,
      origin: [{ originId: "alb", domainName: alb.dnsName, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
      defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "alb", viewerProtocolPolicy: "redirect-to-https" },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { acmCertificateArn: prep.dns.cloudfrontCertificateArn, sslSupportMethod: "sni-only" },
    });
    this.outputs = {
      cluster: { name: cluster.name, arn: cluster.arn, capacityProviderName: `${this.namePrefix}-capacity` },
      loadBalancer: { arn: alb.arn, arnSuffix: alb.arnSuffix, dnsName: alb.dnsName, zoneId: alb.zoneId, httpsListenerArn: listener.arn },
      originVerifyHeader: { name: "X-Origin-Verify", value: "fake-origin-verify-value" },
      distribution: { id: distribution.id, arn: distribution.arn, domainName: distribution.domainName, hostedZoneId: distribution.hostedZoneId },
      serviceNames: this.config.services.filter((s) => s.phase === 1).map((s) => s.name),
      targetGroupArnSuffixes: {},
    };
  }
}
