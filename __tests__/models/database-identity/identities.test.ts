// Each service that uses the database signs in as its own user and as no other; only the one-shot bootstrap task
// reads the master secret. Proven over the synthesized stacks by the identity model, which is shown to catch today's
// output (services reading the master secret) and a role granted every database user.
import { bootstrapSql, databaseUserName } from "../../../constructs/data/database-identity/service-identity";
import { databaseIdentities, MASTER, type DatabaseIdentities } from "../../../models/database-identity/identities";
import type { SynthStacks } from "../../../models/cutover/synth-graph";
import { configFor, synthStacks, type ShippedEnvironment } from "../../helpers";

describe.each<ShippedEnvironment>(["staging", "production"])("database identities in %s", (env) => {
  let ids: DatabaseIdentities;
  let databaseServices: string[];
  beforeAll(() => {
    const config = configFor(env);
    databaseServices = config.services.filter((s) => s.usesDatabase).map((s) => s.name);
    ids = databaseIdentities(synthStacks(config));
  });

  test("the instance has IAM database authentication on, and the bootstrap SQL creates one IAM user per database service", () => {
    expect(ids.iamAuthenticationEnabled).toBe(true);
    expect(ids.iamUsers).toEqual(databaseServices.map(databaseUserName).sort());
  });

  test("each database service is configured as, and can sign in as, exactly its own user", () => {
    for (const name of databaseServices) {
      const task = ids.tasks.find((t) => t.service === name)!;
      expect({ name, user: task.configuredUser, canSignInAs: task.canSignInAs }).toEqual({ name, user: databaseUserName(name), canSignInAs: [databaseUserName(name)] });
    }
  });

  test("no two services share a database user, and services without usesDatabase can sign in as nobody", () => {
    const users = ids.tasks.filter((t) => t.service).map((t) => t.configuredUser).filter(Boolean);
    expect(new Set(users).size).toBe(users.length);
    for (const task of ids.tasks.filter((t) => t.service && !databaseServices.includes(t.service))) expect(task.canSignInAs).toEqual([]);
  });

  test("no task definition but the one-shot bootstrap reads the master secret", () => {
    expect(ids.tasks.filter((t) => t.readsMasterSecret).map((t) => t.family)).toEqual([`braveheart-${env}-db-bootstrap`]);
    expect(ids.tasks.find((t) => t.family.endsWith("-db-bootstrap"))).toMatchObject({ service: undefined, canSignInAs: [MASTER] });
  });
});

describe("known-bad outputs are caught", () => {
  let shipped: SynthStacks;
  beforeAll(() => {
    shipped = synthStacks(configFor("staging"));
  });
  const phase2Edit = (edit: (resources: Record<string, any>) => void): DatabaseIdentities => {
    const stacks = structuredClone(shipped) as Record<string, any>;
    edit(stacks["staging-phase2"].resource);
    return databaseIdentities(stacks);
  };
  const ordersTask = (r: Record<string, any>) => Object.entries<any>(r.aws_ecs_task_definition).find(([k]) => k.startsWith("Services_orders_TaskDefinition"))![1];

  test("today's output (DB_USERNAME/DB_PASSWORD from the RDS-managed master secret): the service signs in as the master", () => {
    const ids = phase2Edit((r) => {
      const task = ordersTask(r);
      const defs = JSON.parse(task.container_definitions);
      const instance = Object.keys(r.aws_db_instance)[0];
      defs[0].secrets.push({ name: "DB_PASSWORD", valueFrom: `\${aws_db_instance.${instance}.master_user_secret[0].secret_arn}:password::` });
      task.container_definitions = JSON.stringify(defs);
    });
    const orders = ids.tasks.find((t) => t.service === "orders")!;
    expect(orders.readsMasterSecret).toBe(true);
    expect(orders.canSignInAs).toContain(MASTER);
  });

  test("a task role granted every user of the instance (dbuser:<id>/*) can sign in as the other services' users", () => {
    const ids = phase2Edit((r) => {
      const policy = Object.entries<any>(r.aws_iam_role_policy).find(([k]) => k.startsWith("Services_orders_TaskRoleDatabase"))![1];
      policy.policy = policy.policy.replace("/app_orders", "/*");
    });
    expect(ids.tasks.find((t) => t.service === "orders")!.canSignInAs).toEqual(["app_accounts", "app_orders"]);
  });

  test("with IAM authentication off on the instance, no token works: the services can sign in as nobody", () => {
    const ids = phase2Edit((r) => {
      Object.values<any>(r.aws_db_instance)[0].iam_database_authentication_enabled = false;
    });
    expect(ids.tasks.filter((t) => t.service).every((t) => t.canSignInAs.length === 0)).toBe(true);
  });
});

describe("the bootstrap SQL (constructs/data/database-identity/*.sql)", () => {
  test("PostgreSQL: an idempotent login role per user with rds_iam, data privileges on public, nothing for others", () => {
    const sql = bootstrapSql("postgres", "braveheart", ["app_orders", "app_accounts"]);
    for (const user of ["app_orders", "app_accounts"]) {
      expect(sql).toContain(`IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN\n    CREATE ROLE ${user} LOGIN;`);
      expect(sql).toContain(`GRANT rds_iam TO ${user};`);
      expect(sql).toContain(`GRANT CONNECT ON DATABASE braveheart TO ${user};`);
    }
    expect(sql).not.toMatch(/SUPERUSER|CREATEROLE|CREATEDB|PASSWORD|--/);
  });

  test("MySQL: a user per service through AWSAuthenticationPlugin, TLS required, data privileges on the database only", () => {
    const sql = bootstrapSql("mysql", "braveheart", ["app_orders"]);
    expect(sql).toBe(
      "CREATE USER IF NOT EXISTS 'app_orders'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL;\n" +
        "GRANT SELECT, INSERT, UPDATE, DELETE ON `braveheart`.* TO 'app_orders'@'%';",
    );
  });

  test("user names: app_ and the service name, '-' as '_'", () => {
    expect(databaseUserName("web-ui")).toBe("app_web_ui");
  });
});
