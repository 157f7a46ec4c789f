// Checks that need more than one field at a time: the schema says each value is well formed, these say the
// values make sense together. Each returns problems rather than throwing, so the user sees all of them at once.
import { compareSpecificity, globMatches, STATIC_PATHS } from "../constructs/edge/path-patterns";
import { reverseReplicationEnabled, STAGE_PLANS } from "./cutover-stages";
import { contains, overlaps, parseCidr, type Cidr } from "./cidr";
import { databaseUserName, MAX_DATABASE_USER_LENGTH } from "../constructs/data/database-identity/service-identity";
import { ENGINE_FACTS, isSupportedEngineVersion } from "./database-engine";
import { HOST_MEMORY_HEADROOM, INSTANCE_SIZES, taskCpuUnits, taskMemoryMiB, type InstanceSize } from "./instance-types";
import { MIN_OFF_REASON_LENGTH, type EnvironmentConfig } from "./schema";
import { physicalNameProblems } from "./physical-names";
import { CATCH_ALL_RULE_PRIORITY, listenerPriority, PLATFORM_HEALTH_RULE_PRIORITY } from "./priority";
import { resolveServiceVerify, routesPath } from "./service-verify";
import { describeFargateMemory, FARGATE_TASK_MEMORY, fargateCpusFor, isFargateTaskSize } from "./task-sizes";

export interface ConfigProblem {
  /** Field path in the file, e.g. `services[2].port`. */
  readonly path: string;
  /** The offending value as written (undefined when the field is missing). */
  readonly value?: unknown;
  /**
   * Where the parser saw it (`line 12, column 3`, or `in the mapping at line 9, column 3` for a missing field): for
   * structural problems, and for cross-field ones whose path has a node in the file; undefined for a document
   * validated without its text, and for a value the file leaves to a default.
   */
  readonly where?: string;
  /** What went wrong and what is allowed. */
  readonly message: string;
}

/**
 * `services[3] (billing)`: how a problem's path and any message that cites a service entry name it, so the reader
 * never counts list entries. load.ts's withServiceNames decorates problem paths with it.
 */
export function serviceRef(index: number, name: string): string {
  return `services[${index}] (${name})`;
}

export function semanticProblems(config: EnvironmentConfig): ConfigProblem[] {
  return [
    ...physicalNameProblems(config),
    ...regionProblems(config),
    ...networkProblems(config),
    ...serviceProblems(config),
    ...serviceSecretProblems(config),
    ...routingProblems(config),
    ...verifyProblems(config),
    ...hostnameProblems(config),
    ...capacityProblems(config),
    ...fargateSizeProblems(config),
    ...taskSizeProblems(config),
    ...databaseProblems(config),
    ...backupProblems(config),
    ...cutoverProblems(config),
    // Against routing that is itself wrong the inventory would only repeat the problem, route by route.
    ...(routingProblems(config).length === 0 ? routeInventoryProblems(config) : []),
    ...dataTierProblems(config),
    ...legacyNetworkProblems(config),
    ...alertProblems(config),
    ...wafProblems(config),
  ];
}

function wafProblems(config: EnvironmentConfig): ConfigProblem[] {
  const { enabled, reason } = config.edge.waf;
  if (enabled) {
    return reason === undefined ? [] : [{ path: "edge.waf.reason", value: reason, message: "only explains turning WAF off; allowed: remove it, or set edge.waf.enabled: false" }];
  }
  const length = reason?.trim().length ?? 0;
  if (reason === undefined) {
    return [{ path: "edge.waf.reason", message: "missing: turning WAF off needs a written reason; allowed: at least 20 characters saying why (printed in every synth summary)" }];
  }
  return length < MIN_OFF_REASON_LENGTH
    ? [{ path: "edge.waf.reason", value: reason, message: `is ${length} characters; allowed: at least ${MIN_OFF_REASON_LENGTH} characters saying why the web ACL is off` }]
    : [];
}

