// Full synth (prepareStack runs, so cross-stack outputs and terraform_remote_state reads exist) of preparation, the
// TEMPORARY phase1 test double and phase2. Switch to synthAll(config) once phase1 is merged and app.ts builds phase2.
import { Tokenization } from "cdktf";
import { buildPhase2TestApp, type Phase2TestApp } from "../fakes/phase2-test-app";
import { addressesOf, configFor, resourceAt, resourcesOf, synthAll, type StackJson } from "../helpers";

const REMOTE = (stack: string) => new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${stack}\\.outputs\\.[A-Za-z0-9_-]+\\}$`);
const FROM_PREPARATION = REMOTE("staging-preparation");
const FROM_PHASE1 = REMOTE("staging-phase1");

/** The Terraform address an attribute token refers to (`type.name.attribute`). */
const referenceOf = (token: unknown): string | undefined => (Tokenization.reverse(token) as unknown as { identifier?: string }[] | undefined)?.[0]?.identifier;

describe("phase2 stack (staging)", () => {
  let built: Phase2TestApp;
  let stacks: Record<string, StackJson>;
  let stack: StackJson;
  beforeAll(() => {
    ({ built, stacks } = synthAll(configFor("staging"), buildPhase2TestApp));
    stack = stacks["staging-phase2"];
  });

  describe("cross-stack wiring", () => {
    test("reads preparation and phase1 through terraform_remote_state, nothing else", () => {
      expect(Object.keys(stack.data?.terraform_remote_state ?? {}).sort()).toEqual([
        "cross-stack-reference-input-staging-phase1",
        "cross-stack-reference-input-staging-preparation",
      ]);
    });

    test("the database sits in preparation's isolated subnets and database group, encrypted with its data key", () => {
      const db = resourceAt(stack, "aws_db_instance", "Database/Instance");
      expect(db.kms_key_id).toMatch(FROM_PREPARATION);
      expect(db.vpc_security_group_ids[0]).toMatch(FROM_PREPARATION);
      const subnets = resourceAt(stack, "aws_db_subnet_group", "Database/SubnetGroup").subnet_ids;
      expect(subnets).toHaveLength(3);
      for (const subnet of subnets) expect(subnet).toMatch(FROM_PREPARATION);
    });

    test("the preview records alias phase1's distribution, in preparation's zone", () => {
      const record = resourceAt(stack, "aws_route53_record", "Preview/A");
      expect(record.zone_id).toMatch(FROM_PREPARATION);
      expect(record.alias.name).toMatch(FROM_PHASE1);
      expect(record.alias.zone_id).toMatch(FROM_PHASE1);
    });

    test("the health check rule hangs off phase1's HTTPS listener", () => {
      expect(resourceAt(stack, "aws_lb_listener_rule", "HealthCheckRule/Rule").listener_arn).toMatch(FROM_PHASE1);
    });

    test("preparation and phase1 export every value phase2 reads, as sensitive outputs", () => {
      const used = JSON.stringify(stack).match(/cross-stack-reference-input-[a-z0-9-]+\.outputs\.[A-Za-z0-9_-]+/g)!;
      expect(used.length).toBeGreaterThan(0);
      for (const ref of used) {
        const [, producer, output] = ref.match(/cross-stack-reference-input-([a-z0-9-]+)\.outputs\.(.+)/)!;
        expect(stacks[producer].output?.[output]).toMatchObject({ sensitive: true });
      }
    });
  });

  describe("data tier", () => {
    test("the database follows the staging config: postgres 16, single-AZ, port 5433, 7 days of backups, backup tag", () => {
      expect(resourceAt(stack, "aws_db_instance", "Database/Instance")).toMatchObject({
        engine: "postgres",
        engine_version: "16",
        instance_class: "db.t4g.medium",
        multi_az: false,
        port: 5433,
        backup_retention_period: 7,
        tags: { backup: "braveheart" },
      });
    });

    test("data migration is on: the task is full-load-and-cdc and the instance single-AZ", () => {
      expect(resourceAt(stack, "aws_dms_replication_task", "DataMigration/Task").migration_type).toBe("full-load-and-cdc");
      expect(resourceAt(stack, "aws_dms_replication_instance", "DataMigration/Instance").multi_az).toBe(false);
    });

    test("the target endpoint connects to this stack's database", () => {
      const target = resourceAt(stack, "aws_dms_endpoint", "DataMigration/Target");
      const db = resourcesOf(stack, "aws_db_instance")[0][0];
      expect(target.server_name).toBe(`\${aws_db_instance.${db}.address}`);
    });
  });

  describe("critical services", () => {
    test("the fleet is asked for exactly the phase-2 services, with the database's access", () => {
      expect(built.fleetRequests).toHaveLength(1);
      const request = built.fleetRequests[0];
      expect(request.services.map((s) => s.name)).toEqual(["orders", "accounts"]);
      expect(request.database).toBe(built.phase2.database.access);
      expect(request.dependsOn).toEqual([built.phase2.database.instance]);
    });

    test("phase-2 services land in phase2, on phase1's cluster, after the database exists", () => {
      const db = `aws_db_instance.${resourcesOf(stack, "aws_db_instance")[0][0]}`;
      const services = resourcesOf(stack, "aws_ecs_service").map(([, s]) => s);
      expect(services.map((s) => s.name).sort()).toEqual(["accounts", "orders"]);
      for (const service of services) {
        expect(service.cluster).toMatch(FROM_PHASE1);
        expect(service.depends_on).toContain(db);
      }
    });

    test("no phase-2 service lands in phase1", () => {
      expect(resourcesOf(stacks["staging-phase1"], "aws_ecs_service")).toHaveLength(0);
      expect(built.phase1.outputs.serviceNames).toEqual(["web-ui", "catalog"]);
    });
  });

  describe("outputs for golive", () => {
    test("name the preview and origin hosts, the health check and the DMS task", () => {
      const { outputs } = built.phase2;
      expect(outputs.newPlatformRecords).toEqual({ originFqdn: "origin.staging.braveheart-tech.com", previewFqdn: "new.staging.braveheart-tech.com" });
      expect(referenceOf(outputs.healthCheckId)).toBe(`aws_route53_health_check.${resourcesOf(stack, "aws_route53_health_check")[0][0]}.id`);
      expect(referenceOf(outputs.dmsTaskArn)).toBe(`aws_dms_replication_task.${resourcesOf(stack, "aws_dms_replication_task")[0][0]}.replication_task_arn`);
      expect(outputs.serviceNames).toEqual(["orders", "accounts"]);
      expect(Object.keys(outputs.targetGroupArnSuffixes)).toEqual(["orders", "accounts"]);
      expect(outputs.database.port).toBe(5433);
    });
  });
});

describe("phase2 stack (production)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = synthAll(configFor("production"), buildPhase2TestApp).stacks["production-phase2"];
  });

  test("database and replication instance are Multi-AZ, with 35 days of backups", () => {
    expect(resourceAt(stack, "aws_db_instance", "Database/Instance")).toMatchObject({ multi_az: true, backup_retention_period: 35, instance_class: "db.r6g.large" });
    expect(resourceAt(stack, "aws_dms_replication_instance", "DataMigration/Instance")).toMatchObject({ multi_az: true, replication_instance_class: "dms.r5.large" });
  });

  test("the task copies public and leaves audit out, and the lag alarms fire above 120 s", () => {
    const rules = JSON.parse(resourceAt(stack, "aws_dms_replication_task", "DataMigration/Task").table_mappings).rules;
    expect(rules.map((r: any) => `${r["rule-action"]} ${r["object-locator"]["schema-name"]}.${r["object-locator"]["table-name"]}`)).toEqual([
      "include public.%",
      "exclude audit.%",
    ]);
    const alarms = resourcesOf(stack, "aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(2);
    for (const [, alarm] of alarms) expect(alarm.threshold).toBe(120);
  });

  test("lag alarms reach the on-call address", () => {
    expect(resourceAt(stack, "aws_sns_topic_subscription", "DataMigration/AlarmTopic/Email").endpoint).toBe("platform-oncall@braveheart-tech.com");
  });
});

describe("phase2 stack once the migration is retired", () => {
  let active: StackJson;
  let retired: StackJson;
  let built: Phase2TestApp;
  beforeAll(() => {
    active = synthAll(configFor("staging"), buildPhase2TestApp).stacks["staging-phase2"];
    const result = synthAll(
      configFor("staging", (raw) => (raw.dataMigration.retire = true)),
      buildPhase2TestApp,
    );
    built = result.built;
    retired = result.stacks["staging-phase2"];
  });

  test("holds no DMS resource, role, security group, alarm or topic", () => {
    expect(addressesOf(retired).filter((a) => a.startsWith("aws_dms_") || a.includes("DataMigration"))).toEqual([]);
    expect(resourcesOf(retired, "aws_iam_role").map(([, r]) => r.name)).toEqual(["braveheart-staging-db-monitoring"]);
    expect(built.phase2.outputs.dmsTaskArn).toBeUndefined();
  });

  test("keeps every other address unchanged: retiring touches nothing but the migration", () => {
    expect(addressesOf(active).some((a) => a.startsWith("aws_dms_replication_task."))).toBe(true);
    expect(addressesOf(retired)).toEqual(addressesOf(active).filter((a) => !a.includes("DataMigration")));
  });
});
