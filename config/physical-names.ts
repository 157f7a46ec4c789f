// Every AWS physical name whose limits a `<project>-<environment>` prefix can break, in one place: the rule each
// kind of name must follow (the provider's validators and the AWS API's own limits), and the suffix each name adds.
// Constructs build these names only through `physicalName`/`servicePhysicalName`, and config validation runs the
// same catalogue before anything is built, so a project or environment name that cannot fit is a config error that
// names the field, never a `terraform plan` failure halfway through a runbook.
//
// Names are never shortened or hashed to fit: the CI deploy role's IAM rights are scoped to `role/<prefix>-*`, and
// operators type these names into the AWS CLI (the runbook starts the DMS task by its identifier).
import type { ConfigProblem } from "./semantic";

export interface NameRule {
  /** What the name is, for messages: `the DMS replication task identifier`. */
  readonly what: string;
  readonly maxLength: number;
  readonly pattern: RegExp;
  /** The characters allowed, in words. */
  readonly allowed: string;
}

const LETTER_FIRST_NO_DOUBLE_HYPHEN = /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/;

/** Per kind of name: its limits. Only kinds with a limit that a 2x32-character prefix can reach are listed. */
export const NAME_RULES = {
  albName: {
    what: "the load balancer name (aws_lb.name)",
    maxLength: 32,
    pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    allowed: "letters, digits and '-', not starting with 'internal-' or ending with '-'",
  },
  dmsTaskIdentifier: {
    // aws_dms_replication_task.resource_identifier: the provider validates 1-31 characters at plan time.
    what: "the DMS replication task identifier (resource_identifier, the task ARN's suffix and its alarm dimension)",
    maxLength: 31,
    pattern: LETTER_FIRST_NO_DOUBLE_HYPHEN,
    allowed: "letters, digits and single hyphens, a letter first, no trailing '-'",
  },
  dmsIdentifier: {
    what: "a DMS replication instance or endpoint identifier",
    maxLength: 63,
    pattern: LETTER_FIRST_NO_DOUBLE_HYPHEN,
    allowed: "letters, digits and single hyphens, a letter first, no trailing '-'",
  },
  rdsIdentifier: {
    what: "the RDS instance identifier",
    maxLength: 63,
    pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    allowed: "lower-case letters, digits and single hyphens, a letter first, no trailing '-'",
  },
  s3Bucket: {
    what: "an S3 bucket name",
    maxLength: 63,
    pattern: /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    allowed: "lower-case letters, digits, '.' and '-'",
  },
  iamRoleName: {
    what: "an IAM role name",
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and +=,.@_-",
  },
  backupName: {
    what: "an AWS Backup vault, plan or selection name",
    maxLength: 50,
    pattern: /^[A-Za-z0-9_.-]+$/,
    allowed: "letters, digits, '-', '_' and '.'",
  },
  resolverName: {
    // aws_route53_resolver_endpoint.name and aws_route53_resolver_rule.name: 1-64 characters, not only digits.
    what: "a Route 53 Resolver endpoint or rule name",
    maxLength: 64,
    pattern: /^(?![0-9]+$)[A-Za-z0-9 _-]+$/,
    allowed: "letters, digits, ' ', '_' and '-', not only digits",
  },
  originAccessControlName: {
    what: "the CloudFront origin access control name",
    maxLength: 64,
    pattern: /^[\w.-]+$/,
    allowed: "letters, digits, '-', '_' and '.'",
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

interface NameSpec {
  readonly kind: NameKind;
  readonly suffix: string;
}
const spec = (kind: NameKind, suffix: string): NameSpec => ({ kind, suffix });

/** One name per environment: `<project>-<environment>-<suffix>`. */
export const ENVIRONMENT_NAMES = {
  loadBalancer: spec("albName", "alb"),
  database: spec("rdsIdentifier", "db"),
  databaseMonitoringRole: spec("iamRoleName", "db-monitoring"),
  dbBootstrapExecutionRole: spec("iamRoleName", "db-bootstrap-exec"),
  dmsInstance: spec("dmsIdentifier", "dms"),
  dmsSourceEndpoint: spec("dmsIdentifier", "legacy-source"),
  dmsTargetEndpoint: spec("dmsIdentifier", "rds-target"),
  dmsTask: spec("dmsTaskIdentifier", "migrate"),
  /** Reverse replication after the data cutover (new -> legacy; constructs/data/reverse-replication.ts). */
  dmsReverseSourceEndpoint: spec("dmsIdentifier", "rds-reverse-source"),
  dmsReverseTargetEndpoint: spec("dmsIdentifier", "legacy-reverse-target"),
  dmsReverseTask: spec("dmsTaskIdentifier", "reverse"),
  dmsSourceRole: spec("iamRoleName", "dms-source-secret"),
  dmsTargetRole: spec("iamRoleName", "dms-target-secret"),
  staticAssetsBucket: spec("s3Bucket", "static-assets"),
  staticAssetsAccessControl: spec("originAccessControlName", "static-assets"),
  accessLogBucket: spec("s3Bucket", "access-logs"),
  ecsInstanceRole: spec("iamRoleName", "ecs-instance"),
  ecsTaskExecutionRole: spec("iamRoleName", "ecs-task-execution"),
  ciDeployRole: spec("iamRoleName", "ci-deploy"),
  ciPlanRole: spec("iamRoleName", "ci-plan"),
  /** Terraform Cloud's dynamic provider credentials (backend cloud, executionMode remote or agent). */
  tfcPlanRole: spec("iamRoleName", "tfc-plan"),
  tfcApplyRole: spec("iamRoleName", "tfc-apply"),
  developerReadOnlyRole: spec("iamRoleName", "developer-read-only"),
  flowLogRole: spec("iamRoleName", "vpc-flow-logs"),
  legacyDnsResolver: spec("resolverName", "legacy-dns"),
  primaryVault: spec("backupName", "primary"),
  drVault: spec("backupName", "dr"),
  backupPlan: spec("backupName", "migration"),
  backupSelectionByArn: spec("backupName", "migration-arns"),
  backupSelectionByTag: spec("backupName", "migration-tag"),
  backupRole: spec("iamRoleName", "migration-backup"),
} as const satisfies Record<string, NameSpec>;

/** One name per service: `<project>-<environment>-<service>-<suffix>`. */
export const SERVICE_NAMES = {
  executionRole: spec("iamRoleName", "exec"),
  taskRole: spec("iamRoleName", "task"),
  /** The application repository's image-publish role (services with a `source`). */
  publishRole: spec("iamRoleName", "publish"),
} as const satisfies Record<string, NameSpec>;

export type EnvironmentNameKey = keyof typeof ENVIRONMENT_NAMES;
export type ServiceNameKey = keyof typeof SERVICE_NAMES;

/** Why a name breaks its rule, in words; undefined when it fits. */
export function nameViolation(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length > rule.maxLength) {
    return `${rule.what} "${name}" is ${name.length} characters; allowed: at most ${rule.maxLength}`;
  }
  if (!rule.pattern.test(name)) return `${rule.what} "${name}" is not allowed; allowed: ${rule.allowed}`;
  return undefined;
}

function checked(kind: NameKind, name: string): string {
  const problem = nameViolation(kind, name);
  // Config validation (physicalNameProblems) rejects these first; reaching here means a construct was given a
  // prefix that did not come from a validated config.
  if (problem) throw new Error(`${problem} (config/physical-names.ts)`);
  return name;
}

/** The environment-wide physical name `key` for this `<project>-<environment>` prefix; throws if it cannot fit. */
export function physicalName(namePrefix: string, key: EnvironmentNameKey): string {
  const { kind, suffix } = ENVIRONMENT_NAMES[key];
  return checked(kind, `${namePrefix}-${suffix}`);
}

/** The per-service physical name `key`; throws if it cannot fit. */
export function servicePhysicalName(namePrefix: string, service: string, key: ServiceNameKey): string {
  const { kind, suffix } = SERVICE_NAMES[key];
  return checked(kind, `${namePrefix}-${service}-${suffix}`);
}

/**
 * Config problems for every catalogued name the environment would produce. For `project`/`environment`: the name
 * that is furthest over its limit (shortening by that much makes every name fit), and every kind of name whose
 * characters are not allowed. For a service: the first of its own names that cannot fit.
 */
export function physicalNameProblems(config: { project: string; environment: string; services: readonly { name: string; source?: unknown }[] }): ConfigProblem[] {
  const prefix = `${config.project}-${config.environment}`;
  const problems: ConfigProblem[] = [];
  const at = (message: string): ConfigProblem => ({ path: "environment", value: config.environment, message: `with project "${config.project}", ${message}` });
  let longest: { problem: string; over: number } | undefined;
  const badCharacters = new Set<NameKind>();
  for (const { kind, suffix } of Object.values<NameSpec>(ENVIRONMENT_NAMES)) {
    const name = `${prefix}-${suffix}`;
    const problem = nameViolation(kind, name);
    if (!problem) continue;
    const over = name.length - NAME_RULES[kind].maxLength;
    if (over > 0) {
      if (!longest || over > longest.over) longest = { problem, over };
    } else if (!badCharacters.has(kind)) {
      badCharacters.add(kind);
      problems.push(at(`${problem}: change project or environment`));
    }
  }
  if (longest) {
    const { problem, over } = longest;
    problems.unshift(at(`${problem}: shorten project and environment by ${over} character${over === 1 ? "" : "s"} in all (every other name then fits too)`));
  }
  config.services.forEach((service, i) => {
    for (const [key, { kind, suffix }] of Object.entries<NameSpec>(SERVICE_NAMES)) {
      // Only a service with a source repository gets a publish role.
      if (key === "publishRole" && service.source === undefined) continue;
      const problem = nameViolation(kind, `${prefix}-${service.name}-${suffix}`);
      if (problem) {
        problems.push({ path: `services[${i}].name`, value: service.name, message: `${problem}: shorten the service name, or project and environment` });
        break;
      }
    }
  });
  return problems;
}
