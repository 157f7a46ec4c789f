// The contract between phase2 and golive: where the new platform answers, and the health checks golive ties the
// weighted `new` records to.

export interface Phase2Outputs {
  readonly database: {
    readonly endpoint: string;
    readonly port: number;
    /** ARN of the RDS-managed master user secret: administration and the bootstrap task only, never a service. */
    readonly masterSecretArn: string;
    /** `aws ecs run-task --task-definition <this>` creates the services' database users (docs/phase2.md). */
    readonly bootstrapTaskDefinitionFamily: string;
    readonly instanceIdentifier: string;
  };
  /** DNS names in the existing zone that already point at the new platform (before any user traffic moves). */
  readonly newPlatformRecords: {
    /** e.g. `origin.<zone>` -> ALB alias */
    readonly originFqdn: string;
    /** e.g. `new.<zone>` -> CloudFront alias, for pre-cutover checks */
    readonly previewFqdn: string;
  };
  /** Route 53 health check id on the new platform's public path (golive ties the `new` weighted records to it). */
  readonly healthCheckId: string;
  /** DMS replication task ARN, when data migration is configured and not retired. */
  readonly dmsTaskArn?: string;
  readonly serviceNames: string[];
  /** Service name -> its target group's ARN suffix (the CloudWatch dimension for per-service alarms). */
  readonly targetGroupArnSuffixes: Record<string, string>;
}
