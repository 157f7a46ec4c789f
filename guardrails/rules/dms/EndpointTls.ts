import type { Rule } from "../../rule";
import { str, UNKNOWN } from "../../values";

/** Engines whose endpoints are database connections that support (and need) TLS. */
const DATABASE_ENGINES = /^(postgres|aurora-postgresql|mysql|aurora|mariadb|oracle|sqlserver|babelfish|sybase|db2|db2-zos|docdb|mongodb|redshift|redshift-serverless|azuredb|azure-sql-managed-instance)$/;

export const EndpointTls: Rule = {
  id: "BH-DMS-3",
  name: "EndpointTls",
  reason: "DMS database endpoint does not use TLS (ssl_mode unset or none)",
  explanation:
    "The source endpoint connects to the legacy database across the network with the replication user's " +
    "credentials. ssl_mode defaults to none; use require, verify-ca or verify-full.",
  resourceTypes: ["aws_dms_endpoint"],
  check(attributes) {
    const engine = str(attributes.engine_name);
    if (engine === UNKNOWN || engine === undefined || !DATABASE_ENGINES.test(engine)) return "not-applicable";
    const mode = str(attributes.ssl_mode);
    if (mode === UNKNOWN) return "not-applicable";
    return mode !== undefined && mode !== "none" ? "compliant" : [{ detail: `ssl_mode is ${mode ?? "unset (none)"}` }];
  },
};
