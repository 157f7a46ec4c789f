import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { Construct } from "constructs";
import type { LegacyLink, LegacyRouteTarget } from "./link";

export interface LegacyVpcPeeringProps {
  readonly namePrefix: string;
  /** This stack's region. */
  readonly region: string;
  readonly vpcId: string;
  readonly peerVpcId: string;
  /** @default - this account: the peering is accepted here, at creation */
  readonly peerAccountId?: string;
  /** @default - this region */
  readonly peerRegion?: string;
}

/**
 * The requester side of a VPC peering to the legacy VPC. Same account and region: accepted at creation
 * (`auto_accept`). Another account or region: AWS leaves it `pending-acceptance` until the legacy VPC's owner accepts
 * it (docs/phase2.md, "Legacy side"); routes to it are created at once and carry traffic from acceptance on.
 */
export class LegacyVpcPeering extends Construct implements LegacyLink {
  readonly connection: VpcPeeringConnection;
  readonly kind = "VPC peering";
  /** True when this stack accepts the peering itself. */
  readonly acceptedHere: boolean;

  constructor(scope: Construct, id: string, props: LegacyVpcPeeringProps) {
    super(scope, id);
    const peerRegion = props.peerRegion === props.region ? undefined : props.peerRegion;
    this.acceptedHere = props.peerAccountId === undefined && peerRegion === undefined;
    this.connection = new VpcPeeringConnection(this, "Connection", {
      vpcId: props.vpcId,
      peerVpcId: props.peerVpcId,
      peerOwnerId: props.peerAccountId,
      peerRegion,
      // AWS refuses auto_accept across accounts or regions: the accepter must act there.
      autoAccept: this.acceptedHere ? true : undefined,
      tags: { Name: `${props.namePrefix}-legacy-peering`, side: "requester" },
    });
  }

  get routeTarget(): LegacyRouteTarget {
    return { vpcPeeringConnectionId: this.connection.id };
  }

  get routeDependsOn() {
    return [];
  }
}
