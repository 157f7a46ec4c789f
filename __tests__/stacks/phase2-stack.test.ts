// The phase2 stack as app.ts builds it: preparation, phase1 (with its real ServiceFleet platform) and phase2, fully
// synthesized, so every cross-stack value is a terraform_remote_state read that can be followed to the resource that
// produces it. JSON-only describes share synths with other test files (synthStacks); synthAll only where the typed
// outputs object (the construct tree) is what is tested.
import { Tokenization } from "cdktf";
import { ConfigError } from "../../config/load";
import type { EnvironmentConfig } from "../../config/schema";
import type { BuiltApp } from "../../app";
import { addressesOf, configFor, resourceAt, resourcesOf, synthAll, synthStacks, type StackJson } from "../helpers";
import { PREVIEW_ADDRESSES_MOVED_TO_PHASE1 } from "../../stacks/phase2-stack";

const REMOTE = /^data\.terraform_remote_state\.cross-stack-reference-input-([a-z0-9-]+)\.outputs\.([A-Za-z0-9_-]+)$/;
const REFERENCE = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)$/;

/**
 * A value with every `${...}` reference replaced by `{<construct path>.<attribute>}` of the resource it names,
 * following terraform_remote_state reads to the producing stack's output: `{staging-phase1/Capacity/Cluster.arn}`.
 */
function wiring(stacks: Record<string, StackJson>, stackId: string, value: unknown): string {
  return String(value).replace(/\$\{([^}]+)\}/g, (_, expression: string) => `{${origin(stacks, stackId, expression)}}`);
}

function origin(stacks: Record<string, StackJson>, stackId: string, expression: string): string {
  const remote = expression.match(REMOTE);
  if (remote) {
    const [, producer, output] = remote;
    const value = String(stacks[producer]?.output?.[output]?.value);
    return origin(stacks, producer, value.replace(/^\$\{(.*)\}$/, "$1"));
  }
  const [, data, type, name, attribute] = expression.match(REFERENCE) ?? [];
  const body = (data ? stacks[stackId].data : stacks[stackId].resource)?.[type]?.[name];
  return body ? `${body["//"].metadata.path}.${attribute}` : `unresolved ${stackId}: ${expression}`;
}

/** The Terraform address an attribute token refers to (`type.name.attribute`). */
const referenceOf = (token: unknown): string | undefined => (Tokenization.reverse(token) as unknown as { identifier?: string }[] | undefined)?.[0]?.identifier;

