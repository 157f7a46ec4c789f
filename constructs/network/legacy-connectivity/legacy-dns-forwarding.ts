import { Route53ResolverEndpoint } from "@cdktf/provider-aws/lib/route53-resolver-endpoint";
import { Route53ResolverRule } from "@cdktf/provider-aws/lib/route53-resolver-rule";
import { Route53ResolverRuleAssociation } from "@cdktf/provider-aws/lib/route53-resolver-rule-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { physicalName } from "../../../config/physical-names";

export interface LegacyDnsForwardingProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Subnets for the endpoint's addresses (at least two AZs); they must route to the legacy DNS servers. */
  readonly subnetIds: string[];
  /** The one name forwarded (and its subdomains), e.g. the legacy database's host name. */
  readonly domainName: string;
  /** The legacy DNS servers. */
  readonly targetIps: readonly string[];
}

/**
 * Resolves a legacy name from inside the VPC: a Route 53 Resolver outbound endpoint in the subnets routed to the
 * legacy network, and a FORWARD rule for exactly that name to the legacy DNS servers, associated with this VPC.
 * Only that name leaves: forwarding its whole zone would hand every other name in it to the legacy resolvers.
 */
export class LegacyDnsForwarding extends Construct {
  /** DNS on port 53, over both protocols (UDP first, TCP for large answers). */
  static readonly DNS_PORT = 53;

  readonly securityGroup: SecurityGroup;
  readonly endpoint: Route53ResolverEndpoint;
  readonly rule: Route53ResolverRule;

  constructor(scope: Construct, id: string, props: LegacyDnsForwardingProps) {
    super(scope, id);
    if (props.subnetIds.length < 2) {
      throw new Error(`${this.node.path}: a Resolver endpoint needs addresses in at least two subnets; got ${props.subnetIds.length}`);
    }
    const name = physicalName(props.namePrefix, "legacyDnsResolver");
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      namePrefix: `${name}-`,
      description: "Route 53 Resolver outbound endpoint: DNS to the legacy resolvers only",
      vpcId: props.vpcId,
      tags: { Name: name },
      lifecycle: { createBeforeDestroy: true },
    });
    for (const ip of props.targetIps) {
      for (const protocol of ["udp", "tcp"] as const) {
        new VpcSecurityGroupEgressRule(this, `To-${ip.replace(/\./g, "-")}-${protocol}`, {
          securityGroupId: this.securityGroup.id,
          description: `DNS (${protocol}) to the legacy resolver ${ip}`,
          ipProtocol: protocol,
          fromPort: LegacyDnsForwarding.DNS_PORT,
          toPort: LegacyDnsForwarding.DNS_PORT,
          cidrIpv4: `${ip}/32`,
        });
      }
    }
    this.endpoint = new Route53ResolverEndpoint(this, "Endpoint", {
      name,
      direction: "OUTBOUND",
      securityGroupIds: [this.securityGroup.id],
      ipAddress: props.subnetIds.map((subnetId) => ({ subnetId })),
      tags: { Name: name },
    });
    this.rule = new Route53ResolverRule(this, "Rule", {
      name,
      domainName: props.domainName,
      ruleType: "FORWARD",
      resolverEndpointId: this.endpoint.id,
      targetIp: props.targetIps.map((ip) => ({ ip, port: LegacyDnsForwarding.DNS_PORT })),
      tags: { Name: name },
    });
    new Route53ResolverRuleAssociation(this, "Association", { resolverRuleId: this.rule.id, vpcId: props.vpcId, name });
  }
}
