import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsReplicationTask } from "@cdktf/provider-aws/lib/dms-replication-task";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Testing } from "cdktf";
import {
  DataMigration,
  replicationTaskSettings,
  tableMappingsDocument,
  type DataMigrationConfig,
  type DataMigrationProps,
} from "../../../constructs/data/data-migration";
import "../../cdktf-matchers";

const DATA_KEY = "arn:aws:kms:eu-west-2:111111111111:key/data";
const LEGACY_SECRET = "arn:aws:secretsmanager:eu-west-2:111111111111:secret:legacy/db-AbCdEf";

const MIGRATION: DataMigrationConfig = {
  sourceEngine: "postgres",
  sourceHost: "legacy-db.example.com",
  sourcePort: 5432,
  sourceDatabase: "legacy",
  sourceSecretArn: LEGACY_SECRET,
  instanceClass: "dms.r5.large",
  multiAz: true,
  tableMappings: [
    { schema: "public", table: "%", action: "include" },
    { schema: "audit", table: "%", action: "exclude" },
  ],
  lagAlarmSeconds: 120,
  lob: { mode: "full", chunkSizeKb: 64 },
  retire: false,
};

const TARGET_SECRET = "arn:aws:secretsmanager:eu-west-2:111111111111:secret:bh-test/dms/target-credentials-AbCdEf";

const PROPS: DataMigrationProps = {
  namePrefix: "bh-test",
  region: "eu-west-2",
  accountId: "111111111111",
  migration: MIGRATION,
  target: { engine: "postgres", port: 5433, databaseName: "braveheart", credentialsSecretArn: TARGET_SECRET },
  vpcId: "vpc-1",
  sourceCidrs: ["172.16.0.0/16", "192.168.100.0/24"],
  vpcCidr: "10.10.0.0/16",
  subnetIds: ["subnet-iso-a", "subnet-iso-b"],
  databaseSecurityGroupId: "sg-database",
  dataKmsKeyArn: DATA_KEY,
  platformKmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/platform",
  logRetentionDays: 30,
  alerts: { emails: ["oncall@example.com"], https: [] },
};

