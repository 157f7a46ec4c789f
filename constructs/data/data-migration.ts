import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DmsEndpoint } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsReplicationSubnetGroup } from "@cdktf/provider-aws/lib/dms-replication-subnet-group";
import { DmsReplicationTask } from "@cdktf/provider-aws/lib/dms-replication-task";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { DatabaseEngine } from "../../config/database-engine";
import { fnv1a } from "../../config/priority";
import type { EnvironmentConfig } from "../../config/schema";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import { cidrConstructId } from "../network/legacy-connectivity/cidr-id";
import { AlarmTopic, type AlertRecipients } from "../monitoring/alarm-topic";
import { DmsServiceRoles } from "./dms-service-roles";
import { DmsTargetCredentials } from "./dms-target-credentials";
import { physicalName } from "../../config/physical-names";

export type DataMigrationConfig = NonNullable<EnvironmentConfig["dataMigration"]>;
export type TableMapping = DataMigrationConfig["tableMappings"][number];

/** The migration type: copy everything, then keep applying changes until the cutover. */
export const MIGRATION_TYPE = "full-load-and-cdc";

export type LobSettings = DataMigrationConfig["lob"];

/**
 * Task settings DMS does not default the way a migration needs: large objects copied as config says (full LOB mode by
 * default: limited mode truncates longer values without failing the task); tables truncated (not dropped) before
 * the full load, so the schema the runbook created with the engine's own dump tool keeps its indexes, keys and
 * defaults; logging on (through `dms-cloudwatch-logs-role`); validation of every migrated row during the full load
 * and of every change during CDC, with failures kept (awsdms_validation_failures_v1) and alarmed on.
 */
export function replicationTaskSettings(lob: LobSettings) {
  const targetMetadata =
    lob.mode === "full"
      ? { SupportLobs: true, FullLobMode: true, LobChunkSize: lob.chunkSizeKb, LimitedSizeLobMode: false, LobMaxSize: 0 }
      : { SupportLobs: true, FullLobMode: false, LimitedSizeLobMode: true, LobMaxSize: lob.maxSizeKb };
  return {
    TargetMetadata: targetMetadata,
    FullLoadSettings: { TargetTablePrepMode: "TRUNCATE_BEFORE_LOAD" },
    Logging: { EnableLogging: true },
    ValidationSettings: {
      EnableValidation: true,
      ValidationMode: "ROW_LEVEL",
      ThreadCount: 5,
      // Validation keeps going (and reporting) until this many rows failed, instead of suspending the task's tables.
      FailureMaxCount: 10000,
      // CDC: compare a changed row once DMS has applied it, not while it is still in flight.
      ValidationQueryCdcDelaySeconds: 180,
    },
  } as const;
}

/** A stable, readable name for a mapping: the same entry keeps its name wherever it moves in the list. */
export function tableMappingRuleName(mapping: TableMapping): string {
  const part = (s: string) => (s === "%" ? "all" : s.replace(/[^A-Za-z0-9_]+/g, "_"));
  return `${mapping.action}-${part(mapping.schema)}-${part(mapping.table)}`;
}

/**
 * The DMS table-mapping document: one selection rule per configured entry, in configured order. Rule ids derive
 * from the entry (not its position), so reordering or inserting entries never renumbers the others.
 */
export function tableMappingsDocument(mappings: readonly TableMapping[]): { rules: Record<string, unknown>[] } {
  const ids = new Map<string, string>();
  const rules = mappings.map((m) => {
    const name = tableMappingRuleName(m);
    const id = String(100000 + (fnv1a(`${m.schema}.${m.table}`) % 900000));
    const clash = ids.get(id);
    if (clash !== undefined) throw new Error(`table mappings ${clash} and ${name} hash to the same DMS rule id ${id}; rename one`);
    ids.set(id, name);
    return {
      "rule-type": "selection",
      "rule-id": id,
      "rule-name": name,
      "object-locator": { "schema-name": m.schema, "table-name": m.table },
      "rule-action": m.action,
    };
  });
  return { rules };
}

export interface MigrationTarget {
  readonly engine: DatabaseEngine;
  /** The database port: the replication instance's security-group rules open it. */
  readonly port: number;
  readonly databaseName: string;
  /** The secret DMS signs in with ({@link DmsTargetCredentials}): the migration user's credentials, host and port. */
  readonly credentialsSecretArn: string;
}

