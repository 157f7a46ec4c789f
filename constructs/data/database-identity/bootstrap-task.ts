import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { engineMajorVersion, type DatabaseEngine } from "../../../config/database-engine";
import { physicalName } from "../../../config/physical-names";
import { AWS_MANAGED_POLICY, policyDocument, serviceTrustPolicy } from "../../iam/policy-document";
import { bootstrapSql } from "./service-identity";

export interface DatabaseBootstrapTaskProps {
  /** `<project>-<environment>` */
  readonly namePrefix: string;
  readonly region: string;
  readonly engine: DatabaseEngine;
  /** e.g. `16.4`: the client image's major follows it. */
  readonly engineVersion: string;
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  /** The RDS-managed master secret: the only thing that reads it. */
  readonly masterSecretArn: string;
  /** The key that encrypts the master secret. */
  readonly masterSecretKmsKeyArn: string;
  /** The database users to create (one per service with `usesDatabase`). */
  readonly users: readonly string[];
  readonly logKmsKeyArn: string;
  readonly logRetentionDays: number;
  /**
   * The client image.
   * @default - the engine's official image from ECR Public at the database's major version (pulled through NAT)
   */
  readonly image?: string;
}

/** Client image and the unprivileged user it runs as, per engine. */
const CLIENT: Readonly<Record<DatabaseEngine, { image: (major: string) => string; user: string; run: string }>> = {
  postgres: {
    image: (major) => `public.ecr.aws/docker/library/postgres:${major}-alpine`,
    user: "70", // postgres in the alpine image
    run: 'PGPASSWORD="$DB_MASTER_PASSWORD" psql "host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_MASTER_USERNAME sslmode=require" -v ON_ERROR_STOP=1',
  },
  mysql: {
    image: (major) => `public.ecr.aws/docker/library/mysql:${major}`,
    user: "999", // mysql in the official image
    run: 'MYSQL_PWD="$DB_MASTER_PASSWORD" mysql --ssl-mode=REQUIRED -h "$DB_HOST" -P "$DB_PORT" -u "$DB_MASTER_USERNAME" "$DB_NAME"',
  },
};

/**
 * The one-shot task that creates the services' database users and grants (the SQL beside this file), signed in as
 * the master user. It is a task definition only: the runbook runs it with `aws ecs run-task` after each apply that
 * adds a service (docs/phase2.md, "Database users"), and it exits. It is the only task that reads the master secret,
 * and it reads it when it starts, so a rotation never leaves it with a stale password.
 */
export class DatabaseBootstrapTask extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly executionRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** The SQL the task runs. */
  readonly sql: string;

  constructor(scope: Construct, id: string, props: DatabaseBootstrapTaskProps) {
    super(scope, id);
    const client = CLIENT[props.engine];
    const image = props.image ?? client.image(engineMajorVersion(props.engine, props.engineVersion));
    const family = `${props.namePrefix}-db-bootstrap`;
    this.sql = bootstrapSql(props.engine, props.databaseName, props.users);

    this.logGroup = new CloudwatchLogGroup(this, "Logs", {
      name: `/${props.namePrefix}/db-bootstrap`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    this.executionRole = new IamRole(this, "ExecutionRole", {
      name: physicalName(props.namePrefix, "dbBootstrapExecutionRole"),
      description: "ECS agent for the database bootstrap task: pull its image, write its logs, read the master secret",
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "ExecutionRoleManaged", {
      role: this.executionRole.name,
      policyArn: AWS_MANAGED_POLICY("service-role/AmazonECSTaskExecutionRolePolicy"),
    });
    new IamRolePolicy(this, "ExecutionRoleSecret", {
      role: this.executionRole.id,
      name: "read-master-secret",
      policy: policyDocument(
        { Sid: "ReadMasterSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: props.masterSecretArn },
        { Sid: "DecryptMasterSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: props.masterSecretKmsKeyArn },
      ),
    });

    const container = {
      name: "bootstrap",
      image,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      user: client.user,
      command: ["sh", "-c", `set -eu\n${client.run} <<'SQL'\n${this.sql}\nSQL\n`],
      environment: [
        { name: "DB_HOST", value: props.host },
        { name: "DB_NAME", value: props.databaseName },
        { name: "DB_PORT", value: String(props.port) },
      ],
      secrets: [
        { name: "DB_MASTER_PASSWORD", valueFrom: `${props.masterSecretArn}:password::` },
        { name: "DB_MASTER_USERNAME", valueFrom: `${props.masterSecretArn}:username::` },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": this.logGroup.name, "awslogs-region": props.region, "awslogs-stream-prefix": "bootstrap" },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "TaskDefinition", {
      family,
      networkMode: "awsvpc",
      requiresCompatibilities: ["EC2"],
      cpu: "256",
      memory: "512",
      executionRoleArn: this.executionRole.arn,
      containerDefinitions: JSON.stringify([container]),
    });
  }
}
