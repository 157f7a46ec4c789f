import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DmsEndpoint } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsReplicationTask } from "@cdktf/provider-aws/lib/dms-replication-task";
import { Construct } from "constructs";
import { physicalName } from "../../config/physical-names";
import { DataMigration, tableMappingsDocument, type DataMigrationConfig, type MigrationTarget } from "./data-migration";

export interface ReverseReplicationProps {
  readonly namePrefix: string;
  /** The forward migration: its replication instance, endpoints' access roles and alarm topic are reused. */
  readonly forward: DataMigration;
  /** `dataMigration` from the environment file: the legacy database becomes the target. */
  readonly migration: DataMigrationConfig;
  /** The new database becomes the source (same credentials secret as the forward task's target). */
  readonly source: Pick<MigrationTarget, "engine" | "databaseName" | "credentialsSecretArn">;
  readonly dataKmsKeyArn: string;
}

/**
 * Task settings of the reverse task: change data capture only (both databases are equal at the data cutover, when
 * the forward task has drained and stopped), nothing truncated on the legacy side, logging on.
 */
export const REVERSE_TASK_SETTINGS = {
  FullLoadSettings: { TargetTablePrepMode: "DO_NOTHING" },
  Logging: { EnableLogging: true },
} as const;

/**
 * Reverse replication for the failback after the data cutover (docs/golive.md, "Failback"): a DMS change-data-capture
 * task from the new RDS back to the legacy database, on the forward migration's replication instance, created and
 * started when the stage reaches the data cutover, with its own lag alarm. While the alarm is OK, the legacy database
 * holds every write users made on the new platform, so sending users back loses none.
 *
 * Prerequisite on the new database: logical replication (PostgreSQL `rds.logical_replication = 1`, MySQL binlog in
 * ROW format), which a CDC source needs; the runbook checks it before the data cutover.
 */
export class ReverseReplication extends Construct {
  readonly sourceEndpoint: DmsEndpoint;
  readonly targetEndpoint: DmsEndpoint;
  readonly task: DmsReplicationTask;
  readonly lagAlarm: CloudwatchMetricAlarm;
  readonly taskId: string;

  constructor(scope: Construct, id: string, props: ReverseReplicationProps) {
    super(scope, id);
    const { forward, migration, namePrefix } = props;
    this.taskId = physicalName(namePrefix, "dmsReverseTask");
    // The same secrets and access roles as the forward endpoints, in the other direction.
    this.sourceEndpoint = new DmsEndpoint(this, "Source", {
      endpointId: physicalName(namePrefix, "dmsReverseSourceEndpoint"),
      endpointType: "source",
      engineName: props.source.engine,
      databaseName: props.source.databaseName,
      secretsManagerArn: props.source.credentialsSecretArn,
      secretsManagerAccessRoleArn: forward.targetEndpoint.secretsManagerAccessRoleArn,
      sslMode: "require",
      kmsKeyArn: props.dataKmsKeyArn,
      postgresSettings: props.source.engine === "postgres" ? { heartbeatEnable: true } : undefined,
    });
    this.targetEndpoint = new DmsEndpoint(this, "Target", {
      endpointId: physicalName(namePrefix, "dmsReverseTargetEndpoint"),
      endpointType: "target",
      engineName: migration.sourceEngine,
      databaseName: migration.sourceDatabase,
      secretsManagerArn: migration.sourceSecretArn,
      secretsManagerAccessRoleArn: forward.sourceEndpoint.secretsManagerAccessRoleArn,
      sslMode: "require",
      kmsKeyArn: props.dataKmsKeyArn,
    });
    this.task = new DmsReplicationTask(this, "Task", {
      replicationTaskId: this.taskId,
      resourceIdentifier: this.taskId,
      migrationType: "cdc",
      replicationInstanceArn: forward.instance.replicationInstanceArn,
      sourceEndpointArn: this.sourceEndpoint.endpointArn,
      targetEndpointArn: this.targetEndpoint.endpointArn,
      tableMappings: JSON.stringify(tableMappingsDocument(migration.tableMappings)),
      replicationTaskSettings: JSON.stringify(REVERSE_TASK_SETTINGS),
      // Started by the apply that reaches the data cutover: capture begins with the first write on the new platform.
      startReplicationTask: true,
      lifecycle: { ignoreChanges: ["replication_task_settings"] },
    });
    const topic = [forward.alarmTopic.arn];
    this.lagAlarm = new CloudwatchMetricAlarm(this, "CDCLatencyTarget", {
      alarmName: `${this.taskId}-CDCLatencyTarget`,
      alarmDescription: `Reverse replication (new -> legacy) more than ${migration.lagAlarmSeconds}s behind: no failback until it is OK (docs/golive.md, "Failback")`,
      namespace: "AWS/DMS",
      metricName: "CDCLatencyTarget",
      dimensions: { ReplicationInstanceIdentifier: forward.instance.replicationInstanceId, ReplicationTaskIdentifier: this.taskId },
      statistic: "Maximum",
      period: DataMigration.LAG_ALARM.periodSeconds,
      evaluationPeriods: DataMigration.LAG_ALARM.evaluationPeriods,
      datapointsToAlarm: DataMigration.LAG_ALARM.datapointsToAlarm,
      comparisonOperator: "GreaterThanThreshold",
      threshold: migration.lagAlarmSeconds,
      // A reverse task that reports nothing is not replicating: as unsafe for a failback as one far behind.
      treatMissingData: "breaching",
      alarmActions: topic,
      okActions: topic,
      insufficientDataActions: topic,
    });
  }
}