export interface DataMigrationProps {
  /** `<project>-<environment>` */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  /** `dataMigration` from the environment file (not retired). */
  readonly migration: DataMigrationConfig;
  /** The new database DMS writes into. */
  readonly target: MigrationTarget;
  readonly vpcId: string;
  /** The legacy network's ranges (`legacy.network.cidrs`): the only destinations of the legacy database port. */
  readonly sourceCidrs: readonly string[];
  /** Reaches the Secrets Manager interface endpoint, which listens on 443 inside the VPC. */
  readonly vpcCidr: string;
  /** Isolated subnets, one per AZ. */
  readonly subnetIds: string[];
  /** The target database's security group: it gets an ingress rule from the replication instance. */
  readonly databaseSecurityGroupId: string;
  /** Encrypts replication storage and endpoint connection settings; also the key of the two databases' secrets. */
  readonly dataKmsKeyArn: string;
  /** Encrypts the task log group and the alarm topic (CloudWatch and CloudWatch Logs may use it). */
  readonly platformKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Who receives the lag alarms (the environment's `alerts`). */
  readonly alerts: AlertRecipients;
  /** @default DataMigration.DEFAULT_ENGINE_VERSION */
  readonly engineVersion?: string;
  /** @default DataMigration.DEFAULT_ALLOCATED_STORAGE_GB (50) */
  readonly allocatedStorageGb?: number;
}

/**
 * Moves the legacy database into the new RDS with AWS DMS: a private, encrypted replication instance in the isolated
 * subnets with its own security group, a source endpoint that reads the legacy credentials from Secrets Manager, a
 * target endpoint that signs in to RDS as the migration user from a secret the bootstrap writes, a
 * `full-load-and-cdc` task that the runbook starts, and alarms on replication lag.
 *
 * Why not the RDS-managed master secret for the target: DMS needs host and port inside the secret, and the managed
 * secret holds only `username` and `password` (AWS DMS user guide, "Using secrets to access AWS DMS endpoints").
 */
export class DataMigration extends Construct {
  /** Pinned so that a plan never upgrades the engine under a running task. */
  static readonly DEFAULT_ENGINE_VERSION = "3.5.4";
  static readonly DEFAULT_ALLOCATED_STORAGE_GB = 50;
  /** Lag alarms: 3 of 5 one-minute periods above the configured threshold. */
  static readonly LAG_ALARM = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 } as const;
  static readonly LAG_METRICS = ["CDCLatencySource", "CDCLatencyTarget"] as const;
  /** Validation alarms: the task's running counts of failed and suspended rows (AWS/DMS, per task). */
  static readonly VALIDATION_ALARM = { periodSeconds: 300 } as const;
  static readonly VALIDATION_METRICS = ["ValidationFailedOverallCount", "ValidationSuspendedOverallCount"] as const;

  readonly serviceRoles: DmsServiceRoles;
  readonly securityGroup: SecurityGroup;
  readonly subnetGroup: DmsReplicationSubnetGroup;
  readonly instance: DmsReplicationInstance;
  readonly sourceEndpoint: DmsEndpoint;
  readonly targetEndpoint: DmsEndpoint;
  readonly task: DmsReplicationTask;
  readonly alarmTopic: AlarmTopic;
  readonly lagAlarms: Record<(typeof DataMigration.LAG_METRICS)[number], CloudwatchMetricAlarm>;
  readonly validationAlarms: Record<(typeof DataMigration.VALIDATION_METRICS)[number], CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: DataMigrationProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? DataMigration.DEFAULT_ENGINE_VERSION;
    const allocatedStorageGb = props.allocatedStorageGb ?? DataMigration.DEFAULT_ALLOCATED_STORAGE_GB;
    const { migration, target, namePrefix } = props;
    if (props.sourceCidrs.length === 0) {
      throw new Error(`${this.node.path}: sourceCidrs is empty; DMS needs the legacy network's ranges (legacy.network.cidrs) to reach ${migration.sourceHost}`);
    }
    if (migration.retire) {
      throw new Error(`${this.node.path}: dataMigration.retire is true; the stack must not create DMS resources (docs/phase2.md, "Retire")`);
    }
    const name = physicalName(namePrefix, "dmsInstance");
    const taskId = physicalName(namePrefix, "dmsTask");
    const dmsPrincipals = ["dms.amazonaws.com", `dms.${props.region}.amazonaws.com`];

    this.serviceRoles = new DmsServiceRoles(this, "ServiceRoles");
    const rolesReady = this.serviceRoles.attachments;

