// Each service that uses the database signs in as its own database user with IAM database authentication: the task
// role may `rds-db:connect` as exactly that user of exactly this instance, and the application asks RDS for a
// 15-minute token per connection (AWS SDK `generate-db-auth-token`). There is no password, so RDS rotating the
// master secret never breaks a running task; the master user is for administration (and the bootstrap task) only.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "../../../config/load";
import type { DatabaseEngine } from "../../../config/database-engine";

/** The database user a service signs in as: `app_<service>` (`-` becomes `_`, which SQL identifiers allow unquoted). */
export function databaseUserName(service: string): string {
  return `app_${service.replace(/-/g, "_")}`;
}

/** MySQL user names are at most 32 characters; PostgreSQL's 63 always fit a 32-character service name. */
export const MAX_DATABASE_USER_LENGTH: Readonly<Record<DatabaseEngine, number>> = { postgres: 63, mysql: 32 };

/** `arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>`: what `rds-db:connect` is granted on. */
export function databaseUserArn(iamUserArnPrefix: string, user: string): string {
  return `${iamUserArnPrefix}/${user}`;
}

/** The SQL files in this folder, read once per engine. */
const templates = new Map<DatabaseEngine, string>();
function template(engine: DatabaseEngine): string {
  if (!templates.has(engine)) templates.set(engine, readFileSync(resolve(REPO_ROOT, "constructs/data/database-identity", `${engine}.sql`), "utf8"));
  return templates.get(engine)!;
}

/** The bootstrap SQL for these users: the engine's file once per user, comments dropped. */
export function bootstrapSql(engine: DatabaseEngine, database: string, users: readonly string[]): string {
  const body = template(engine)
    .split("\n")
    .filter((line) => !line.startsWith("--"))
    .join("\n")
    .trim();
  return users.map((user) => body.replace(/\{\{user\}\}/g, user).replace(/\{\{database\}\}/g, database)).join("\n");
}
