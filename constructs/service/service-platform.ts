// What every service needs from the platform, as one typed object: phase1 builds it from its own constructs,
// phase2 from phase1's and preparation's outputs. Services never take loose id strings.

export interface ServicePlatform {
  /** `<project>-<environment>` */
  readonly namePrefix: string;
  readonly region: string;
  readonly cluster: {
    readonly name: string;
    readonly arn: string;
    readonly capacityProviderName: string;
  };
  readonly loadBalancer: {
    readonly httpsListenerArn: string;
    /** `app/<name>/<id>`, for the request-count scaling metric. */
    readonly arnSuffix: string;
  };
  readonly originVerifyHeader: { readonly name: string; readonly value: string };
  readonly network: {
    readonly vpcId: string;
    /** Private subnets the tasks run in. */
    readonly subnetIds: string[];
    readonly appSecurityGroupId: string;
    readonly edgeSecurityGroupId: string;
  };
  /** Service name -> ECR repository URL. */
  readonly ecrRepositoryUrls: Record<string, string>;
  /** Service name -> ECR repository name (`<project>/<service>`): the task definition resolves its tag there at plan time. */
  readonly ecrRepositoryNames: Record<string, string>;
  /** Encrypts the services' log groups. */
  readonly logKmsKeyArn: string;
  readonly logRetentionDays: number;
  /**
   * ECS Exec's audit trail: the cluster's KMS key (sessions and logs) and its encrypted log group. Services with
   * `enableExecuteCommand` grant their task role the session channels and writes to this group only.
   */
  readonly execAudit: { readonly logGroupArn: string; readonly kmsKeyArn: string };
  /** Shared execution role for services that read no secrets. */
  readonly sharedExecutionRoleArn: string;
  /** How services with `usesDatabase` reach the database. @default - no database (phase1) */
  readonly database?: DatabaseAccess;
}

/**
 * What a service that uses the database receives: where it is, and how to name its own database user for IAM
 * database authentication. No credentials: the task role signs a token per connection (constructs/data/database-identity).
 */
export interface DatabaseAccess {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  /** `arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>`: `/<user>` completes what `rds-db:connect` is granted on. */
  readonly iamUserArnPrefix: string;
}
