import type { Rule } from "../../rule";
import { blocks, str, UNKNOWN } from "../../values";
import { isReplica } from "./rds";

/** The parameter that refuses unencrypted connections, per engine family prefix. */
const TLS_PARAMETERS: readonly { family: RegExp; name: string; values: readonly string[] }[] = [
  { family: /^(aurora-)?postgres/, name: "rds.force_ssl", values: ["1"] },
  { family: /^sqlserver/, name: "rds.force_ssl", values: ["1"] },
  { family: /^(aurora-)?mysql|^aurora\d|^mariadb/, name: "require_secure_transport", values: ["1", "ON", "on", "true"] },
];

const GROUP_ATTRIBUTE: Record<string, { attribute: string; groupType: string }> = {
  aws_db_instance: { attribute: "parameter_group_name", groupType: "aws_db_parameter_group" },
  aws_rds_cluster: { attribute: "db_cluster_parameter_group_name", groupType: "aws_rds_cluster_parameter_group" },
};

export const ParameterGroupForcesTls: Rule = {
  id: "BH-DATA-8",
  name: "ParameterGroupForcesTls",
  reason: "database parameter group does not force TLS connections",
  explanation:
    "Without rds.force_ssl (PostgreSQL) or require_secure_transport (MySQL) the database accepts plain-text " +
    "connections, and a misconfigured client sends credentials and data unencrypted inside the VPC. Give the " +
    "database its own parameter group in this stack that sets it (a default.* group cannot be changed).",
  resourceTypes: Object.keys(GROUP_ATTRIBUTE),
  check(attributes, { stack, type }) {
    if (isReplica(attributes)) return "not-applicable";
    const { attribute, groupType } = GROUP_ATTRIBUTE[type];
    const name = attributes[attribute];
    const group = stack.referencedResource(name, [groupType]);
    if (!group) {
      const literal = str(name);
      if (literal === undefined) return [{ detail: `${attribute} is unset: the engine's default group` }];
      if (literal !== UNKNOWN && literal.startsWith("default.")) return [{ detail: `${attribute} is the default group ${literal}` }];
      // A group from another stack or created outside Terraform cannot be read here.
      return "not-applicable";
    }
    const family = str(group.attributes.family);
    if (family === undefined || family === UNKNOWN) return "not-applicable";
    const required = TLS_PARAMETERS.find((p) => p.family.test(family));
    if (!required) return "not-applicable";
    const parameters = blocks(group.attributes.parameter);
    if (parameters === UNKNOWN) return "not-applicable";
    const raw = parameters.find((p) => p.name === required.name)?.value;
    const value = typeof raw === "number" ? String(raw) : str(raw);
    if (value === UNKNOWN) return "not-applicable";
    return value !== undefined && required.values.includes(value)
      ? "compliant"
      : [{ detail: `${group.address} sets ${required.name} to ${value === undefined ? "nothing" : JSON.stringify(raw)}` }];
  },
};
