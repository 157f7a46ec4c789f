import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import { physicalName } from "../../config/physical-names";

export type NatGatewayMode = "single" | "perAz";

export interface NetworkProps {
  /** `<project>-<environment>`, prefixed to every Name tag. */
  readonly namePrefix: string;
  readonly cidr: string;
  readonly azCount: number;
  /** One CIDR per AZ for each tier, in AZ order. */
  readonly publicSubnetCidrs: string[];
  readonly privateSubnetCidrs: string[];
  readonly isolatedSubnetCidrs: string[];
  /**
   * `perAz` survives the loss of an AZ; `single` routes every private subnet through the first AZ's gateway.
   * @default "perAz"
   */
  readonly natGateways?: NatGatewayMode;
  /** Flow log group retention. @default 90 */
  readonly flowLogRetentionDays?: number;
  /** KMS key for the flow log group. */
  readonly logKmsKeyArn: string;
}

/** One tier's subnets and their route tables, in AZ order. */
export class SubnetTier extends Construct {
  readonly subnets: Subnet[] = [];
  readonly routeTables: RouteTable[] = [];

  get ids(): string[] {
    return this.subnets.map((s) => s.id);
  }
}

/**
 * The VPC over N AZs with three tiers: public (ALB, NAT), private (ECS, egress through NAT) and isolated (data, no
 * internet route). Flow logs record all traffic to an encrypted log group; the default security group is emptied
 * so nothing can use it by accident.
 */
export class Network extends Construct {
  static readonly DEFAULT_FLOW_LOG_RETENTION_DAYS = 90;

  readonly vpc: Vpc;
  readonly publicTier: SubnetTier;
  readonly privateTier: SubnetTier;
  readonly isolatedTier: SubnetTier;
  readonly natGateways: NatGateway[] = [];
  readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natMode = props.natGateways ?? "perAz";
    const flowLogRetentionDays = props.flowLogRetentionDays ?? Network.DEFAULT_FLOW_LOG_RETENTION_DAYS;
    const name = (suffix: string) => ({ Name: `${props.namePrefix}-${suffix}` });

    const azs = new DataAwsAvailabilityZones(this, "Azs", { state: "available", filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] });
    const az = (i: number) => Fn.element(azs.names, i);

    this.vpc = new Vpc(this, "Vpc", { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: name("vpc") });
    const igw = new InternetGateway(this, "InternetGateway", { vpcId: this.vpc.id, tags: name("igw") });

    // Public tier: one route table, default route to the internet gateway. No public IPs on launch: the ALB and
    // NAT gateways get theirs explicitly.
    this.publicTier = new SubnetTier(this, "Public");
    const publicRoutes = new RouteTable(this.publicTier, "RouteTable", { vpcId: this.vpc.id, tags: name("public") });
    new Route(this.publicTier, "DefaultRoute", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    this.publicTier.routeTables.push(publicRoutes);
    for (let i = 0; i < props.azCount; i++) {
      const subnet = new Subnet(this.publicTier, `Subnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.publicSubnetCidrs[i],
        availabilityZone: az(i),
        mapPublicIpOnLaunch: false,
        tags: { ...name(`public-${i}`), tier: "public" },
      });
      new RouteTableAssociation(this.publicTier, `Association${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      this.publicTier.subnets.push(subnet);
    }

    const natCount = natMode === "perAz" ? props.azCount : 1;
    for (let i = 0; i < natCount; i++) {
      const eip = new Eip(this, `NatEip${i}`, { domain: "vpc", tags: name(`nat-${i}`) });
      this.natGateways.push(
        new NatGateway(this, `NatGateway${i}`, {
          allocationId: eip.allocationId,
          subnetId: this.publicTier.subnets[i].id,
          tags: name(`nat-${i}`),
          dependsOn: [igw],
        }),
      );
    }

    // Private tier: a route table per AZ so each AZ can use its own NAT gateway.
    this.privateTier = new SubnetTier(this, "Private");
    for (let i = 0; i < props.azCount; i++) {
      const subnet = new Subnet(this.privateTier, `Subnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.privateSubnetCidrs[i],
        availabilityZone: az(i),
        tags: { ...name(`private-${i}`), tier: "private" },
      });
      const routes = new RouteTable(this.privateTier, `RouteTable${i}`, { vpcId: this.vpc.id, tags: name(`private-${i}`) });
      new Route(this.privateTier, `DefaultRoute${i}`, {
        routeTableId: routes.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: this.natGateways[Math.min(i, natCount - 1)].id,
      });
      new RouteTableAssociation(this.privateTier, `Association${i}`, { subnetId: subnet.id, routeTableId: routes.id });
      this.privateTier.subnets.push(subnet);
      this.privateTier.routeTables.push(routes);
    }

    // Isolated tier: local routes only (plus the S3 gateway endpoint added by VpcEndpoints).
    this.isolatedTier = new SubnetTier(this, "Isolated");
    const isolatedRoutes = new RouteTable(this.isolatedTier, "RouteTable", { vpcId: this.vpc.id, tags: name("isolated") });
    this.isolatedTier.routeTables.push(isolatedRoutes);
    for (let i = 0; i < props.azCount; i++) {
      const subnet = new Subnet(this.isolatedTier, `Subnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.isolatedSubnetCidrs[i],
        availabilityZone: az(i),
        tags: { ...name(`isolated-${i}`), tier: "isolated" },
      });
      new RouteTableAssociation(this.isolatedTier, `Association${i}`, { subnetId: subnet.id, routeTableId: isolatedRoutes.id });
      this.isolatedTier.subnets.push(subnet);
    }

    // Managing the default security group with no rules removes AWS's allow-all-within-group defaults.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: this.vpc.id, ingress: [], egress: [], tags: name("default-closed") });

    this.flowLogGroup = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: `/${props.namePrefix}/vpc-flow-logs`,
      retentionInDays: flowLogRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    const flowLogRole = new IamRole(this, "FlowLogRole", {
      name: physicalName(props.namePrefix, "flowLogRole"),
      description: "Lets VPC Flow Logs write to its log group",
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com"),
    });
    new IamRolePolicy(this, "FlowLogRolePolicy", {
      role: flowLogRole.id,
      name: "write-flow-logs",
      policy: policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: `${this.flowLogGroup.arn}:*`,
      }),
    });
    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
      tags: name("flow-logs"),
    });
  }
}