function alertProblems(config: EnvironmentConfig): ConfigProblem[] {
  const { emails, https, none } = config.alerts;
  const subscriptions = emails.length + https.length;
  if (none === undefined) {
    return subscriptions > 0
      ? []
      : [{ path: "alerts", message: "has no subscription: an alarm nobody receives is not a gate; allowed: at least one of alerts.emails or alerts.https, or alerts.none with the reason" }];
  }
  if (subscriptions > 0) {
    return [{ path: "alerts.none", value: none, message: "is set together with subscriptions; allowed: either subscriptions (alerts.emails, alerts.https) or none with a reason" }];
  }
  return none.trim().length < MIN_OFF_REASON_LENGTH
    ? [{ path: "alerts.none", value: none, message: `is ${none.trim().length} characters; allowed: at least ${MIN_OFF_REASON_LENGTH} characters saying why this environment's alarms reach no one` }]
    : [];
}

function regionProblems(config: EnvironmentConfig): ConfigProblem[] {
  return config.drRegion === config.region
    ? [{ path: "drRegion", value: config.drRegion, message: `must differ from region (${config.region}): the DR copy has to survive a regional outage` }]
    : [];
}

function networkProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { network } = config;
  const vpc = parseCidr(network.cidr);
  if (typeof vpc === "string") {
    return [{ path: "network.cidr", value: network.cidr, message: `${vpc}; allowed: a network-aligned IPv4 CIDR from /16 to /24` }];
  }
  if (vpc.prefix < 16 || vpc.prefix > 24) {
    problems.push({ path: "network.cidr", value: network.cidr, message: "allowed: a prefix from /16 to /24 (the AWS VPC limits, leaving room for subnets)" });
  }
  const seen: { path: string; cidr: Cidr }[] = [];
  for (const tier of ["public", "private", "isolated"] as const) {
    const list = network.subnets[tier];
    if (list.length !== network.azCount) {
      problems.push({
        path: `network.subnets.${tier}`,
        value: list,
        message: `has ${list.length} CIDRs but network.azCount is ${network.azCount}; allowed: exactly one CIDR per AZ`,
      });
    }
    list.forEach((text, i) => {
      const path = `network.subnets.${tier}[${i}]`;
      const subnet = parseCidr(text);
      if (typeof subnet === "string") {
        problems.push({ path, value: text, message: `${subnet}; allowed: a network-aligned IPv4 CIDR inside ${network.cidr}` });
        return;
      }
      if (subnet.prefix > 28) problems.push({ path, value: text, message: "allowed: a prefix of /28 or larger (AWS subnet minimum)" });
      if (!contains(vpc, subnet)) problems.push({ path, value: text, message: `is outside network.cidr ${network.cidr}; allowed: a CIDR inside it` });
      const clash = seen.find((s) => overlaps(s.cidr, subnet));
      if (clash) problems.push({ path, value: text, message: `overlaps ${clash.path} (${clash.cidr.text}); allowed: non-overlapping CIDRs` });
      seen.push({ path, cidr: subnet });
    });
  }
  return problems;
}

/**
 * A service's secrets are fetched by the ECS agent when a task starts, through this region's Secrets Manager and SSM
 * VPC endpoints, with an execution role scoped to the listed ARNs: a secret in another region makes every task
 * start depend on that region (and on a route out of the VPC), and any other service's ARN cannot be injected.
 */
function serviceSecretProblems(config: EnvironmentConfig): ConfigProblem[] {
  const allowed = `allowed: an arn:aws:secretsmanager:${config.region}:... secret or arn:aws:ssm:${config.region}:... parameter (this environment's region)`;
  return config.services.flatMap((service, i) =>
    Object.entries(service.secrets).flatMap(([name, arn]) => {
      const [, , kind, region] = arn.split(":");
      const path = `services[${i}].secrets.${name}`;
      if (kind !== "secretsmanager" && kind !== "ssm") return [{ path, value: arn, message: `is a ${kind} ARN, not a secret; ${allowed}` }];
      if (region !== config.region) {
        return [{ path, value: arn, message: `is in ${region || "no region"}, not ${config.region}: tasks would depend on another region to start; ${allowed}` }];
      }
      return [];
    }),
  );
}

function serviceProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byName = new Map<string, number>();
  const byPriority = new Map<number, { index: number; name: string }>();
  config.services.forEach((service, i) => {
    const path = `services[${i}]`;
    const first = byName.get(service.name);
    if (first !== undefined) {
      problems.push({ path: `${path}.name`, value: service.name, message: `duplicates ${serviceRef(first, service.name)}.name; allowed: unique service names` });
    } else {
      byName.set(service.name, i);
    }
    // With minCount above maxCount no desiredCount is right: blame the bounds, not the count between them.
    if (service.minCount > service.maxCount) {
      problems.push({ path: `${path}.minCount`, value: service.minCount, message: `allowed: at most maxCount (${service.maxCount})` });
    } else if (service.minCount > service.desiredCount || service.desiredCount > service.maxCount) {
      problems.push({
        path: `${path}.desiredCount`,
        value: service.desiredCount,
        message: `allowed: minCount (${service.minCount}) <= desiredCount <= maxCount (${service.maxCount})`,
      });
    }
    // phase1 is applied before phase2 builds the database, so a phase-1 service has no database to be given: the
    // Service construct would build it without credentials and it would fail at runtime instead of here.
    if (service.usesDatabase && service.phase === 1) {
      problems.push({
        path: `${path}.usesDatabase`,
        value: true,
        message: "a phase 1 service cannot use the database (phase2 creates it, after phase1); allowed: phase 2, or usesDatabase false",
      });
    }
    const priority = listenerPriority(service);
    const owner = byPriority.get(priority);
    // A duplicated name derives the same priority; the duplicate is the problem to report, not the collision.
    if (owner !== undefined && first === undefined) {
      problems.push({
        path: `${path}.routing.priority`,
        value: priority,
        message: `listener rule priority ${priority} is already used by ${serviceRef(owner.index, owner.name)}; set routing.priority explicitly to a free value`,
      });
    } else {
      byPriority.set(priority, { index: i, name: service.name });
    }
  });
  return problems;
}

/** The first service to claim a route, and the field that claims it. */
interface RouteOwner {
  readonly service: string;
  /** Field path of the pattern (or of the hosts, for a service with no path condition), after the service entry. */
  readonly field: string;
  readonly index: number;
}

/** Path pattern standing for a rule with no path condition: `/*` matches every path, as no condition does. */
const EVERY_PATH = "/*";

/**
 * The requests a listener rule matches, as a key: the host condition (values are ORed, so a set: order and
 * repeats do not matter; host headers match case-insensitively) and one path pattern (case-sensitive, as ALB
 * matches paths). Two services with the same key send the same requests to two targets.
 */
function routeKey(hosts: readonly string[], pathPattern: string): string {
  const hostSet = [...new Set(hosts.map((h) => h.toLowerCase()))].sort();
  return JSON.stringify([hostSet, pathPattern]);
}

/**
 * Two services whose rules match the same requests: the ALB evaluates rules by priority, so the rule with the lower
 * number takes every such request and the other service never sees one, whichever deploy was meant to get them.
 * Only exact duplicates (same host set, same pattern) are caught; overlapping wildcards (`/api/*` and
 * `/api/orders/*`) are a legitimate way to route a sub-path elsewhere and are left to the priorities.
 */
function routingProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owners = new Map<string, RouteOwner>();
  config.services.forEach((service, i) => {
    const { hosts, paths } = service.routing;
    const routes = paths.length
      ? paths.map((pattern, j) => ({ pattern, field: `routing.paths[${j}]`, value: pattern as unknown }))
      : [{ pattern: EVERY_PATH, field: "routing.hosts", value: hosts as unknown }];
    for (const route of routes) {
      const key = routeKey(hosts, route.pattern);
      const owner = owners.get(key);
      if (owner === undefined) {
        owners.set(key, { service: service.name, field: route.field, index: i });
      } else if (owner.service !== service.name) {
        const on = hosts.length === 0 ? "any host" : `${hosts.length === 1 ? "host" : "hosts"} ${hosts.join(", ")}`;
        const what = paths.length ? `path ${route.pattern}` : "every path";
        problems.push({
          path: `services[${i}].${route.field}`,
          value: route.value,
          message:
            `routes the same requests (${what} on ${on}) as ${serviceRef(owner.index, owner.service)}.${owner.field}: only the rule evaluated ` +
            "first (lower routing.priority) would ever see them; allowed: a path pattern or routing.hosts that no other service has",
        });
      }
    }
  });
  return problems;
}

