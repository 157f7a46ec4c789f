// The contract between phase2 and golive: the database, the data migration and the critical services (the preview
// name and its health check are phase1's since 2026-12: Phase1Outputs.preview).

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
  /** DMS replication task ARN, when data migration is configured and not retired. */
  readonly dmsTaskArn?: string;
  readonly serviceNames: string[];
  /** Service name -> its target group's ARN suffix (the CloudWatch dimension for per-service alarms). */
  readonly targetGroupArnSuffixes: Record<string, string>;
}
