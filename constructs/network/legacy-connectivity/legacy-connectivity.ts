import { Route } from "@cdktf/provider-aws/lib/route";
import type { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import type { LegacyNetworkConfig } from "../../../config/schema";
import { cidrConstructId } from "./cidr-id";
import { LegacyDnsForwarding } from "./legacy-dns-forwarding";
import type { LegacyLink } from "./link";
import { LegacySiteToSiteVpn } from "./site-to-site-vpn";
import { LegacyTransitGatewayAttachment } from "./transit-gateway-attachment";
import { LegacyVpcPeering } from "./vpc-peering";

export interface LegacyConnectivityProps {
  /** `<project>-<environment>` */
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  /** `legacy.network` from the environment file. */
  readonly legacy: LegacyNetworkConfig;
  /** The data tier's route tables (DMS, and the DNS endpoint): always routed to the legacy CIDRs. */
  readonly isolatedRouteTables: RouteTable[];
  /** The isolated subnets, one per AZ: transit gateway attachment and DNS endpoint addresses. */
  readonly isolatedSubnetIds: string[];
  /** The services' route tables: routed to the legacy CIDRs only when `legacy.applicationPorts` is not empty. */
  readonly privateRouteTables: RouteTable[];
  /** The app tier's security group: egress to the legacy CIDRs on `legacy.applicationPorts`, and nothing else. */
  readonly appSecurityGroupId: string;
  /**
   * The name forwarded to the legacy resolvers when `legacy.dns.type` is `forward` and it names none.
   * @default - none: a `forward` without `domainName` then throws (config/semantic.ts rejects it first)
   */
  readonly defaultDnsName?: string;
}

/**
 * The new VPC's way to the legacy network, from config: one link (peering, transit gateway or VPN), routes to the
 * legacy CIDRs from the route tables that need them and only those, and the legacy database's name resolved from
 * inside the VPC. Security groups are the consumers' own: DMS opens its group to the legacy database port
 * (constructs/data/data-migration.ts); this construct opens the app group only to `applicationPorts`.
 */
export class LegacyConnectivity extends Construct {
  readonly link: LegacyLink;
  readonly routes: Route[] = [];
  readonly dns?: LegacyDnsForwarding;

  constructor(scope: Construct, id: string, props: LegacyConnectivityProps) {
    super(scope, id);
    const { legacy, namePrefix, vpcId } = props;
    const connectivity = legacy.connectivity;
    switch (connectivity.type) {
      case "peering":
        this.link = new LegacyVpcPeering(this, "Peering", {
          namePrefix,
          region: props.region,
          vpcId,
          peerVpcId: connectivity.peerVpcId,
          peerAccountId: connectivity.peerAccountId,
          peerRegion: connectivity.peerRegion,
        });
        break;
      case "transitGateway":
        this.link = new LegacyTransitGatewayAttachment(this, "TransitGateway", {
          namePrefix,
          vpcId,
          transitGatewayId: connectivity.transitGatewayId,
          subnetIds: props.isolatedSubnetIds,
        });
        break;
      case "vpn":
        this.link = new LegacySiteToSiteVpn(this, "Vpn", {
          namePrefix,
          vpcId,
          customerGatewayIp: connectivity.customerGatewayIp,
          customerGatewayBgpAsn: connectivity.customerGatewayBgpAsn,
          routing: connectivity.routing,
          legacyCidrs: legacy.cidrs,
          amazonSideAsn: connectivity.amazonSideAsn,
        });
        break;
    }

    const tables: [string, RouteTable][] = props.isolatedRouteTables.map((t, i) => [`Isolated${i}`, t]);
    if (legacy.applicationPorts.length) tables.push(...props.privateRouteTables.map((t, i): [string, RouteTable] => [`Private${i}`, t]));
    const routes = new Construct(this, "Routes");
    for (const [tableId, table] of tables) {
      for (const cidr of legacy.cidrs) {
        this.routes.push(
          new Route(routes, `${tableId}-${cidrConstructId(cidr)}`, {
            routeTableId: table.id,
            destinationCidrBlock: cidr,
            ...this.link.routeTarget,
            dependsOn: this.link.routeDependsOn,
          }),
        );
      }
    }

    const appRules = new Construct(this, "AppToLegacy");
    for (const port of legacy.applicationPorts) {
      for (const cidr of legacy.cidrs) {
        new VpcSecurityGroupEgressRule(appRules, `${port}-${cidrConstructId(cidr)}`, {
          securityGroupId: props.appSecurityGroupId,
          description: `Services to the legacy network (${cidr}) on ${port} during the migration`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      }
    }

    if (legacy.dns.type === "forward") {
      const domainName = legacy.dns.domainName ?? props.defaultDnsName;
      if (domainName === undefined) throw new Error(`${this.node.path}: legacy.network.dns.domainName is required when there is no default name`);
      this.dns = new LegacyDnsForwarding(this, "Dns", { namePrefix, vpcId, subnetIds: props.isolatedSubnetIds, domainName, targetIps: legacy.dns.targetIps });
    }
  }
}