/**
 * `npm run verify` requests a service's health path through CloudFront and the ALB: a path no routing.paths pattern
 * matches would get the listener's 404 (or another service), and the smoke test would fail after every deploy.
 */
function verifyProblems(config: EnvironmentConfig): ConfigProblem[] {
  return config.services.flatMap((service, i) => {
    const { healthPath } = resolveServiceVerify(service);
    if (routesPath(service, healthPath)) return [];
    const given = service.verify.healthPath !== undefined;
    return [
      {
        path: `services[${i}].verify.healthPath`,
        value: healthPath,
        message:
          `${given ? "" : "(the default, from healthCheckPath) "}is not routed to service '${service.name}' by routing.paths ` +
          `(${service.routing.paths.join(", ")}); allowed: a path one of them matches, such as ${service.routing.paths[0].replace(/\*/g, "health")}`,
      },
    ];
  });
}

function inZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}

function hostnameProblems(config: EnvironmentConfig): ConfigProblem[] {
  const zone = config.dns.zoneName;
  const problems: ConfigProblem[] = [];
  const check = (path: string, host: string) => {
    if (!inZone(host, zone)) problems.push({ path, value: host, message: `is not inside the hosted zone ${zone}; allowed: ${zone} or a name ending in .${zone}` });
    // CloudFront forwards the viewer's Host to the ALB and validates the ALB's certificate against it.
    else if (host !== zone && host.slice(0, -zone.length - 1).includes(".")) {
      problems.push({ path, value: host, message: `is not covered by the certificates (${zone} and *.${zone}); allowed: ${zone} or one label before .${zone}` });
    }
  };
  config.services.forEach((s, i) => s.routing.hosts.forEach((h, j) => check(`services[${i}].routing.hosts[${j}]`, h)));
  config.cutover.hostnames.forEach((h, i) => check(`cutover.hostnames[${i}].name`, h.name));
  return problems;
}

function capacityProblems(config: EnvironmentConfig): ConfigProblem[] {
  const { minSize, desiredCapacity, maxSize } = config.capacity;
  // As for a service's counts: with the bounds crossed, the bounds are wrong, not the capacity between them.
  if (minSize > maxSize) return [{ path: "capacity.minSize", value: minSize, message: `allowed: at most maxSize (${maxSize})` }];
  return minSize <= desiredCapacity && desiredCapacity <= maxSize
    ? []
    : [{ path: "capacity.desiredCapacity", value: desiredCapacity, message: `allowed: minSize (${minSize}) <= desiredCapacity <= maxSize (${maxSize})` }];
}

/**
 * Task cpu and memory must be a size AWS Fargate runs (config/task-sizes.ts says why, on EC2 capacity too). The
 * memory is blamed, not the cpu: the cpu is the coarser choice, and the message names the cpus that would take the
 * memory as written.
 */
function fargateSizeProblems(config: EnvironmentConfig): ConfigProblem[] {
  return config.services.flatMap((service, i) => {
    const allowed = FARGATE_TASK_MEMORY.get(service.cpu);
    if (!allowed || isFargateTaskSize(service.cpu, service.memory)) return [];
    const cpus = fargateCpusFor(service.memory);
    const otherCpu = cpus.length ? `, or cpu ${cpus.length > 1 ? `${cpus.slice(0, -1).join(", ")} or ${cpus.at(-1)}` : cpus[0]} for ${service.memory} MiB` : "";
    return [
      {
        path: `services[${i}].memory`,
        value: service.memory,
        message:
          `with cpu ${service.cpu} allowed memory is ${describeFargateMemory(allowed)} (the AWS Fargate task sizes, kept on EC2 too so the ` +
          `service can move to Fargate); allowed: one of those${otherCpu}`,
      },
    ];
  });
}

interface KnownInstanceType {
  readonly path: string;
  readonly type: string;
  readonly size: InstanceSize;
}

/**
 * A task larger than one host can never be placed: ECS never splits a task, so the service sits at zero running
 * tasks while managed scaling adds hosts that cannot take it either. The Auto Scaling group may launch any of
 * capacity.instanceTypes (the later ones when the first has no capacity), so a task must fit on each of them; types
 * missing from INSTANCE_SIZES are skipped, not guessed.
 */
