import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

export interface SecurityGroupsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** The database port the app tier may reach. */
  readonly databasePort: number;
}

/**
 * The tiers' security groups, chained by group reference rather than CIDR so that membership, not addresses,
 * decides who talks to whom: CloudFront -> edge (443) -> app -> database (db port); endpoints <- VPC (443).
 * Rules are separate resources (one per rule, each described) so services can add their own port rules later.
 */
export class SecurityGroups extends Construct {
  readonly edge: SecurityGroup;
  readonly app: SecurityGroup;
  readonly database: SecurityGroup;
  readonly endpoints: SecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const group = (gid: string, suffix: string, description: string) =>
      new SecurityGroup(this, gid, {
        // A prefix, not a name: create_before_destroy makes the replacement while the old group still exists, and
        // two groups of one name in a VPC are an InvalidGroup.Duplicate error. The Name tag stays readable.
        namePrefix: `${props.namePrefix}-${suffix}-`,
        description,
        vpcId: props.vpcId,
        // `tier` tells the guardrails which group is the internet-facing edge (BH-NET-5).
        tags: { Name: `${props.namePrefix}-${suffix}`, tier: suffix },
        // Replacing a group that is in use fails; create the new one first.
        lifecycle: { createBeforeDestroy: true },
      });
    this.edge = group("Edge", "edge", "Internet-facing ALB: HTTPS from CloudFront only");
    this.app = group("App", "app", "ECS instances and tasks: traffic from the ALB only");
    this.database = group("Database", "database", "RDS and DMS: the database port from the app tier only");
    this.endpoints = group("Endpoints", "endpoints", "Interface VPC endpoints: HTTPS from inside the VPC");

    // CloudFront's origin-facing ranges: the ALB is not reachable from the rest of the internet.
    const cloudfront = new DataAwsEc2ManagedPrefixList(this, "CloudFrontOriginFacing", {
      name: "com.amazonaws.global.cloudfront.origin-facing",
    });
    new VpcSecurityGroupIngressRule(this, "EdgeFromCloudFront", {
      securityGroupId: this.edge.id,
      description: "HTTPS from CloudFront origin-facing addresses",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      prefixListId: cloudfront.id,
    });
    // One rule for every service: containers run unprivileged, so their ports are 1024 and up (config enforces
    // it). Per-service rules would collide whenever two services share a port.
    new VpcSecurityGroupIngressRule(this, "AppFromEdge", {
      securityGroupId: this.app.id,
      description: "ALB to service containers (unprivileged ports)",
      ipProtocol: "tcp",
      fromPort: 1024,
      toPort: 65535,
      referencedSecurityGroupId: this.edge.id,
    });
    new VpcSecurityGroupEgressRule(this, "EdgeToApp", {
      securityGroupId: this.edge.id,
      description: "ALB to service containers (unprivileged ports)",
      ipProtocol: "tcp",
      fromPort: 1024,
      toPort: 65535,
      referencedSecurityGroupId: this.app.id,
    });

    new VpcSecurityGroupEgressRule(this, "AppToHttps", {
      securityGroupId: this.app.id,
      description: "HTTPS to AWS APIs and partner APIs (through endpoints or NAT)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupEgressRule(this, "AppToDatabase", {
      securityGroupId: this.app.id,
      description: "Application to the database port",
      ipProtocol: "tcp",
      fromPort: props.databasePort,
      toPort: props.databasePort,
      referencedSecurityGroupId: this.database.id,
    });
    new VpcSecurityGroupIngressRule(this, "DatabaseFromApp", {
      securityGroupId: this.database.id,
      description: "Database port from the app tier",
      ipProtocol: "tcp",
      fromPort: props.databasePort,
      toPort: props.databasePort,
      referencedSecurityGroupId: this.app.id,
    });

    new VpcSecurityGroupIngressRule(this, "EndpointsFromVpc", {
      securityGroupId: this.endpoints.id,
      description: "HTTPS to interface endpoints from inside the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
  }
}