/** Construct path of a resource, relative to its stack (`Services/orders/Service`). */
const pathOf = (body: any): string => String(body["//"].metadata.path).replace(/^[^/]+\//, "");

const serviceNames = (stack: StackJson) => resourcesOf(stack, "aws_ecs_service").map(([, s]) => s.name).sort();
const namesInPhase = (config: EnvironmentConfig, phase: 1 | 2) => config.services.filter((s) => s.phase === phase).map((s) => s.name).sort();

describe("phase2 stack (staging)", () => {
  const config = configFor("staging");
  let stacks: Record<string, StackJson>;
  let stack: StackJson;
  const wired = (value: unknown) => wiring(stacks, "staging-phase2", value);
  beforeAll(() => {
    stacks = synthStacks(config);
    stack = stacks["staging-phase2"];
  });

  describe("cross-stack wiring", () => {
    test("reads preparation and phase1 through terraform_remote_state, nothing else", () => {
      expect(Object.keys(stack.data?.terraform_remote_state ?? {}).sort()).toEqual([
        "cross-stack-reference-input-staging-phase1",
        "cross-stack-reference-input-staging-preparation",
      ]);
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
    test("the database sits in preparation's isolated subnets and database group, encrypted with its data key, not public", () => {
      const db = resourceAt(stack, "aws_db_instance", "Database/Instance");
      expect(wired(db.db_subnet_group_name)).toBe("{staging-phase2/Database/SubnetGroup.name}");
      expect(resourceAt(stack, "aws_db_subnet_group", "Database/SubnetGroup").subnet_ids.map(wired)).toEqual([
        "{staging-preparation/Network/Isolated/Subnet0.id}",
        "{staging-preparation/Network/Isolated/Subnet1.id}",
        "{staging-preparation/Network/Isolated/Subnet2.id}",
      ]);
      expect(db.vpc_security_group_ids.map(wired)).toEqual(["{staging-preparation/SecurityGroups/Database.id}"]);
      expect(db).toMatchObject({ storage_encrypted: true, publicly_accessible: false, manage_master_user_password: true });
      expect(wired(db.kms_key_id)).toBe("{staging-preparation/DataKey/Key.arn}");
      expect(wired(db.master_user_secret_kms_key_id)).toBe("{staging-preparation/DataKey/Key.arn}");
    });

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

    test("the database survives a careless destroy: deletion protection, prevent_destroy and a final snapshot", () => {
      const db = resourceAt(stack, "aws_db_instance", "Database/Instance");
      expect(db).toMatchObject({ deletion_protection: true, lifecycle: { prevent_destroy: true }, final_snapshot_identifier: "braveheart-staging-db-final" });
      expect(db.skip_final_snapshot).not.toBe(true);
    });
  });

  describe("data migration", () => {
    test("the task copies from the legacy source through the replication instance into the new database", () => {
      const task = resourceAt(stack, "aws_dms_replication_task", "DataMigration/Task");
      expect(task.migration_type).toBe("full-load-and-cdc");
      expect(wired(task.source_endpoint_arn)).toBe("{staging-phase2/DataMigration/Source.endpoint_arn}");
      expect(wired(task.replication_instance_arn)).toBe("{staging-phase2/DataMigration/Instance.replication_instance_arn}");
      expect(wired(task.target_endpoint_arn)).toBe("{staging-phase2/DataMigration/Target.endpoint_arn}");
      // The target's host, port and credentials are in the migration user's secret, which outlives the migration
      const target = resourceAt(stack, "aws_dms_endpoint", "DataMigration/Target");
      expect(wired(target.secrets_manager_arn)).toBe("{staging-phase2/DmsTargetCredentials/Secret.arn}");
      expect(resourceAt(stack, "aws_secretsmanager_secret", "DmsTargetCredentials/Secret")).toMatchObject({
        name: "braveheart-staging/dms/target-credentials",
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(stack, "aws_dms_endpoint", "DataMigration/Source").secrets_manager_arn).toBe(config.dataMigration!.sourceSecretArn);
    });

    test("the task's table mappings come from config", () => {
      const rules = JSON.parse(resourceAt(stack, "aws_dms_replication_task", "DataMigration/Task").table_mappings).rules;
      expect(rules.map((r: any) => `${r["rule-action"]} ${r["object-locator"]["schema-name"]}.${r["object-locator"]["table-name"]}`)).toEqual(
        config.dataMigration!.tableMappings.map((m) => `${m.action} ${m.schema}.${m.table}`),
      );
    });

    test("the replication instance is private, single-AZ in staging, in preparation's isolated subnets, encrypted with the data key", () => {
      const instance = resourceAt(stack, "aws_dms_replication_instance", "DataMigration/Instance");
      expect(instance).toMatchObject({ multi_az: false, publicly_accessible: false });
      expect(wired(instance.kms_key_arn)).toBe("{staging-preparation/DataKey/Key.arn}");
      const subnets = resourceAt(stack, "aws_dms_replication_subnet_group", "DataMigration/SubnetGroup").subnet_ids.map(wired);
      expect(subnets).toEqual([0, 1, 2].map((i) => `{staging-preparation/Network/Isolated/Subnet${i}.id}`));
    });
  });

  describe("the preview name, moved to phase1", () => {
    test("no preview record, health check or /healthz rule is left here", () => {
      expect(resourcesOf(stack, "aws_route53_record")).toEqual([]);
      expect(resourcesOf(stack, "aws_route53_health_check")).toEqual([]);
      expect(resourcesOf(stack, "aws_lb_listener_rule").map(([, r]) => pathOf(r))).not.toContain("HealthCheckRule/Rule");
    });

    test("a state that still holds them forgets them on the next apply instead of destroying them", () => {
      expect((stack as any).removed).toEqual(PREVIEW_ADDRESSES_MOVED_TO_PHASE1.map((from) => ({ from, lifecycle: [{ destroy: false }] })));
    });

    test("phase1 holds every one of those addresses (both environments), so its state can import them", () => {
      for (const env of ["staging", "production"] as const) {
        const phase1 = env === "staging" ? stacks["staging-phase1"] : synthStacks(configFor("production"))["production-phase1"];
        const addresses = Object.entries(phase1.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`));
        expect(addresses).toEqual(expect.arrayContaining([...PREVIEW_ADDRESSES_MOVED_TO_PHASE1]));
      }
    });
  });

  describe("critical services", () => {
    const serviceAt = (name: string) => resourceAt(stack, "aws_ecs_service", `Services/${name}/Service`);

    test("phase2 runs exactly the phase-2 services, and phase1 exactly the phase-1 ones", () => {
      expect(namesInPhase(config, 2)).toEqual(["accounts", "orders"]);
      expect(serviceNames(stack)).toEqual(namesInPhase(config, 2));
      expect(serviceNames(stacks["staging-phase1"])).toEqual(namesInPhase(config, 1));
    });

    test("no service's target group exists in both stacks", () => {
      const tagged = (id: string) => resourcesOf(stacks[id], "aws_lb_target_group").map(([, tg]) => tg.tags.service).sort();
      expect(tagged("staging-phase2")).toEqual(namesInPhase(config, 2));
      expect(tagged("staging-phase1")).toEqual(namesInPhase(config, 1));
    });

    test("each runs on phase1's cluster and capacity provider, in preparation's private subnets, after the database", () => {
      for (const name of namesInPhase(config, 2)) {
        const service = serviceAt(name);
        expect(wired(service.cluster)).toBe("{staging-phase1/Capacity/Cluster.arn}");
        expect(wired(service.capacity_provider_strategy[0].capacity_provider)).toBe("{staging-phase1/Capacity/CapacityProvider.name}");
        expect(service.network_configuration.subnets.map(wired)).toEqual([0, 1, 2].map((i) => `{staging-preparation/Network/Private/Subnet${i}.id}`));
        expect(service.depends_on).toContain(`aws_db_instance.${resourcesOf(stack, "aws_db_instance")[0][0]}`);
      }
    });

    test("each gets its own target group and a listener rule on phase1's HTTPS listener that forwards to it", () => {
      for (const name of namesInPhase(config, 2)) {
        expect(wired(serviceAt(name).load_balancer[0].target_group_arn)).toBe(`{staging-phase2/Services/${name}/TargetGroup.arn}`);
        expect(wired(resourceAt(stack, "aws_lb_target_group", `Services/${name}/TargetGroup`).vpc_id)).toBe("{staging-preparation/Network/Vpc.id}");
        const rule = resourceAt(stack, "aws_lb_listener_rule", `Services/${name}/ListenerRule`);
        expect(wired(rule.listener_arn)).toBe("{staging-phase1/LoadBalancer/HttpsListener.arn}");
        expect(wired(rule.action[0].target_group_arn)).toBe(`{staging-phase2/Services/${name}/TargetGroup.arn}`);
        expect(wired(rule.condition[0].http_header.values[0])).toBe("{staging-phase1/LoadBalancer/OriginVerifyValue.secret_string}");
      }
    });

    test("services using the database get its host, port and their own user for IAM authentication, and no secret of it", () => {
      for (const name of namesInPhase(config, 2)) {
        const [container] = JSON.parse(resourceAt(stack, "aws_ecs_task_definition", `Services/${name}/TaskDefinition`).container_definitions);
        const env = Object.fromEntries(container.environment.map((e: any) => [e.name, wired(e.value)]));
        expect(env).toMatchObject({ DB_HOST: "{staging-phase2/Database/Instance.address}", DB_PORT: "5433", DB_NAME: "braveheart", DB_USERNAME: `app_${name}`, DB_AUTH: "iam" });
        expect(JSON.stringify(container.secrets ?? [])).not.toContain("master_user_secret");
      }
    });

    test("their task roles may rds-db:connect as their own user of this instance only", () => {
      for (const name of namesInPhase(config, 2)) {
        const policy = resourceAt(stack, "aws_iam_role_policy", `Services/${name}/TaskRoleDatabase`);
        expect(wired(policy.role)).toBe(`{staging-phase2/Services/${name}/TaskRole.id}`);
        const [statement] = JSON.parse(policy.policy).Statement;
        expect({ ...statement, Resource: wired(statement.Resource) }).toEqual({
          Sid: "ConnectAsOwnUser",
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: `arn:aws:rds-db:eu-west-2:{staging-phase2/Account.account_id}:dbuser:{staging-phase2/Database/Instance.resource_id}/app_${name}`,
        });
      }
    });

    test("the one-shot bootstrap task is the only reader of the master secret, and creates each service's user", () => {
      const task = resourceAt(stack, "aws_ecs_task_definition", "DatabaseBootstrap/TaskDefinition");
      expect(task.family).toBe("braveheart-staging-db-bootstrap");
      const [container] = JSON.parse(task.container_definitions);
      expect(container.secrets.map((s: any) => wired(s.valueFrom))).toEqual([
        "{staging-phase2/Database/Instance.master_user_secret[0].secret_arn}:password::",
        "{staging-phase2/Database/Instance.master_user_secret[0].secret_arn}:username::",
      ]);
      for (const name of namesInPhase(config, 2)) expect(container.command[2]).toContain(`GRANT rds_iam TO app_${name};`);
    });
  });
});

describe("phase2 outputs for golive (staging)", () => {
  let built: BuiltApp;
  let stack: StackJson;
  beforeAll(() => {
    const result = synthAll(configFor("staging"));
    built = result.built;
    stack = result.stacks["staging-phase2"];
  });

  test("name the database and the DMS task", () => {
    const { outputs } = built.phase2;
    expect(referenceOf(outputs.dmsTaskArn)).toBe(`aws_dms_replication_task.${resourcesOf(stack, "aws_dms_replication_task")[0][0]}.replication_task_arn`);
    expect(outputs.database.port).toBe(5433);
  });

  test("list the phase-2 services with their own target groups' ARN suffixes", () => {
    const { outputs } = built.phase2;
    expect(outputs.serviceNames).toEqual(["orders", "accounts"]);
    const groups = Object.fromEntries(resourcesOf(stack, "aws_lb_target_group").map(([name, tg]) => [pathOf(tg), name]));
    expect(Object.fromEntries(Object.entries(outputs.targetGroupArnSuffixes).map(([service, suffix]) => [service, referenceOf(suffix)]))).toEqual({
      orders: `aws_lb_target_group.${groups["Services/orders/TargetGroup"]}.arn_suffix`,
      accounts: `aws_lb_target_group.${groups["Services/accounts/TargetGroup"]}.arn_suffix`,
    });
  });
});

describe("phase2 stack (production)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = synthStacks(configFor("production"))["production-phase2"];
  });

  test("database and replication instance are Multi-AZ, with 35 days of backups", () => {
    expect(resourceAt(stack, "aws_db_instance", "Database/Instance")).toMatchObject({ multi_az: true, backup_retention_period: 35, instance_class: "db.r6g.large" });
    expect(resourceAt(stack, "aws_dms_replication_instance", "DataMigration/Instance")).toMatchObject({ multi_az: true, replication_instance_class: "dms.r5.large" });
  });

  test("the task copies public and leaves audit out, the lag alarms fire above 120 s and the validation alarms on any bad row", () => {
    const rules = JSON.parse(resourceAt(stack, "aws_dms_replication_task", "DataMigration/Task").table_mappings).rules;
    expect(rules.map((r: any) => `${r["rule-action"]} ${r["object-locator"]["schema-name"]}.${r["object-locator"]["table-name"]}`)).toEqual([
      "include public.%",
      "exclude audit.%",
    ]);
    const thresholds = Object.fromEntries(resourcesOf(stack, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.metric_name, a.threshold]));
    expect(thresholds).toEqual({ CDCLatencySource: 120, CDCLatencyTarget: 120, ValidationFailedOverallCount: 0, ValidationSuspendedOverallCount: 0 });
  });

  test("lag alarms reach the on-call address", () => {
    expect(resourceAt(stack, "aws_sns_topic_subscription", "DataMigration/AlarmTopic/Email").endpoint).toBe("platform-oncall@braveheart-tech.com");
  });

  test("the database keeps a logical replication log from creation: the reverse replication (on in production) reads it after the data cutover", () => {
    const parameters = resourceAt(stack, "aws_db_parameter_group", "Database/ParameterGroup").parameter;
    expect(parameters).toContainEqual({ name: "rds.logical_replication", value: "1", apply_method: "pending-reboot" });
  });
});

describe("phase2 stack without reverse replication", () => {
  test("no logical replication log: it costs WAL and nothing reads it", () => {
    const stack = synthStacks(configFor("production", (raw) => (raw.cutover.reverseReplication = false)))["production-phase2"];
    const parameters = resourceAt(stack, "aws_db_parameter_group", "Database/ParameterGroup").parameter;
    expect(parameters.map((p: any) => p.name)).not.toContain("rds.logical_replication");
  });
});

describe("phase2 stack once the migration is retired", () => {
  let active: Record<string, StackJson>;
  let retired: Record<string, StackJson>;
  let built: BuiltApp;
  beforeAll(() => {
    active = synthStacks(configFor("staging"));
    ({ built, stacks: retired } = synthAll(configFor("staging", (raw) => (raw.dataMigration.retire = true))));
  });

  test("holds no DMS resource, role, security group, alarm or topic", () => {
    const stack = retired["staging-phase2"];
    expect(addressesOf(stack).filter((a) => a.startsWith("aws_dms_") || a.includes("DataMigration"))).toEqual([]);
    expect(resourcesOf(stack, "aws_iam_role").filter(([, r]) => !String(r.name).match(/-(exec|task)$/)).map(([, r]) => r.name)).toEqual(["braveheart-staging-db-monitoring"]);
    expect(built.phase2.outputs.dmsTaskArn).toBeUndefined();
  });

  test("keeps every other address unchanged: retiring touches nothing but the migration", () => {
    expect(addressesOf(active["staging-phase2"]).some((a) => a.startsWith("aws_dms_replication_task."))).toBe(true);
    expect(addressesOf(retired["staging-phase2"])).toEqual(addressesOf(active["staging-phase2"]).filter((a) => !a.includes("DataMigration")));
  });

  test("changes no address in any other stack", () => {
    for (const id of ["staging-preparation", "staging-backup", "staging-phase1", "staging-golive"]) {
      expect([id, addressesOf(retired[id])]).toEqual([id, addressesOf(active[id])]);
    }
  });
});

// A service's construct path is `Services/<name>/...` in phase1 and in phase2 alike, so moving it between phases keeps
// its address strings but moves them to another state: Terraform cannot `moved` across states, so it is a destroy
// in phase2 and a create in phase1, with the same names (ECS service, IAM roles, log group, listener priority).
// phase1 is applied first and would collide with the old copy, so the runbook (docs/phase2.md, "Moving a service
// between phases") drains the service and applies phase2 first.
describe("moving a service from phase 2 to phase 1", () => {
  let before: Record<string, StackJson>;
  let after: Record<string, StackJson>;
  const moveOrders = (raw: Record<string, any>) => {
    const orders = raw.services.find((s: any) => s.name === "orders");
    orders.phase = 1;
    orders.usesDatabase = false;
  };
  const ofOrders = (stack: StackJson) => addressesOf(stack).filter((address) => address.includes("_orders_"));
  beforeAll(() => {
    before = synthStacks(configFor("staging"));
    after = synthStacks(configFor("staging", moveOrders));
  });

  test("removes exactly its resources from phase2 and adds them under the same addresses to phase1", () => {
    const removed = addressesOf(before["staging-phase2"]).filter((a) => !addressesOf(after["staging-phase2"]).includes(a));
    const added = addressesOf(after["staging-phase1"]).filter((a) => !addressesOf(before["staging-phase1"]).includes(a));
    expect(removed.length).toBeGreaterThan(0);
    expect(removed).toEqual(ofOrders(before["staging-phase2"]));
    // Moved without usesDatabase (phase1 has no database): its database grant goes, everything else moves.
    expect(added).toEqual(removed.filter((a) => !a.includes("TaskRoleDatabase")));
    expect(addressesOf(after["staging-phase1"]).filter((a) => !added.includes(a))).toEqual(addressesOf(before["staging-phase1"]));
    expect(addressesOf(after["staging-phase2"])).toEqual(addressesOf(before["staging-phase2"]).filter((a) => !removed.includes(a)));
  });

  test("the moved service runs on phase1's own cluster and listener, without remote state", () => {
    const stack = after["staging-phase1"];
    expect(serviceNames(stack)).toEqual(["catalog", "orders", "web-ui"]);
    expect(wiring(after, "staging-phase1", resourceAt(stack, "aws_ecs_service", "Services/orders/Service").cluster)).toBe("{staging-phase1/Capacity/Cluster.arn}");
    expect(resourceAt(stack, "aws_lb_listener_rule", "Services/orders/ListenerRule").listener_arn).toMatch(/^\$\{aws_lb_listener\./);
  });

  test("a phase-1 service that uses the database is a config error: phase1 is applied before the database exists", () => {
    const edit = (raw: Record<string, any>) => (raw.services.find((s: any) => s.name === "orders").phase = 1);
    expect(() => configFor("staging", edit)).toThrow(ConfigError);
    expect(() => configFor("staging", edit)).toThrow(/services\[2\] \(orders\)\.usesDatabase \(got true\): a phase 1 service cannot use the database/);
  });
});