type Resources = Record<string, Record<string, any>>;
/** Testing.synthScope keeps no construct paths, but logical ids are the path joined by "_" plus a hash. */
const named = (resources: Resources, type: string, suffix: string): [string, any] => {
  const wanted = suffix.replace(/\//g, "_");
  const found = Object.entries<any>(resources[type] ?? {}).filter(([id]) => id.replace(/_[A-F0-9]{8}$/, "").endsWith(wanted));
  expect(found).toHaveLength(1);
  return found[0];
};
const byPath = (resources: Resources, type: string, suffix: string): any => named(resources, type, suffix)[1];
const addressOf = (resources: Resources, type: string, suffix: string): string => `${type}.${named(resources, type, suffix)[0]}`;

describe("DataMigration", () => {
  let synth: string;
  let resources: Resources;
  beforeAll(() => {
    synth = Testing.synthScope((scope) => {
      new DataMigration(scope, "DataMigration", PROPS);
    });
    resources = JSON.parse(synth).resource;
  });

  describe("the service roles DMS looks up by name (pitfall 9)", () => {
    test("are named exactly dms-vpc-role and dms-cloudwatch-logs-role, trusted by DMS, with AWS's policies", () => {
      for (const [name, policy] of [
        ["dms-vpc-role", "AmazonDMSVPCManagementRole"],
        ["dms-cloudwatch-logs-role", "AmazonDMSCloudWatchLogsRole"],
      ]) {
        expect(synth).toHaveResourceWithProperties(IamRole, { name });
        const role = Object.values<any>(resources.aws_iam_role).find((r) => r.name === name);
        expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "dms.amazonaws.com" });
        expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, { policy_arn: `arn:aws:iam::aws:policy/service-role/${policy}` });
      }
    });

    test("every DMS resource waits for both policy attachments, not just the roles", () => {
      const attachments = [addressOf(resources, "aws_iam_role_policy_attachment", "VpcRolePolicy"), addressOf(resources, "aws_iam_role_policy_attachment", "LogsRolePolicy")];
      for (const [type, suffix] of [
        ["aws_dms_replication_subnet_group", "DataMigration/SubnetGroup"],
        ["aws_dms_replication_instance", "DataMigration/Instance"],
        ["aws_dms_endpoint", "DataMigration/Source"],
        ["aws_dms_endpoint", "DataMigration/Target"],
        ["aws_dms_replication_task", "DataMigration/Task"],
      ]) {
        expect(byPath(resources, type, suffix).depends_on).toEqual(expect.arrayContaining(attachments));
      }
    });
  });

  describe("replication instance", () => {
    test("is private, encrypted with the data key, Multi-AZ as configured, pinned, in the isolated subnets", () => {
      expect(synth).toHaveResourceWithProperties(DmsReplicationInstance, {
        replication_instance_id: "bh-test-dms",
        replication_instance_class: "dms.r5.large",
        publicly_accessible: false,
        kms_key_arn: DATA_KEY,
        multi_az: true,
        allocated_storage: 50,
        engine_version: DataMigration.DEFAULT_ENGINE_VERSION,
        auto_minor_version_upgrade: true,
        apply_immediately: false,
      });
      expect(byPath(resources, "aws_dms_replication_subnet_group", "SubnetGroup").subnet_ids).toEqual(["subnet-iso-a", "subnet-iso-b"]);
    });

    test("has its own security group, which the database admits on its port", () => {
      const group = addressOf(resources, "aws_security_group", "DataMigration/SecurityGroup");
      expect(byPath(resources, "aws_dms_replication_instance", "Instance").vpc_security_group_ids).toEqual([`\${${group}.id}`]);
      expect(byPath(resources, "aws_vpc_security_group_ingress_rule", "Network/TargetFromReplication")).toMatchObject({
        security_group_id: "sg-database",
        referenced_security_group_id: `\${${group}.id}`,
        from_port: 5433,
        to_port: 5433,
      });
    });

    test("may reach only the legacy port in the legacy ranges, the database port and HTTPS inside the VPC", () => {
      const egress = Object.values<any>(resources.aws_vpc_security_group_egress_rule).map((r) => [r.from_port, r.to_port, r.cidr_ipv4 ?? r.referenced_security_group_id]);
      expect(egress.sort()).toEqual([
        [443, 443, "10.10.0.0/16"],
        [5432, 5432, "172.16.0.0/16"],
        [5432, 5432, "192.168.100.0/24"],
        [5433, 5433, "sg-database"],
      ]);
    });
  });

  describe("endpoints", () => {
    test("the source reads the legacy credentials from the configured secret over TLS", () => {
      const source = byPath(resources, "aws_dms_endpoint", "DataMigration/Source");
      expect(source).toMatchObject({
        endpoint_type: "source",
        engine_name: "postgres",
        database_name: "legacy",
        secrets_manager_arn: LEGACY_SECRET,
        secrets_manager_access_role_arn: `\${${addressOf(resources, "aws_iam_role", "SourceAccessRole")}.arn}`,
        ssl_mode: "require",
        kms_key_arn: DATA_KEY,
      });
      expect(source.password).toBeUndefined();
    });

    test("the source access role may read only the legacy secret and decrypt only with the data key", () => {
      const policy = JSON.parse(byPath(resources, "aws_iam_role_policy", "SourceAccessPolicy").policy);
      expect(policy.Statement).toEqual([
        { Sid: "ReadLegacySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: LEGACY_SECRET },
        { Sid: "DecryptWithDataKey", Effect: "Allow", Action: "kms:Decrypt", Resource: DATA_KEY },
      ]);
      const trust = JSON.parse(byPath(resources, "aws_iam_role", "SourceAccessRole").assume_role_policy);
      expect(trust.Statement[0].Principal.Service).toEqual(["dms.amazonaws.com", "dms.eu-west-2.amazonaws.com"]);
    });

    test("the target signs in from the migration user's secret over TLS: host, port and password come from the secret", () => {
      const target = byPath(resources, "aws_dms_endpoint", "DataMigration/Target");
      expect(target).toMatchObject({
        endpoint_type: "target",
        engine_name: "postgres",
        database_name: "braveheart",
        secrets_manager_arn: TARGET_SECRET,
        secrets_manager_access_role_arn: `\${${addressOf(resources, "aws_iam_role", "TargetAccessRole")}.arn}`,
        ssl_mode: "require",
        kms_key_arn: DATA_KEY,
      });
      // Nothing of the credentials in the JSON, and none of the 6.x-only IAM arguments (the 5.x validate would fail)
      for (const field of ["password", "username", "server_name", "postgres_settings", "mysql_settings"]) expect(target[field]).toBeUndefined();
    });

    test("the target role may read only the target secret and decrypt only with the data key", () => {
      expect(JSON.parse(byPath(resources, "aws_iam_role_policy", "TargetAccessPolicy").policy).Statement).toEqual([
        { Sid: "ReadTargetSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: TARGET_SECRET },
        { Sid: "DecryptWithDataKey", Effect: "Allow", Action: "kms:Decrypt", Resource: DATA_KEY },
      ]);
    });
  });

  describe("replication task", () => {
    test("is full-load-and-cdc from the source endpoint through the instance to the target endpoint", () => {
      expect(synth).toHaveResourceWithProperties(DmsReplicationTask, {
        replication_task_id: "bh-test-migrate",
        resource_identifier: "bh-test-migrate",
        migration_type: "full-load-and-cdc",
        source_endpoint_arn: `\${${addressOf(resources, "aws_dms_endpoint", "DataMigration/Source")}.endpoint_arn}`,
        replication_instance_arn: `\${${addressOf(resources, "aws_dms_replication_instance", "Instance")}.replication_instance_arn}`,
        target_endpoint_arn: `\${${addressOf(resources, "aws_dms_endpoint", "DataMigration/Target")}.endpoint_arn}`,
      });
    });

    test("is not started by Terraform: the runbook starts it", () => {
      expect(synth).toHaveResourceWithProperties(DmsReplicationTask, { start_replication_task: false });
    });

    test("table mappings are the configured selection rules, in order", () => {
      const mappings = JSON.parse(byPath(resources, "aws_dms_replication_task", "Task").table_mappings);
      expect(mappings.rules.map((r: any) => [r["rule-type"], r["object-locator"], r["rule-action"], r["rule-name"]])).toEqual([
        ["selection", { "schema-name": "public", "table-name": "%" }, "include", "include-public-all"],
        ["selection", { "schema-name": "audit", "table-name": "%" }, "exclude", "exclude-audit-all"],
      ]);
    });

    test("settings turn on logging and validation; later changes are ignored so a plan never stops the task", () => {
      const task = byPath(resources, "aws_dms_replication_task", "Task");
      const settings = JSON.parse(task.replication_task_settings);
      expect(settings).toEqual(replicationTaskSettings(MIGRATION.lob));
      expect(settings.Logging.EnableLogging).toBe(true);
      expect(settings.ValidationSettings).toMatchObject({ EnableValidation: true, ValidationMode: "ROW_LEVEL" });
      expect(task.lifecycle).toEqual({ ignore_changes: ["replication_task_settings"] });
    });

    test("large objects: full LOB mode by default (nothing truncated), copied in the configured chunks", () => {
      const settings = JSON.parse(byPath(resources, "aws_dms_replication_task", "Task").replication_task_settings);
      expect(settings.TargetMetadata).toEqual({ SupportLobs: true, FullLobMode: true, LobChunkSize: 64, LimitedSizeLobMode: false, LobMaxSize: 0 });
    });

    test("large objects: limited mode only with the size config states", () => {
      expect(replicationTaskSettings({ mode: "limited", maxSizeKb: 4096 }).TargetMetadata).toEqual({
        SupportLobs: true,
        FullLobMode: false,
        LimitedSizeLobMode: true,
        LobMaxSize: 4096,
      });
    });
  });

  describe("alarms", () => {
    /** A task alarm on `metric` above `threshold`, on this task of this instance. */
    const expectTaskAlarm = (metric: string, threshold: number, treatMissingData: string) =>
      expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        alarm_name: `bh-test-migrate-${metric}`,
        namespace: "AWS/DMS",
        metric_name: metric,
        dimensions: { ReplicationInstanceIdentifier: "bh-test-dms", ReplicationTaskIdentifier: "bh-test-migrate" },
        comparison_operator: "GreaterThanThreshold",
        threshold,
        treat_missing_data: treatMissingData,
      });

    test("validation: fire on any row that failed validation or could not be validated, per task", () => {
      for (const metric of ["ValidationFailedOverallCount", "ValidationSuspendedOverallCount"]) expectTaskAlarm(metric, 0, "notBreaching");
    });

    test("lag: fire when source or target CDC latency stays above the configured seconds", () => {
      for (const metric of ["CDCLatencySource", "CDCLatencyTarget"]) expectTaskAlarm(metric, 120, "missing");
    });

    test("notify a KMS-encrypted topic with the alarm e-mail subscribed", () => {
      const topic = byPath(resources, "aws_sns_topic", "DataMigration/AlarmTopic");
      expect(topic.kms_master_key_id).toBe(PROPS.platformKmsKeyArn);
      const topicArn = `\${${addressOf(resources, "aws_sns_topic", "DataMigration/AlarmTopic")}.arn}`;
      for (const alarm of Object.values<any>(resources.aws_cloudwatch_metric_alarm)) {
        expect(alarm).toMatchObject({ alarm_actions: [topicArn], ok_actions: [topicArn] });
        // Lag alarms also report "insufficient data": the task stopped replicating.
        if (alarm.metric_name.startsWith("CDCLatency")) expect(alarm.insufficient_data_actions).toEqual([topicArn]);
      }
      expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint: "oncall@example.com" });
    });
  });
});

describe("DataMigration when retired", () => {
  test("refuses to be built, so a retired migration cannot come back by accident", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new DataMigration(scope, "DataMigration", { ...PROPS, migration: { ...MIGRATION, retire: true } });
      }),
    ).toThrow(/DataMigration: dataMigration.retire is true/);
  });
});

describe("tableMappingsDocument", () => {
  test("a mapping keeps its rule id and name when others are added before it", () => {
    const alone = tableMappingsDocument([{ schema: "sales", table: "orders", action: "include" }]).rules[0];
    const after = tableMappingsDocument([
      { schema: "public", table: "%", action: "include" },
      { schema: "sales", table: "orders", action: "include" },
    ]).rules[1];
    expect(after).toEqual(alone);
    expect(alone["rule-name"]).toBe("include-sales-orders");
    expect(alone["rule-id"]).toMatch(/^\d{6}$/);
  });

  test("different mappings get different rule ids", () => {
    const rules = tableMappingsDocument([
      { schema: "public", table: "%", action: "include" },
      { schema: "audit", table: "%", action: "exclude" },
      { schema: "sales", table: "orders", action: "include" },
    ]).rules;
    expect(new Set(rules.map((r) => r["rule-id"])).size).toBe(3);
  });
});