    // Its own group rather than the database's: the database group admits the app tier only and has no egress,
    // and everything opened here disappears with the migration when it is retired.
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      // A prefix: create_before_destroy needs the replacement to exist beside the old group (SecurityGroups).
      namePrefix: `${name}-`,
      description: "DMS replication instance: legacy database in, new database out",
      vpcId: props.vpcId,
      tags: { Name: name },
      lifecycle: { createBeforeDestroy: true },
    });
    const network = new Construct(this, "Network");
    // Exactly the legacy database port, to exactly the legacy ranges: the host name's address is unknown to
    // Terraform, but it lies in legacy.network.cidrs (routed from the isolated subnets by preparation).
    for (const cidr of props.sourceCidrs) {
      new VpcSecurityGroupEgressRule(network, `ToSource-${cidrConstructId(cidr)}`, {
        securityGroupId: this.securityGroup.id,
        description: `DMS to the legacy ${migration.sourceEngine} database (${migration.sourceHost}) in ${cidr}`,
        ipProtocol: "tcp",
        fromPort: migration.sourcePort,
        toPort: migration.sourcePort,
        cidrIpv4: cidr,
      });
    }
    new VpcSecurityGroupEgressRule(network, "ToTarget", {
      securityGroupId: this.securityGroup.id,
      description: "DMS to the new database port",
      ipProtocol: "tcp",
      fromPort: target.port,
      toPort: target.port,
      referencedSecurityGroupId: props.databaseSecurityGroupId,
    });
    new VpcSecurityGroupIngressRule(network, "TargetFromReplication", {
      securityGroupId: props.databaseSecurityGroupId,
      description: "Database port from the DMS replication instance (removed when the migration retires)",
      ipProtocol: "tcp",
      fromPort: target.port,
      toPort: target.port,
      referencedSecurityGroupId: this.securityGroup.id,
    });
    new VpcSecurityGroupEgressRule(network, "ToAwsApis", {
      securityGroupId: this.securityGroup.id,
      description: "DMS to the Secrets Manager interface endpoint (HTTPS inside the VPC)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });

    this.subnetGroup = new DmsReplicationSubnetGroup(this, "SubnetGroup", {
      replicationSubnetGroupId: name,
      replicationSubnetGroupDescription: `${name}: isolated subnets`,
      subnetIds: props.subnetIds,
      dependsOn: rolesReady,
    });
    // DMS names the task log group after the instance; owning it first gives it retention and encryption.
    const taskLogs = new CloudwatchLogGroup(this, "TaskLogs", {
      name: `dms-tasks-${name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.platformKmsKeyArn,
    });
    this.instance = new DmsReplicationInstance(this, "Instance", {
      replicationInstanceId: name,
      replicationInstanceClass: migration.instanceClass,
      allocatedStorage: allocatedStorageGb,
      engineVersion,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      applyImmediately: false,
      multiAz: migration.multiAz,
      publiclyAccessible: false,
      kmsKeyArn: props.dataKmsKeyArn,
      replicationSubnetGroupId: this.subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [this.securityGroup.id],
      tags: { Name: name },
      dependsOn: [...rolesReady, taskLogs],
    });

    const sourceRole = new IamRole(this, "SourceAccessRole", {
      name: physicalName(namePrefix, "dmsSourceRole"),
      description: "DMS reads the legacy database credentials from Secrets Manager",
      assumeRolePolicy: serviceTrustPolicy(...dmsPrincipals),
    });
    new IamRolePolicy(this, "SourceAccessPolicy", {
      role: sourceRole.id,
      name: "read-legacy-database-secret",
      policy: policyDocument(
        { Sid: "ReadLegacySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: migration.sourceSecretArn },
        { Sid: "DecryptWithDataKey", Effect: "Allow", Action: "kms:Decrypt", Resource: props.dataKmsKeyArn },
      ),
    });
    const targetRole = new IamRole(this, "TargetAccessRole", {
      name: physicalName(namePrefix, "dmsTargetRole"),
      description: `DMS reads the new database's migration-user credentials (${DmsTargetCredentials.USERNAME}) from Secrets Manager`,
      assumeRolePolicy: serviceTrustPolicy(...dmsPrincipals),
    });
    new IamRolePolicy(this, "TargetAccessPolicy", {
      role: targetRole.id,
      name: "read-target-database-secret",
      policy: policyDocument(
        { Sid: "ReadTargetSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: target.credentialsSecretArn },
        { Sid: "DecryptWithDataKey", Effect: "Allow", Action: "kms:Decrypt", Resource: props.dataKmsKeyArn },
      ),
    });

    // With a secret, DMS takes host, port and credentials from it: the legacy secret must hold all four (runbook).
    this.sourceEndpoint = new DmsEndpoint(this, "Source", {
      endpointId: physicalName(namePrefix, "dmsSourceEndpoint"),
      endpointType: "source",
      engineName: migration.sourceEngine,
      databaseName: migration.sourceDatabase,
      secretsManagerArn: migration.sourceSecretArn,
      secretsManagerAccessRoleArn: sourceRole.arn,
      sslMode: "require",
      kmsKeyArn: props.dataKmsKeyArn,
      // An idle source otherwise keeps its WAL behind the replication slot until the disk fills.
      postgresSettings: migration.sourceEngine === "postgres" ? { heartbeatEnable: true } : undefined,
      dependsOn: rolesReady,
    });
    // Host, port and credentials come from the secret the bootstrap writes (DmsTargetCredentials).
    this.targetEndpoint = new DmsEndpoint(this, "Target", {
      endpointId: physicalName(namePrefix, "dmsTargetEndpoint"),
      endpointType: "target",
      engineName: target.engine,
      databaseName: target.databaseName,
      secretsManagerArn: target.credentialsSecretArn,
      secretsManagerAccessRoleArn: targetRole.arn,
      // The database's parameter group refuses unencrypted connections anyway.
      sslMode: "require",
      kmsKeyArn: props.dataKmsKeyArn,
      dependsOn: rolesReady,
    });

    this.task = new DmsReplicationTask(this, "Task", {
      replicationTaskId: taskId,
      // Ends the task ARN, so the CloudWatch dimension (ReplicationTaskIdentifier) is known before apply.
      resourceIdentifier: taskId,
      migrationType: MIGRATION_TYPE,
      replicationInstanceArn: this.instance.replicationInstanceArn,
      sourceEndpointArn: this.sourceEndpoint.endpointArn,
      targetEndpointArn: this.targetEndpoint.endpointArn,
      tableMappings: JSON.stringify(tableMappingsDocument(migration.tableMappings)),
      replicationTaskSettings: JSON.stringify(replicationTaskSettings(migration.lob)),
      // The runbook starts it after the target schema exists and the migration user can sign in.
      startReplicationTask: false,
      // DMS stores the settings with its own defaults filled in, so the JSON never compares equal; and every update
      // stops a running task, which the provider does not restart (start_replication_task is false). Settings are
      // code, not config: change them with the task stopped (runbook) rather than by a surprise in a routine plan.
      lifecycle: { ignoreChanges: ["replication_task_settings"] },
      dependsOn: rolesReady,
    });

    this.alarmTopic = new AlarmTopic(this, "AlarmTopic", {
      topicName: `${name}-alarms`,
      kmsKeyArn: props.platformKmsKeyArn,
      accountId: props.accountId,
      publishers: ["cloudwatch.amazonaws.com"],
      recipients: props.alerts,
    });
    const topic = [this.alarmTopic.arn];
    const alarm = (metric: (typeof DataMigration.LAG_METRICS)[number]) =>
      new CloudwatchMetricAlarm(this, metric, {
        alarmName: `${taskId}-${metric}`,
        alarmDescription: `${metric} above ${migration.lagAlarmSeconds}s: replication is falling behind (docs/phase2.md, "Watch lag")`,
        namespace: "AWS/DMS",
        metricName: metric,
        dimensions: { ReplicationInstanceIdentifier: name, ReplicationTaskIdentifier: taskId },
        statistic: "Maximum",
        period: DataMigration.LAG_ALARM.periodSeconds,
        evaluationPeriods: DataMigration.LAG_ALARM.evaluationPeriods,
        datapointsToAlarm: DataMigration.LAG_ALARM.datapointsToAlarm,
        comparisonOperator: "GreaterThanThreshold",
        threshold: migration.lagAlarmSeconds,
        // No data means the task is not replicating (not started yet, stopped, failed): say so, but not as lag.
        treatMissingData: "missing",
        alarmActions: topic,
        okActions: topic,
        insufficientDataActions: topic,
      });
    this.lagAlarms = { CDCLatencySource: alarm("CDCLatencySource"), CDCLatencyTarget: alarm("CDCLatencyTarget") };

    // Validation: any row that failed, or could not be, validated is data that may differ on the target.
    const validation = (metric: (typeof DataMigration.VALIDATION_METRICS)[number]) =>
      new CloudwatchMetricAlarm(this, metric, {
        alarmName: `${taskId}-${metric}`,
        alarmDescription: `${metric} above 0: rows differ between legacy and the new database, or could not be compared (docs/phase2.md, "Watch lag and validation"; awsdms_validation_failures_v1 on the target lists them)`,
        namespace: "AWS/DMS",
        metricName: metric,
        dimensions: { ReplicationInstanceIdentifier: name, ReplicationTaskIdentifier: taskId },
        statistic: "Maximum",
        period: DataMigration.VALIDATION_ALARM.periodSeconds,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        // No data: the task reports no validation (not started, or nothing to validate); the lag alarms say which.
        treatMissingData: "notBreaching",
        alarmActions: topic,
        okActions: topic,
      });
    this.validationAlarms = {
      ValidationFailedOverallCount: validation("ValidationFailedOverallCount"),
      ValidationSuspendedOverallCount: validation("ValidationSuspendedOverallCount"),
    };
  }
}
