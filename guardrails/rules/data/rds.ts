// Shared reading of RDS instances and clusters for the data rules.
import { isSet } from "../../values";

export const RDS_TYPES = ["aws_db_instance", "aws_rds_cluster"] as const;

/** Read replicas inherit encryption, credentials and backups from their source; the source is checked instead. */
export function isReplica(attributes: Readonly<Record<string, unknown>>): boolean {
  return isSet(attributes.replicate_source_db) || isSet(attributes.replication_source_identifier);
}
