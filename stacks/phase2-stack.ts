// Phase 2: the data tier, the move of the legacy data and the critical services (`phase: 2`). Users still reach the
// legacy platform: nothing here changes a public record.
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ServiceConfig } from "../config/schema";
import { reverseReplicationEnabled, STAGE_PLANS } from "../config/cutover-stages";
import { DataMigration } from "../constructs/data/data-migration";
import { ReverseReplication } from "../constructs/data/reverse-replication";
import { DmsTargetCredentials } from "../constructs/data/dms-target-credentials";
import { Database, type DatabaseAccess } from "../constructs/data/database";
import { DatabaseBootstrapTask } from "../constructs/data/database-identity/bootstrap-task";
import { databaseUserName } from "../constructs/data/database-identity/service-identity";
import { RemovedBlock } from "../constructs/state/removed-block";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { Phase1Outputs } from "./phase1-outputs";
import type { Phase2Outputs } from "./phase2-outputs";
import type { PreparationOutputs } from "./preparation-outputs";

/** What the service fleet gets to build phase 2's services with. */
export interface ServiceFleetRequest {
  /** The catalog entries with `phase: 2`, in catalog order. */
  readonly services: readonly ServiceConfig[];
  /** Give it to services with `usesDatabase` (phase1's `ServicePlatform.database`). */
  readonly database: DatabaseAccess;
  readonly preparation: PreparationOutputs;
  /** Cluster, capacity provider, HTTPS listener and origin-verify header the services attach to. */
  readonly phase1: Phase1Outputs;
  /** Same-stack resources every ECS service must wait for (the database: tasks would fail their first start). */
  readonly dependsOn: ITerraformDependable[];
}

/** What phase2 reports about the services the fleet built (phase1's `ServiceFleet` has exactly these getters). */
export interface DeployedServices {
  readonly serviceNames: string[];
  /** Service name -> target group ARN suffix, for golive's per-service alarms. */
  readonly targetGroupArnSuffixes: Record<string, string>;
}

/**
 * Builds the critical services inside this stack. The integration point with phase1's Service construct:
 * `(scope, id, req) => new ServiceFleet(scope, id, { services: req.services, platform: {...phase1 platform from
 * req.phase1 and req.preparation, database: req.database}, dependsOn: req.dependsOn })` (docs/phase2.md).
 */
export type ServiceFleetFactory = (scope: Construct, id: string, request: ServiceFleetRequest) => DeployedServices;

export interface Phase2StackProps extends PhaseStackProps {
  readonly preparation: PreparationOutputs;
  readonly phase1: Phase1Outputs;
  readonly serviceFleetFactory: ServiceFleetFactory;
}

/**
 * What phase2 owned until 2026-12 and phase1 owns now (HealthCheckRule and Preview, the same construct ids, so the
 * same addresses: a test holds phase1 to them).
 */
export const PREVIEW_ADDRESSES_MOVED_TO_PHASE1: readonly string[] = [
  "aws_lb_listener_rule.HealthCheckRule_6838F4D4",
  "aws_route53_health_check.Preview_HealthCheck_3FC5A358",
  "aws_route53_record.Preview_A_F074AEAE",
  "aws_route53_record.Preview_AAAA_2218BF91",
];

export class Phase2Stack extends PhaseStack {
  readonly outputs: Phase2Outputs;
  readonly database: Database;
  /** Present while `dataMigration` is configured and not retired. */
  readonly dataMigration?: DataMigration;
  /** The one-shot task that creates each database service's user (docs/phase2.md, "Database users"). */
  readonly databaseBootstrap: DatabaseBootstrapTask;
  /** Present from the data cutover while `cutover.reverseReplication` is on (config/cutover-stages.ts). */
  readonly reverseReplication?: ReverseReplication;
  readonly services: DeployedServices;

