import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";

/** Interface endpoints ECS on EC2 needs to pull images, ship logs and read secrets without the NAT path. */
export const DEFAULT_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "ssm", "secretsmanager"] as const;

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  /** Subnets for the interface endpoints' network interfaces (one per AZ). */
  readonly subnetIds: string[];
  /** Route tables that get the S3 gateway endpoint route. */
  readonly routeTableIds: string[];
  readonly securityGroupId: string;
  /**
   * Interface endpoint service suffixes (`com.amazonaws.<region>.<suffix>`).
   * @default DEFAULT_INTERFACE_ENDPOINTS
   */
  readonly interfaceServices?: readonly string[];
}

/** A gateway endpoint for S3 (free; ECR layers live in S3) and interface endpoints with private DNS. */
export class VpcEndpoints extends Construct {
  readonly s3: VpcEndpoint;
  readonly interfaces: Record<string, VpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const services = props.interfaceServices ?? DEFAULT_INTERFACE_ENDPOINTS;
    this.s3 = new VpcEndpoint(this, "S3", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: props.routeTableIds,
      tags: { Name: `${props.namePrefix}-s3` },
    });
    for (const service of services) {
      // Construct ids derive from the service name, so adding an endpoint never renames another.
      this.interfaces[service] = new VpcEndpoint(this, service.replace(/[^a-z0-9]/g, "-"), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [props.securityGroupId],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
  }
}
