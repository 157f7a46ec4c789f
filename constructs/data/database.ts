import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup, type DbParameterGroupParameter } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { engineMajorVersion, isSupportedEngineVersion, parameterGroupFamily, type DatabaseEngine } from "../../config/database-engine";
import { AWS_MANAGED_POLICY, serviceTrustPolicy } from "../iam/policy-document";
import type { DatabaseAccess as ServiceDatabaseAccess } from "../service/service-platform";
import { physicalName } from "../../config/physical-names";

/** What each engine needs in its parameter group and log exports. */
const ENGINE_SETTINGS: Readonly<
  Record<DatabaseEngine, { parameters: (slowMs: number) => DbParameterGroupParameter[]; changeLog: DbParameterGroupParameter[]; logExports: string[] }>
> = {
  postgres: {
    parameters: (slowMs) => [
      // Static before PostgreSQL 15: pending-reboot is accepted for static and dynamic parameters alike.
      { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
      { name: "log_min_duration_statement", value: String(slowMs), applyMethod: "immediate" },
    ],
    // DMS reads PostgreSQL changes through a logical replication slot (DMS user guide, "Using a PostgreSQL database as
    // an AWS DMS source"): static, so it is set when the instance is created, long before the data cutover needs it.
    changeLog: [{ name: "rds.logical_replication", value: "1", applyMethod: "pending-reboot" }],
    logExports: ["postgresql", "upgrade"],
  },
  mysql: {
    parameters: (slowMs) => [
      { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
      { name: "slow_query_log", value: "1", applyMethod: "immediate" },
      { name: "long_query_time", value: String(slowMs / 1000), applyMethod: "immediate" },
    ],
    // DMS reads MySQL changes from the row-based binary log, with whole rows (DMS user guide, MySQL as a source).
    changeLog: [
      { name: "binlog_format", value: "ROW", applyMethod: "immediate" },
      { name: "binlog_row_image", value: "full", applyMethod: "immediate" },
    ],
    logExports: ["error", "slowquery"],
  },
};

/**
 * What the database offers its users: what a service receives (`platform.database` of phase1's ServiceFleet, so this
 * object is handed to it unchanged) plus the database's security group.
 */
export interface DatabaseAccess extends ServiceDatabaseAccess {
  /**
   * The database's security group. Preparation already admits the app tier on `port`
   * (constructs/network/security-groups.ts: AppToDatabase, DatabaseFromApp), so services need no rule of their own.
   */
  readonly securityGroupId: string;
}

export interface DatabaseProps {
  /** `<project>-<environment>`: prefix of the instance identifier and every other name. */
  readonly namePrefix: string;
  /** Region and account of the instance: they name its users in IAM (`arn:aws:rds-db:...`). */
  readonly region: string;
  readonly accountId: string;
  readonly engine: DatabaseEngine;
  /** e.g. `16.4`; the major version picks the parameter group family. */
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly allocatedStorageGb: number;
  /** Storage autoscaling ceiling. */
  readonly maxAllocatedStorageGb: number;
  /** A non-default port; the database security group must admit the app tier on it. */
  readonly port: number;
  readonly databaseName: string;
  readonly backupRetentionDays: number;
  /** UTC, e.g. `02:00-03:00`. */
  readonly backupWindow: string;
  /** UTC, e.g. `sun:04:00-sun:05:00`. */
  readonly maintenanceWindow: string;
  /** Isolated (no internet route) subnets, one per AZ. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** Encrypts storage, Performance Insights and the master secret. */
  readonly dataKmsKeyArn: string;
  /** Encrypts the exported database log groups. */
  readonly logKmsKeyArn: string;
  readonly logRetentionDays: number;
  /**
   * Tag that puts the instance into the backup stack's tag selection.
   * @default - no backup tag (the backup stack's ARN selection must cover the database instead)
   */
  readonly backupTag?: { readonly key: string; readonly value: string };
  /**
   * Statements slower than this are logged.
   * @default Database.DEFAULT_SLOW_STATEMENT_MS (1000)
   */
  readonly slowStatementMs?: number;
  /**
   * Name of the master user (its password is generated and rotated by RDS in Secrets Manager).
   * @default Database.DEFAULT_MASTER_USERNAME ("platform_admin")
   */
  readonly masterUsername?: string;
  /**
   * Let RDS apply minor versions in the maintenance window. When on, `engine_version` is set to the major
   * version only, so Terraform never plans a "downgrade" back to the configured minor after RDS upgraded it.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Keep the change log a CDC reader needs (PostgreSQL `rds.logical_replication`, MySQL row-based binlog): the
   * reverse replication task (RDS -> legacy) reads it from the data cutover on.
   * @default false
   */
  readonly changeDataCapture?: boolean;
}

/**
 * The platform's relational database: RDS in isolated subnets behind the database security group, encrypted with
 * the data key, its master password generated and rotated by RDS in Secrets Manager (never in code or state),
 * TLS forced by its own parameter group, IAM authentication, backups, Performance Insights, enhanced monitoring,
 * log exports into KMS-encrypted log groups with retention, deletion protection, a final snapshot and
 * `prevent_destroy`.
 */
export class Database extends Construct {
  static readonly DEFAULT_SLOW_STATEMENT_MS = 1000;
  static readonly DEFAULT_MASTER_USERNAME = "platform_admin";
  /** The current RSA CA; the 2019 CA has expired. */
  static readonly CA_CERTIFICATE = "rds-ca-rsa2048-g1";
  /** Free tier of Performance Insights retention. */
  static readonly PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
  static readonly MONITORING_INTERVAL_SECONDS = 60;

  readonly instance: DbInstance;
  readonly parameterGroup: DbParameterGroup;
  readonly subnetGroup: DbSubnetGroup;
  readonly monitoringRole: IamRole;
  /** Export name (e.g. `postgresql`) -> its log group. */
  readonly logGroups: Record<string, CloudwatchLogGroup> = {};
  /** How services reach the database (hand it to the service fleet). */
  readonly access: DatabaseAccess;
  /** ARN of the RDS-managed master user secret. */
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const slowStatementMs = props.slowStatementMs ?? Database.DEFAULT_SLOW_STATEMENT_MS;
    const masterUsername = props.masterUsername ?? Database.DEFAULT_MASTER_USERNAME;
    const autoMinorVersionUpgrade = props.autoMinorVersionUpgrade ?? true;
    if (!Token.isUnresolved(props.engineVersion) && !isSupportedEngineVersion(props.engine, props.engineVersion)) {
      throw new Error(
        `${this.node.path}: engineVersion "${props.engineVersion}" has no RDS parameter group family for ${props.engine}; ` +
          "use a supported major version (config/database-engine.ts)",
      );
    }
    const identifier = physicalName(props.namePrefix, "database");
    const family = parameterGroupFamily(props.engine, props.engineVersion);
    const settings = ENGINE_SETTINGS[props.engine];

    this.subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: identifier,
      description: `${identifier}: isolated subnets, no route to the internet`,
      subnetIds: props.subnetIds,
    });
    this.parameterGroup = new DbParameterGroup(this, "ParameterGroup", {
      // A prefix with the family in it: a major upgrade (or any other replacement) creates the new group beside the
      // old one before the instance moves to it; a fixed name would collide with the group being replaced.
      namePrefix: `${identifier}-${family.replace(/\./g, "-")}-`,
      family,
      // No config values here: a description change replaces the group; the threshold is a parameter, changed in place.
      description: `${identifier}: TLS only, slow statements logged`,
      parameter: [...settings.parameters(slowStatementMs), ...(props.changeDataCapture ? settings.changeLog : [])],
      lifecycle: { createBeforeDestroy: true },
    });

    this.monitoringRole = new IamRole(this, "MonitoringRole", {
      name: physicalName(props.namePrefix, "databaseMonitoringRole"),
      description: `Enhanced monitoring of ${identifier}: RDS publishes OS metrics to CloudWatch Logs`,
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com"),
    });
    const monitoringPolicy = new IamRolePolicyAttachment(this, "MonitoringRolePolicy", {
      role: this.monitoringRole.name,
      policyArn: AWS_MANAGED_POLICY("service-role/AmazonRDSEnhancedMonitoringRole"),
    });

    // RDS would create these on first export without retention or encryption; owning them first fixes both.
    const logs = new Construct(this, "Logs");
    for (const name of settings.logExports) {
      this.logGroups[name] = new CloudwatchLogGroup(logs, name, {
        name: `/aws/rds/instance/${identifier}/${name}`,
        retentionInDays: props.logRetentionDays,
        kmsKeyId: props.logKmsKeyArn,
      });
    }

    this.instance = new DbInstance(this, "Instance", {
      identifier,
      engine: props.engine,
      engineVersion: autoMinorVersionUpgrade ? engineMajorVersion(props.engine, props.engineVersion) : props.engineVersion,
      autoMinorVersionUpgrade,
      instanceClass: props.instanceClass,
      multiAz: props.multiAz,
      storageType: "gp3",
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: props.dataKmsKeyArn,
      username: masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.dataKmsKeyArn,
      dbName: props.databaseName,
      port: props.port,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      parameterGroupName: this.parameterGroup.name,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: Database.CA_CERTIFICATE,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: props.backupWindow,
      maintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      // Automated backups outlive the instance: a mistaken delete stays recoverable for the retention period.
      deleteAutomatedBackups: false,
      deletionProtection: true,
      skipFinalSnapshot: false,
      // Deterministic (pitfall 8): a destroy without it fails half-way. A second destroy needs the old one renamed.
      finalSnapshotIdentifier: `${identifier}-final`,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.dataKmsKeyArn,
      performanceInsightsRetentionPeriod: Database.PERFORMANCE_INSIGHTS_RETENTION_DAYS,
      monitoringInterval: Database.MONITORING_INTERVAL_SECONDS,
      monitoringRoleArn: this.monitoringRole.arn,
      enabledCloudwatchLogsExports: settings.logExports,
      // Changes wait for the maintenance window unless someone applies them deliberately (see docs/phase2.md).
      applyImmediately: false,
      tags: { Name: identifier, ...(props.backupTag ? { [props.backupTag.key]: props.backupTag.value } : {}) },
      // The role must be usable before RDS starts publishing, and the log groups must exist before RDS creates its own.
      dependsOn: [monitoringPolicy, ...Object.values(this.logGroups)],
      lifecycle: { preventDestroy: true },
    });

    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.access = {
      host: this.instance.address,
      port: props.port,
      name: props.databaseName,
      iamUserArnPrefix: `arn:aws:rds-db:${props.region}:${props.accountId}:dbuser:${this.instance.resourceId}`,
      securityGroupId: props.securityGroupId,
    };
  }
}