  constructor(scope: Construct, props: Phase2StackProps) {
    super(scope, "phase2", props);
    const { config, namePrefix } = this;
    const { preparation: prep, phase1 } = props;
    const db = config.database;

    this.database = new Database(this, "Database", {
      namePrefix,
      // On from the start wherever reverse replication will run: the parameter is static, and the data cutover must
      // not wait for a reboot (docs/golive.md).
      changeDataCapture: reverseReplicationEnabled(config),
      region: config.region,
      accountId: this.accountId,
      engine: db.engine,
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      multiAz: db.multiAz,
      allocatedStorageGb: db.allocatedStorageGb,
      maxAllocatedStorageGb: db.maxAllocatedStorageGb,
      port: db.port,
      databaseName: db.databaseName,
      backupRetentionDays: db.backupRetentionDays,
      backupWindow: db.backupWindow,
      maintenanceWindow: db.maintenanceWindow,
      subnetIds: prep.isolatedSubnets.ids,
      securityGroupId: prep.securityGroups.database,
      dataKmsKeyArn: prep.kms.dataKeyArn,
      logKmsKeyArn: prep.kms.platformKeyArn,
      logRetentionDays: config.logRetentionDays,
      backupTag: config.backup.selection.tag,
    });

    // The services' own database users (IAM authentication), created by a one-shot task the runbook runs.
    const databaseServices = config.services.filter((s) => s.phase === 2 && s.usesDatabase);
    this.databaseBootstrap = new DatabaseBootstrapTask(this, "DatabaseBootstrap", {
      namePrefix,
      region: config.region,
      engine: db.engine,
      engineVersion: db.engineVersion,
      host: this.database.instance.address,
      port: db.port,
      databaseName: db.databaseName,
      masterSecretArn: this.database.masterSecretArn,
      masterSecretKmsKeyArn: prep.kms.dataKeyArn,
      users: databaseServices.map((s) => databaseUserName(s.name)),
      logKmsKeyArn: prep.kms.platformKeyArn,
      logRetentionDays: config.logRetentionDays,
    });

    const migration = config.dataMigration;
    // The target credentials outlive a retired migration: the secret is protected (DmsTargetCredentials).
    const dmsTargetCredentials = migration ? new DmsTargetCredentials(this, "DmsTargetCredentials", { namePrefix, dataKmsKeyArn: prep.kms.dataKeyArn }) : undefined;
    if (migration && !migration.retire && dmsTargetCredentials) {
      this.dataMigration = new DataMigration(this, "DataMigration", {
        namePrefix,
        region: config.region,
        accountId: this.accountId,
        migration,
        target: {
          engine: db.engine,
          port: db.port,
          databaseName: db.databaseName,
          credentialsSecretArn: dmsTargetCredentials.secret.arn,
        },
        vpcId: prep.vpcId,
        // config/semantic.ts requires legacy.network while dataMigration is set.
        sourceCidrs: config.legacy.network?.cidrs ?? [],
        vpcCidr: prep.vpcCidr,
        subnetIds: prep.isolatedSubnets.ids,
        databaseSecurityGroupId: prep.securityGroups.database,
        dataKmsKeyArn: prep.kms.dataKeyArn,
        platformKmsKeyArn: prep.kms.platformKeyArn,
        logRetentionDays: config.logRetentionDays,
        alerts: config.alerts,
      });
      if (STAGE_PLANS[config.cutover.stage].reverseReplication && reverseReplicationEnabled(config)) {
        this.reverseReplication = new ReverseReplication(this, "ReverseReplication", {
          namePrefix,
          forward: this.dataMigration,
          migration,
          source: { engine: db.engine, databaseName: db.databaseName, credentialsSecretArn: dmsTargetCredentials.secret.arn },
          dataKmsKeyArn: prep.kms.dataKeyArn,
        });
      }
    }

    // The preview name moved to phase1 (same construct ids, same addresses there). Where this stack's state still
    // holds them, the next apply forgets them instead of destroying what phase1 now manages (docs/phase1.md).
    const moved = new Construct(this, "MovedToPhase1");
    PREVIEW_ADDRESSES_MOVED_TO_PHASE1.forEach((from, i) => new RemovedBlock(moved, `Removed${i}`, { from }));

    this.services = props.serviceFleetFactory(this, "Services", {
      services: config.services.filter((s) => s.phase === 2),
      database: this.database.access,
      preparation: prep,
      phase1,
      dependsOn: [this.database.instance],
    });

    this.outputs = {
      database: {
        endpoint: this.database.instance.address,
        port: db.port,
        masterSecretArn: this.database.masterSecretArn,
        bootstrapTaskDefinitionFamily: this.databaseBootstrap.taskDefinition.family,
        instanceIdentifier: this.database.instance.identifier,
      },
      dmsTaskArn: this.dataMigration?.task.replicationTaskArn,
      serviceNames: this.services.serviceNames,
      targetGroupArnSuffixes: this.services.targetGroupArnSuffixes,
    };
  }
}