function taskSizeProblems(config: EnvironmentConfig): ConfigProblem[] {
  const known: KnownInstanceType[] = config.capacity.instanceTypes.flatMap((type, i) => {
    const size = INSTANCE_SIZES.get(type);
    return size ? [{ path: `capacity.instanceTypes[${i}]`, type, size }] : [];
  });
  if (known.length === 0) return [];
  const smallest = (offered: (size: InstanceSize) => number) => known.reduce((a, b) => (offered(b.size) < offered(a.size) ? b : a));
  const byCpu = smallest(taskCpuUnits);
  const byMemory = smallest(taskMemoryMiB);
  const problems: ConfigProblem[] = [];
  config.services.forEach((service, i) => {
    if (service.cpu > taskCpuUnits(byCpu.size)) {
      problems.push({
        path: `services[${i}].cpu`,
        value: service.cpu,
        message:
          `does not fit on one ${byCpu.type} host (${byCpu.path}: ${byCpu.size.vcpus} vCPU = ${taskCpuUnits(byCpu.size)} CPU units); ` +
          `allowed: at most ${taskCpuUnits(byCpu.size)}, or only larger instance types in capacity.instanceTypes`,
      });
    }
    if (service.memory > taskMemoryMiB(byMemory.size)) {
      problems.push({
        path: `services[${i}].memory`,
        value: service.memory,
        message:
          `does not fit on one ${byMemory.type} host (${byMemory.path}: ${byMemory.size.memoryMiB} MiB, of which ` +
          `${taskMemoryMiB(byMemory.size)} MiB are left for tasks after ${Math.round(HOST_MEMORY_HEADROOM * 100)}% for the OS and the ECS agent); ` +
          `allowed: at most ${taskMemoryMiB(byMemory.size)}, or only larger instance types in capacity.instanceTypes`,
      });
    }
  });
  return problems;
}

function databaseProblems(config: EnvironmentConfig): ConfigProblem[] {
  const db = config.database;
  return db.maxAllocatedStorageGb < db.allocatedStorageGb
    ? [{ path: "database.maxAllocatedStorageGb", value: db.maxAllocatedStorageGb, message: `allowed: at least allocatedStorageGb (${db.allocatedStorageGb})` }]
    : [];
}

/** AWS Backup's limit for point-in-time (continuous) recovery points. */
const CONTINUOUS_BACKUP_MAX_DAYS = 35;

function backupProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const backup = config.backup;
  const lock = backup.vaultLock;
  if (backup.selection.arns.length === 0 && !backup.selection.tag) {
    problems.push({
      path: "backup.selection",
      value: backup.selection,
      message: "selects nothing, so nothing would be backed up before the migration; allowed: at least one ARN in arns or a tag",
    });
  }
  if (lock.minRetentionDays > lock.maxRetentionDays) {
    problems.push({ path: "backup.vaultLock.minRetentionDays", value: lock.minRetentionDays, message: `allowed: at most maxRetentionDays (${lock.maxRetentionDays})` });
  }
  // The vault lock rejects recovery points whose retention falls outside its range, so the plan would fail at run
  // time. The DR vault carries the same lock, so the copies' retention must fit it too.
  for (const field of ["dailyRetentionDays", "weeklyRetentionDays", "drCopyRetentionDays"] as const) {
    const days = backup[field];
    if (days < lock.minRetentionDays || days > lock.maxRetentionDays) {
      problems.push({
        path: `backup.${field}`,
        value: days,
        message: `is outside the vault lock's range; allowed: ${lock.minRetentionDays} to ${lock.maxRetentionDays} days (backup.vaultLock)`,
      });
    }
  }
  if (backup.continuousBackup && backup.dailyRetentionDays > CONTINUOUS_BACKUP_MAX_DAYS) {
    problems.push({
      path: "backup.dailyRetentionDays",
      value: backup.dailyRetentionDays,
      message: `allowed: at most ${CONTINUOUS_BACKUP_MAX_DAYS} while backup.continuousBackup is true (AWS keeps continuous backups up to ${CONTINUOUS_BACKUP_MAX_DAYS} days)`,
    });
  }
  if (backup.weeklyColdStorageAfterDays !== undefined && backup.weeklyRetentionDays < backup.weeklyColdStorageAfterDays + 90) {
    problems.push({
      path: "backup.weeklyRetentionDays",
      value: backup.weeklyRetentionDays,
      message: `allowed: at least weeklyColdStorageAfterDays + 90 (${backup.weeklyColdStorageAfterDays + 90}): AWS keeps cold storage 90 days minimum`,
    });
  }
  return problems;
}

function cutoverProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  config.cutover.hostnames.forEach((h, i) => {
    const first = seen.get(h.name);
    if (first !== undefined) {
      problems.push({ path: `cutover.hostnames[${i}].name`, value: h.name, message: `duplicates cutover.hostnames[${first}].name; allowed: each hostname once` });
    }
    seen.set(h.name, i);
  });
  const stage = config.cutover.stage;
  const plan = STAGE_PLANS[stage];
  if (!plan.legacyRecord) {
    config.cutover.hostnames.forEach((h, i) => {
      // The import block targets the legacy record; without it the import would vanish and the first apply would fail
      // on the record that exists today.
      if (h.adoptExistingRecord) {
        problems.push({
          path: `cutover.hostnames[${i}].adoptExistingRecord`,
          value: h.adoptExistingRecord,
          message:
            `must be false in stage ${stage}: adoption imports today's record into the legacy record, which this stage removes; ` +
            "allowed: false (adoption is for a hostname's first apply only)",
        });
      }
    });
  }
  if (plan.pinWritePathsToLegacy && plan.newRecord) {
    config.services.forEach((s, i) => {
      if (s.usesDatabase && s.routing.paths.length === 0) {
        problems.push({
          path: `services[${i}].routing.hosts`,
          value: s.routing.hosts,
          message:
            `routes ${s.name}, which writes to the database, by host only: in stage ${stage} CloudFront keeps write paths on the legacy platform by ` +
            "path pattern, so users could write to the new database before the data cutover; allowed: path patterns in routing.paths, or stage preview",
        });
      }
    });
  }
  const reverse = reverseReplicationEnabled(config);
  if (stage === "failback" && !reverse) {
    problems.push({
      path: "cutover.stage",
      value: stage,
      message:
        "sends users back to the legacy database, which holds the writes made since the data cutover only while reverse replication runs; " +
        "allowed: set cutover.reverseReplication to true (it must have run since the data cutover), or stage preview if no data cutover happened",
    });
  }
  if (reverse && plan.reverseReplication && (!config.dataMigration || config.dataMigration.retire)) {
    problems.push({
      path: "cutover.reverseReplication",
      value: true,
      message: `needs dataMigration configured and not retired in stage ${stage} (the reverse task runs on its replication instance); allowed: false, or keep dataMigration until stage decommissioned`,
    });
  }
  // A service listed twice is reported as a duplicate name (serviceProblems), not also as a second catch-all.
  const catchAll = config.services.map((s, i) => ({ s, i })).filter(({ s, i }) => s.routing.catchAll && config.services.findIndex((o) => o.name === s.name) === i);
  catchAll.slice(1).forEach(({ i }) => {
    problems.push({
      path: `services[${i}].routing.catchAll`,
      value: true,
      message: `is already set on ${serviceRef(catchAll[0].i, catchAll[0].s.name)}: unmatched requests go to one service; allowed: false`,
    });
  });
  catchAll.forEach(({ s, i }) => {
    if (s.usesDatabase) {
      problems.push({
        path: `services[${i}].routing.catchAll`,
        value: true,
        message: `${s.name} writes to the database: a catch-all write path cannot be kept on legacy before the data cutover; allowed: a service without usesDatabase`,
      });
    }
  });
  return problems;
}

/** A concrete path a route pattern stands for: each wildcard becomes `x`. */
const samplePath = (pattern: string) => pattern.replace(/[*?]/g, "x");

/**
 * The legacy route inventory: who serves each route on the new platform. The ALB evaluates rules by priority, which
 * derives from service names, not from specificity, so a broad pattern (`/api/*`) with a lower priority number would
 * take the requests of a more specific one (`/api/orders/*`): that is reported, naming the priority to set.
 */
function routeInventoryProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const catchAll = config.services.find((s) => s.routing.catchAll);
  config.legacy.routes.forEach((route, i) => {
    const path = samplePath(route.path);
    if (STATIC_PATHS.some((p) => globMatches(p, path))) return;
    const hosts = route.host ? [route.host] : config.cutover.hostnames.map((h) => h.name);
    const unserved: string[] = [];
    for (const host of hosts) {
      const candidates = config.services
        .flatMap((s) => {
          const hostOk = s.routing.hosts.length === 0 || s.routing.hosts.some((h) => globMatches(h, host, true));
          const patterns = s.routing.paths.length ? s.routing.paths.filter((p) => globMatches(p, path)) : ["/*"];
          return hostOk ? patterns.map((pattern) => ({ service: s, pattern, priority: listenerPriority(s) })) : [];
        })
        .sort((a, b) => a.priority - b.priority);
      const where = route.host ? "" : ` on ${host}`;
      if (candidates.length === 0) {
        if (!catchAll) unserved.push(host);
        continue;
      }
      const first = candidates[0];
      const best = [...candidates].sort((a, b) => compareSpecificity(a.pattern, b.pattern))[0];
      if (best.service.name !== first.service.name && compareSpecificity(best.pattern, first.pattern) < 0) {
        problems.push({
          path: `legacy.routes[${i}].path`,
          value: route.path,
          message:
            `would reach ${first.service.name} (${first.pattern}, priority ${first.priority}) instead of the more specific ${best.service.name} ` +
            `(${best.pattern}, priority ${best.priority})${where}; allowed: services with routing.priority below ${first.priority} for ${best.service.name}`,
        });
      }
    }
    if (unserved.length > 0) {
      problems.push({
        path: `legacy.routes[${i}].path`,
        value: route.path,
        message: `is served by no service on ${unserved.join(", ")}; allowed: a service whose routing.paths matches it, or routing.catchAll on one service`,
      });
    }
  });
  return problems;
}

