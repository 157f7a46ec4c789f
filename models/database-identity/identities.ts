// Who signs in to the database as whom, read from the synthesized stacks alone. RDS accepts a connection as user U
// when the client presents either U's password or an IAM token for U; a token for U is only issued to a principal
// whose policies allow `rds-db:connect` on `arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/U`, and only
// works when the instance has IAM database authentication on and U holds `rds_iam` (PostgreSQL) or was created WITH
// AWSAuthenticationPlugin (MySQL). A password is available to a task whose container secrets read a secret holding it:
// here, the RDS-managed master secret (`master_user_secret`).
//
// So for each ECS task definition this model answers: as which database users can it sign in (its task role's
// rds-db:connect grants, matched as IAM matches resources, against the users the bootstrap SQL creates with IAM
// authentication; plus the master user if it reads the master secret), and as which user does it (DB_USERNAME).
import { blocks, SynthGraph, type Node, type SynthStacks } from "../cutover/synth-graph";

export interface TaskIdentity {
  /** The task definition's family. */
  readonly family: string;
  /** The ECS service that runs it, if any. */
  readonly service?: string;
  /** DB_USERNAME in its environment. */
  readonly configuredUser?: string;
  /** Database users it can obtain a credential for. `<master>` stands for the master user. */
  readonly canSignInAs: readonly string[];
  /** Whether a container secret reads the RDS-managed master secret. */
  readonly readsMasterSecret: boolean;
}

export const MASTER = "<master>";

export interface DatabaseIdentities {
  readonly iamAuthenticationEnabled: boolean;
  /** Users the bootstrap SQL creates with IAM authentication. */
  readonly iamUsers: readonly string[];
  readonly tasks: readonly TaskIdentity[];
}

/** IAM resource matching: `*` any run of characters, `?` one; case-sensitive. */
function iamMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export function databaseIdentities(stacks: SynthStacks): DatabaseIdentities {
  const graph = new SynthGraph(stacks);
  const [instance] = graph.nodes("aws_db_instance");
  const iamAuthenticationEnabled = instance?.body.iam_database_authentication_enabled === true;
  const resourceIdRef = instance ? `\${aws_db_instance.${instance.name}.resource_id}` : "<no instance>";
  const masterSecretRef = instance ? `aws_db_instance.${instance.name}.master_user_secret` : "<no instance>";

  // The bootstrap task's SQL: the users it creates for IAM authentication.
  const iamUsers = new Set<string>();
  const containers = (task: Node) => JSON.parse(String(task.body.container_definitions ?? "[]")) as Record<string, any>[];
  for (const task of graph.nodes("aws_ecs_task_definition")) {
    for (const c of containers(task)) {
      const script = list(c.command).join("\n");
      for (const m of script.matchAll(/GRANT rds_iam TO ([a-z_][a-z0-9_]*)/g)) iamUsers.add(m[1]);
      for (const m of script.matchAll(/CREATE USER IF NOT EXISTS '([^']+)'@'%' IDENTIFIED WITH AWSAuthenticationPlugin/g)) iamUsers.add(m[1]);
    }
  }

  // Each role's allowed rds-db:connect resources (inline policies and attached managed policies of this synth).
  const policiesOf = (role: Node): unknown[] => {
    const roleId = (stack: string, v: unknown) => graph.nodeOf(stack, v);
    const inline = graph.nodes("aws_iam_role_policy").filter((p) => {
      const r = roleId(p.stack, p.body.role);
      return r?.name === role.name && r.stack === role.stack;
    }).map((p) => p.body.policy);
    const attached = graph.nodes("aws_iam_role_policy_attachment").flatMap((a) => {
      const r = roleId(a.stack, a.body.role);
      const policy = graph.nodeOf(a.stack, a.body.policy_arn);
      return r?.name === role.name && r.stack === role.stack && policy?.type === "aws_iam_policy" ? [policy.body.policy] : [];
    });
    return [...inline, ...attached, ...blocks(role.body.inline_policy).map((p) => p.policy)];
  };
  const connectable = (role: Node | undefined): string[] => {
    if (!role) return [];
    const users: string[] = [];
    for (const document of policiesOf(role)) {
      const statements = list(JSON.parse(String(document)).Statement) as Record<string, any>[];
      for (const s of statements) {
        if (s.Effect !== "Allow") continue;
        if (!list(s.Action).some((a) => iamMatches(String(a), "rds-db:connect"))) continue;
        for (const resource of list(s.Resource).map(String)) {
          // Only this instance's users: `...:dbuser:<resource id>/<user>` (a `*` for the resource id covers it too).
          const m = /^arn:aws:rds-db:[^:]*:[^:]*:dbuser:(.+)\/(.+)$/.exec(resource) ?? (resource === "*" ? ["*", "*", "*"] : null);
          if (!m) continue;
          if (!iamMatches(m[1], resourceIdRef) && m[1] !== resourceIdRef) continue;
          for (const user of iamUsers) if (iamMatches(m[2], user)) users.push(user);
        }
      }
    }
    return [...new Set(users)].sort();
  };

  const services = new Map<string, string>();
  for (const svc of graph.nodes("aws_ecs_service")) {
    const task = graph.nodeOf(svc.stack, svc.body.task_definition);
    if (task) services.set(`${task.stack}/${task.name}`, String(svc.body.name));
  }

  const tasks: TaskIdentity[] = graph.nodes("aws_ecs_task_definition").map((task) => {
    const defs = containers(task);
    const readsMasterSecret = defs.some((c) => list(c.secrets).some((s: any) => String(s.valueFrom).includes(masterSecretRef)));
    const configuredUser = defs.flatMap((c) => list(c.environment) as { name: string; value: string }[]).find((e) => e.name === "DB_USERNAME")?.value;
    const role = graph.nodeOf(task.stack, task.body.task_role_arn);
    const viaIam = iamAuthenticationEnabled ? connectable(role) : [];
    return {
      family: String(task.body.family),
      service: services.get(`${task.stack}/${task.name}`),
      configuredUser,
      canSignInAs: [...viaIam, ...(readsMasterSecret ? [MASTER] : [])],
      readsMasterSecret,
    };
  });
  return { iamAuthenticationEnabled, iamUsers: [...iamUsers].sort(), tasks };
}
