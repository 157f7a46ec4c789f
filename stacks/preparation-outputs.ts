// The contract between the preparation stack and every later phase. Later stacks receive this object and use its
// values directly; cdktf turns each use into an output here and a terraform_remote_state read there.

export interface SubnetGroupOutputs {
  /** Subnet ids in AZ order. */
  readonly ids: string[];
}

export interface PreparationOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnets: SubnetGroupOutputs;
  /** ECS instances and tasks. */
  readonly privateSubnets: SubnetGroupOutputs;
  /** Databases and DMS: no route to the internet. */
  readonly isolatedSubnets: SubnetGroupOutputs;

  readonly securityGroups: {
    /** The internet-facing ALB: 443 from CloudFront only. */
    readonly edge: string;
    /** ECS instances and tasks: reachable from the edge group only. */
    readonly app: string;
    /** RDS and DMS: reachable from the app group on the database port only. */
    readonly database: string;
  };

  readonly kms: {
    /** Logs, ECR, SNS and other platform data. */
    readonly platformKeyArn: string;
    /** RDS, Performance Insights, DMS, database secrets. */
    readonly dataKeyArn: string;
  };

  readonly iam: {
    readonly ecsInstanceProfileName: string;
    readonly ecsInstanceRoleArn: string;
    readonly taskExecutionRoleArn: string;
    readonly taskExecutionRoleName: string;
    /** Permissions boundary every workload role of every phase carries (app.ts sets it). */
    readonly workloadBoundaryArn: string;
  };

  /** Service name -> ECR repository URL. */
  readonly ecrRepositoryUrls: Record<string, string>;

  /** Bucket for ALB, CloudFront and S3 access logs. */
  readonly accessLogBucket: {
    readonly name: string;
    readonly domainName: string;
    readonly arn: string;
  };

  readonly dns: {
    readonly zoneId: string;
    readonly zoneName: string;
    /** Regional certificate for the ALB (validated). */
    readonly regionalCertificateArn: string;
    /** us-east-1 certificate for CloudFront (validated). */
    readonly cloudfrontCertificateArn: string;
  };

  /**
   * Terraform Cloud's dynamic provider credentials, only with backend `cloud` and `remote`/`agent` execution: the
   * roles the workspaces' plan and apply phases assume (also the named outputs TFC_AWS_PLAN_ROLE_ARN and
   * TFC_AWS_APPLY_ROLE_ARN, which an operator copies into the workspaces' variables).
   */
  readonly terraformCloudRoles?: {
    readonly planRoleArn: string;
    readonly applyRoleArn: string;
  };
}
