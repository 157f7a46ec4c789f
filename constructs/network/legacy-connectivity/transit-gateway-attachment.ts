import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Construct } from "constructs";
import type { LegacyLink, LegacyRouteTarget } from "./link";

export interface LegacyTransitGatewayAttachmentProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly transitGatewayId: string;
  /** One subnet per AZ: the attachment carries traffic only for AZs it has a subnet in. */
  readonly subnetIds: string[];
}

/**
 * An attachment of this VPC to an existing transit gateway (shared through RAM when another account owns it). The
 * transit gateway's own route tables (association, propagation, the route back) belong to its owner:
 * docs/phase2.md, "Legacy side".
 */
export class LegacyTransitGatewayAttachment extends Construct implements LegacyLink {
  readonly attachment: Ec2TransitGatewayVpcAttachment;
  readonly kind = "Transit Gateway attachment";
  private readonly transitGatewayId: string;

  constructor(scope: Construct, id: string, props: LegacyTransitGatewayAttachmentProps) {
    super(scope, id);
    this.transitGatewayId = props.transitGatewayId;
    this.attachment = new Ec2TransitGatewayVpcAttachment(this, "Attachment", {
      vpcId: props.vpcId,
      transitGatewayId: props.transitGatewayId,
      subnetIds: props.subnetIds,
      dnsSupport: "enable",
      tags: { Name: `${props.namePrefix}-legacy-tgw` },
    });
  }

  get routeTarget(): LegacyRouteTarget {
    return { transitGatewayId: this.transitGatewayId };
  }

  get routeDependsOn() {
    return [this.attachment];
  }
}