/** The database and its migration: what RDS can build, and what DMS can copy with this platform's runbook. */
function dataTierProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const db = config.database;
  const facts = ENGINE_FACTS[db.engine];
  if (!isSupportedEngineVersion(db.engine, db.engineVersion)) {
    problems.push({
      path: "database.engineVersion",
      value: db.engineVersion,
      message: `has no RDS parameter group family for ${db.engine}; allowed: a version of major ${facts.supportedMajors.join(", ")} (e.g. "${facts.supportedMajors.at(-1)}.1")`,
    });
  }
  if (db.port === facts.wellKnownPort) {
    problems.push({ path: "database.port", value: db.port, message: `is ${db.engine}'s well-known port; allowed: any other port from 1150 to 65535 (default 5433)` });
  }
  config.services.forEach((s, i) => {
    if (s.routing.priority === PLATFORM_HEALTH_RULE_PRIORITY || s.routing.priority === CATCH_ALL_RULE_PRIORITY) {
      problems.push({
        path: `services[${i}].routing.priority`,
        value: s.routing.priority,
        message:
          `is reserved for the ${s.routing.priority === CATCH_ALL_RULE_PRIORITY ? "catch-all rule (routing.catchAll)" : "platform health check rule (docs/phase2.md)"}; ` +
          `allowed: any other priority from 2 to 49999`,
      });
    }
  });
  // Each database service signs in as its own user (constructs/data/database-identity): MySQL caps user names.
  const maxUser = MAX_DATABASE_USER_LENGTH[db.engine];
  config.services.forEach((s, i) => {
    const user = databaseUserName(s.name);
    if (s.usesDatabase && user.length > maxUser) {
      problems.push({
        path: `services[${i}].name`,
        value: s.name,
        message: `its database user ${user} is ${user.length} characters and ${db.engine} allows ${maxUser}; allowed: a name of at most ${maxUser - (user.length - s.name.length)} characters`,
      });
    }
  });
  const migration = config.dataMigration;
  if (!migration || migration.retire) return problems;
  // DMS can convert between engines, but only with a schema converted beforehand (AWS SCT); this platform's runbook
  // copies the schema with the engine's own dump tool, which only works like for like.
  if (migration.sourceEngine !== db.engine) {
    problems.push({
      path: "dataMigration.sourceEngine",
      value: migration.sourceEngine,
      message: `differs from database.engine (${db.engine}); allowed: ${db.engine} (heterogeneous migrations need a schema conversion this runbook does not cover)`,
    });
  }
  if (!migration.tableMappings.some((m) => m.action === "include")) {
    problems.push({ path: "dataMigration.tableMappings", value: migration.tableMappings, message: "selects no table; allowed: at least one mapping with action include" });
  }
  const seen = new Map<string, number>();
  migration.tableMappings.forEach((m, i) => {
    const key = `${m.schema}.${m.table}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ path: `dataMigration.tableMappings[${i}]`, value: key, message: `duplicates dataMigration.tableMappings[${first}]; allowed: each schema and table once` });
    } else {
      seen.set(key, i);
    }
  });
  return problems;
}

/** True when an IPv4 address (dotted quad) lies inside a CIDR. */
function addressIn(address: string, cidr: Cidr): boolean {
  const host = parseCidr(`${address}/32`);
  return typeof host !== "string" && contains(cidr, host);
}

/**
 * The legacy network: its ranges must not overlap the new VPC (a route to them would shadow, or be shadowed by, the
 * VPC's local route, and AWS rejects peering overlapping VPCs), DMS needs it while it migrates, and the legacy DNS
 * servers must be inside it (the resolver endpoint only reaches them through the routes to those ranges).
 */
function legacyNetworkProblems(config: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const legacy = config.legacy.network;
  const migrating = config.dataMigration !== undefined && !config.dataMigration.retire;
  if (!legacy) {
    return migrating
      ? [{ path: "legacy.network", message: "missing; required while dataMigration is set: DMS reaches dataMigration.sourceHost over it; allowed: cidrs and connectivity (docs/phase2.md)" }]
      : [];
  }
  const vpc = parseCidr(config.network.cidr);
  const ours: { path: string; cidr: Cidr }[] = [];
  if (typeof vpc !== "string") ours.push({ path: "network.cidr", cidr: vpc });
  for (const tier of ["public", "private", "isolated"] as const) {
    config.network.subnets[tier].forEach((text, i) => {
      const subnet = parseCidr(text);
      if (typeof subnet !== "string") ours.push({ path: `network.subnets.${tier}[${i}]`, cidr: subnet });
    });
  }
  const parsed: Cidr[] = [];
  legacy.cidrs.forEach((text, i) => {
    const path = `legacy.network.cidrs[${i}]`;
    const range = parseCidr(text);
    if (typeof range === "string") {
      problems.push({ path, value: text, message: `${range}; allowed: a network-aligned IPv4 CIDR outside network.cidr (${config.network.cidr})` });
      return;
    }
    const clashes = ours.filter((o) => overlaps(o.cidr, range));
    if (clashes.length) {
      problems.push({
        path,
        value: text,
        message:
          `overlaps ${clashes.map((c) => `${c.path} (${c.cidr.text})`).join(", ")}; ` +
          `allowed: a CIDR outside network.cidr (${config.network.cidr}): the legacy network and the new VPC must not share addresses`,
      });
    }
    const twin = parsed.findIndex((p) => overlaps(p, range));
    if (twin >= 0) problems.push({ path, value: text, message: `overlaps legacy.network.cidrs[${twin}] (${parsed[twin].text}); allowed: non-overlapping CIDRs` });
    parsed.push(range);
  });
  if (legacy.dns.type === "forward") {
    legacy.dns.targetIps.forEach((ip, i) => {
      if (!parsed.some((range) => addressIn(ip, range))) {
        problems.push({
          path: `legacy.network.dns.targetIps[${i}]`,
          value: ip,
          message: `is outside every legacy.network.cidrs (${legacy.cidrs.join(", ")}): the resolver endpoint has no route to it; allowed: an address inside one of them`,
        });
      }
    });
    if (legacy.dns.domainName === undefined && !config.dataMigration) {
      problems.push({ path: "legacy.network.dns.domainName", message: "missing; required when there is no dataMigration.sourceHost to forward; allowed: a DNS name such as legacy-db.example.com" });
    }
  }
  return problems;
}
