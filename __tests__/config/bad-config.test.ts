// Broken environment files and the exact message the user sees: file, field path, value and what is allowed.
// Most cases go through parseConfig; a few run the main job to prove exit code 1, no stack trace, no output.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { ConfigError, parseConfig, REPO_ROOT } from "../../config/load";
import { runMainJob } from "../../scripts/main-job";
import { rawConfig, shippedConfigPath } from "../helpers";
import { runInProcess } from "../run-in-process";

const FILE = "config/broken.yaml";
const header = (n: number) => `Invalid configuration in ${FILE} (${n === 1 ? "1 problem" : `${n} problems`}):`;
const REGIONS =
  '"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", ' +
  '"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", ' +
  '"ap-northeast-3", "ap-south-1", "sa-east-1"';

/** The shipped staging file with one textual replacement (for syntax errors, where the YAML must stay broken). */
const stagingText = (from: string, to: string) => {
  const text = readFileSync(shippedConfigPath("staging"), "utf8");
  if (!text.includes(from)) throw new Error(`fixture: '${from}' not in staging.yaml`);
  return text.replace(from, to);
};
/** The shipped staging document with an edit, re-serialized. */
/** 1-based line of the shipped staging file that is exactly `text`, so the cases survive edits above it. */
const stagingLine = (text: string) => readFileSync(shippedConfigPath("staging"), "utf8").split("\n").indexOf(text) + 1;
const staging = (edit: (raw: Record<string, any>) => void) => {
  const raw = rawConfig("staging");
  edit(raw);
  return stringify(raw);
};
/**
 * Where a structural problem is, as the message says it: the 1-based line of `text` that is exactly `line`, and the
 * column of its first non-blank character (or `column`, 1-based, where the node starts later in the line).
 */
const at = (text: string, line: string, column = line.length - line.trimStart().length + 1, occurrence = 1) => {
  const lines = text.split("\n");
  const index = lines.findIndex((l, i) => l === line && lines.slice(0, i + 1).filter((m) => m === line).length === occurrence);
  if (index < 0) throw new Error(`fixture: '${line}' is not line ${occurrence === 1 ? "" : `(occurrence ${occurrence}) `}of the text`);
  return `line ${index + 1}, column ${column}`;
};
const AZ_TYPO = staging((r) => {
  r.network.azCont = r.network.azCount;
  delete r.network.azCount;
});
const SERVICE_TYPO = staging((r) => (r.services[0].helthCheckPath = "/healthz"));
const FRACTIONAL_WEIGHT = staging((r) => (r.cutover.hostnames[0].canaryWeight = 10.5));
const NO_INSTANCE_CLASS = staging((r) => delete r.database.instanceClass);
const AZ_WORD = staging((r) => (r.network.azCount = "three"));
const PRODUCTION_WORD = staging((r) => (r.production = "yes"));
const ACCOUNT_NUMBER = staging((r) => (r.accountId = 111111111111));
const SEVERAL = staging((r) => {
  r.services[0].port = 0;
  r.edge.waf.enabled = "on";
});
/** An indentation slip in the shipped file: the last key of `network:` moved to the top level. */
const DEDENTED = stagingText("  flowLogRetentionDays: 30", "flowLogRetentionDays: 30");

interface BadConfig {
  readonly name: string;
  readonly text: string;
  /** The complete message, given the file as shown to the user (a function of the text where it cites lines). */
  readonly message: string | ((text: string) => string);
}

const messageOf = (c: BadConfig) => (typeof c.message === "string" ? c.message : c.message(c.text));

const CASES: readonly BadConfig[] = [
  {
    name: "YAML syntax error",
    text: stagingText("  azCount: 3", "  azCount: 3\n   natGateways: single"),
    message: `${header(1)}\n  - line ${stagingLine("  azCount: 3")}, column 12: YAML syntax error: Nested mappings are not allowed in compact mappings`,
  },
  {
    name: "tab indentation",
    text: stagingText("  azCount: 3", "\tazCount: 3"),
    message: `${header(1)}\n  - line ${stagingLine("  azCount: 3")}, column 1: YAML syntax error: Tabs are not allowed as indentation`,
  },
  {
    name: "duplicate key",
    text: stagingText("  cidr: 10.20.0.0/16", "  cidr: 10.20.0.0/16\n  cidr: 10.21.0.0/16"),
    message: `${header(1)}\n  - line ${stagingLine("  cidr: 10.20.0.0/16") + 1}, column 3: YAML syntax error: Map keys must be unique`,
  },
  {
    name: "a list instead of a mapping",
    text: "- environment: staging\n",
    message: `${header(1)}\n  - (document) (got [{"environment":"staging"}]): allowed: a mapping of settings (see config/staging.yaml)`,
  },
  {
    name: "unknown key (typo) with a suggestion",
    text: AZ_TYPO,
    message:
      `${header(2)}\n` +
      `  - network.azCount (in the mapping at ${at(AZ_TYPO, "  cidr: 10.20.0.0/16")}): missing required field; allowed: an integer from 2 to 6\n` +
      `  - network.azCont (${at(AZ_TYPO, "  azCont: 3")}): unknown key; did you mean 'azCount'? allowed keys here: cidr, azCount, natGateways, subnets, flowLogRetentionDays`,
  },
  {
    // The YAML is valid, so there is no syntax error; the structural error says where the parser saw the key.
    name: "an indentation slip: the last key of a mapping moved to the top level",
    text: DEDENTED,
    message:
      `${header(1)}\n  - flowLogRetentionDays (line ${stagingLine("  flowLogRetentionDays: 30")}, column 1): unknown key; did you mean 'logRetentionDays'? ` +
      "allowed keys here: environment, project, region, drRegion, tags, accountId, production, dns, backend, network, logRetentionDays, ci, " +
      "capacity, edge, database, dataMigration, legacy, backup, services, cutover, alerts",
  },
  {
    name: "unknown key in a service",
    text: SERVICE_TYPO,
    message:
      `${header(1)}\n  - services[0] (web-ui).helthCheckPath (${at(SERVICE_TYPO, "    helthCheckPath: /healthz")}): unknown key; did you mean 'healthCheckPath'? allowed keys here: ` +
      "name, phase, imageTag, port, cpu, memory, desiredCount, minCount, maxCount, healthCheckPath, routing, environment, secrets, enableExecuteCommand, usesDatabase, source, verify",
  },
  {
    name: "not a CIDR",
    text: staging((r) => (r.network.cidr = "10.20.0/16")),
    message: `${header(1)}\n  - network.cidr (got "10.20.0/16"): allowed: an IPv4 CIDR such as 10.0.0.0/16`,
  },
  {
    name: "CIDR octet above 255",
    text: staging((r) => (r.network.cidr = "10.256.0.0/16")),
    message: (t) => `${header(1)}\n  - network.cidr (${at(t, "  cidr: 10.256.0.0/16", 9)}; got "10.256.0.0/16"): an octet is above 255; allowed: a network-aligned IPv4 CIDR from /16 to /24`,
  },
  {
    name: "VPC prefix too small",
    text: staging((r) => (r.network.cidr = "10.0.0.0/8")),
    message: (t) => `${header(1)}\n  - network.cidr (${at(t, "  cidr: 10.0.0.0/8", 9)}; got "10.0.0.0/8"): allowed: a prefix from /16 to /24 (the AWS VPC limits, leaving room for subnets)`,
  },
  {
    name: "host bits set",
    text: staging((r) => (r.network.subnets.public[1] = "10.20.1.5/24")),
    message: (t) =>
      `${header(1)}\n  - network.subnets.public[1] (${at(t, "      - 10.20.1.5/24", 9)}; got "10.20.1.5/24"): host bits are set (did you mean 10.20.1.0/24?); ` +
      "allowed: a network-aligned IPv4 CIDR inside 10.20.0.0/16",
  },
  {
    name: "overlapping subnets",
    text: staging((r) => (r.network.subnets.isolated[0] = "10.20.0.0/24")),
    message: (t) => `${header(1)}\n  - network.subnets.isolated[0] (${at(t, "      - 10.20.0.0/24", 9, 2)}; got "10.20.0.0/24"): overlaps network.subnets.public[0] (10.20.0.0/24); allowed: non-overlapping CIDRs`,
  },
  {
    name: "subnet outside the VPC",
    text: staging((r) => (r.network.subnets.isolated[2] = "10.30.10.0/24")),
    message: (t) => `${header(1)}\n  - network.subnets.isolated[2] (${at(t, "      - 10.30.10.0/24", 9)}; got "10.30.10.0/24"): is outside network.cidr 10.20.0.0/16; allowed: a CIDR inside it`,
  },
  {
    name: "subnet count differs from azCount",
    text: staging((r) => r.network.subnets.private.pop()),
    message: (t) =>
      `${header(1)}\n  - network.subnets.private (${at(t, "      - 10.20.16.0/20", 7)}; got ["10.20.16.0/20","10.20.32.0/20"]): has 2 CIDRs but network.azCount is 3; ` +
      "allowed: exactly one CIDR per AZ",
  },
  {
    name: "duplicate service names",
    text: staging((r) => (r.services[1].name = "web-ui")),
    message: (t) => `${header(1)}\n  - services[1].name (${at(t, "  - name: web-ui", 11, 2)}; got "web-ui"): duplicates services[0] (web-ui).name; allowed: unique service names`,
  },
  {
    name: "port 70000",
    text: staging((r) => (r.services[0].port = 70000)),
    message: `${header(1)}\n  - services[0] (web-ui).port (got 70000): out of range; allowed: an integer from 1024 to 65535`,
  },
  {
    name: "canary weight 100 (both records must keep a non-zero weight: no zero-weight fallback)",
    text: staging((r) => (r.cutover.hostnames[0].canaryWeight = 100)),
    message: `${header(1)}\n  - cutover.hostnames[0].canaryWeight (got 100): out of range; allowed: an integer from 1 to 99`,
  },
  {
    name: "canary weight 0",
    text: staging((r) => (r.cutover.hostnames[1].canaryWeight = 0)),
    message: `${header(1)}\n  - cutover.hostnames[1].canaryWeight (got 0): out of range; allowed: an integer from 1 to 99`,
  },
  {
    name: "canary weight 10.5 (Route 53 weights are integers)",
    text: FRACTIONAL_WEIGHT,
    message: `${header(1)}\n  - cutover.hostnames[0].canaryWeight (${at(FRACTIONAL_WEIGHT, "      canaryWeight: 10.5", 21)}; got 10.5): wrong type; allowed: an integer from 1 to 99`,
  },
  {
    name: "unknown stage",
    text: staging((r) => (r.cutover.stage = "cutover")),
    message:
      `${header(1)}\n  - cutover.stage (got "cutover"): allowed: one of "preview", "canary", "data-cutover", "complete", "decommissioned", "failback"`,
  },
  {
    name: "newWeight from before the stages",
    text: staging((r) => (r.cutover.hostnames[0].newWeight = 10)),
    message:
      `${header(1)}\n  - cutover.hostnames[0].newWeight (got 10): allowed: no value (the key was replaced by cutover.stage and cutover.hostnames[].canaryWeight; docs/golive.md, "Stages")`,
  },
  {
    name: "decommissionLegacy from before the stages",
    text: staging((r) => (r.cutover.decommissionLegacy = true)),
    message: `${header(1)}\n  - cutover.decommissionLegacy (got true): allowed: no value (the key was replaced by cutover.stage: complete; docs/golive.md, "Stages")`,
  },
  {
    name: "failback without reverse replication",
    text: staging((r) => (r.cutover.stage = "failback")),
    message: (t) =>
      `${header(1)}\n  - cutover.stage (${at(t, "  stage: failback", 10)}; got "failback"): sends users back to the legacy database, which holds the writes made since the data cutover only ` +
      "while reverse replication runs; allowed: set cutover.reverseReplication to true (it must have run since the data cutover), or stage preview if no data cutover happened",
  },
  {
    name: "reverse replication without a data migration to run on",
    text: staging((r) => {
      r.cutover.stage = "data-cutover";
      r.cutover.reverseReplication = true;
      r.dataMigration.retire = true;
    }),
    message: (t) =>
      `${header(1)}\n  - cutover.reverseReplication (${at(t, "  reverseReplication: true", 23)}; got true): needs dataMigration configured and not retired in stage data-cutover (the reverse task runs ` +
      "on its replication instance); allowed: false, or keep dataMigration until stage decommissioned",
  },
  {
    name: "canary with a write-path service routed by host only",
    text: staging((r) => {
      r.cutover.stage = "canary";
      r.services[2].routing = { hosts: ["orders.staging.braveheart-tech.com"] };
    }),
    message: (t) =>
      `${header(1)}\n  - services[2] (orders).routing.hosts (${at(t, "        - orders.staging.braveheart-tech.com", 9)}; got ["orders.staging.braveheart-tech.com"]): routes orders, which writes to the database, by host only: ` +
      "in stage canary CloudFront keeps write paths on the legacy platform by path pattern, so users could write to the new database before the data cutover; " +
      "allowed: path patterns in routing.paths, or stage preview",
  },
  {
    name: "two catch-all services, and one that writes to the database",
    text: staging((r) => {
      r.services[2].routing.catchAll = true;
    }),
    message: (t) =>
      `${header(2)}\n  - services[2] (orders).routing.catchAll (${at(t, "      catchAll: true", 17, 2)}; got true): is already set on services[0] (web-ui): unmatched requests go to one service; allowed: false` +
      `\n  - services[2] (orders).routing.catchAll (${at(t, "      catchAll: true", 17, 2)}; got true): orders writes to the database: a catch-all write path cannot be kept on legacy before the data cutover; ` +
      "allowed: a service without usesDatabase",
  },
  {
    name: "an inventoried legacy route no service serves (no catch-all)",
    text: staging((r) => {
      r.services[0].routing.catchAll = false;
      r.legacy.routes = [{ path: "/help/*", host: "www.staging.braveheart-tech.com" }];
    }),
    message: (t) =>
      `${header(1)}\n  - legacy.routes[0].path (${at(t, "    - path: /help/*", 13)}; got "/help/*"): is served by no service on www.staging.braveheart-tech.com; ` +
      "allowed: a service whose routing.paths matches it, or routing.catchAll on one service",
  },
  {
    name: "an inventoried legacy route a broader pattern shadows (ALB priority, not specificity, decides)",
    text: staging((r) => {
      r.services[1].routing = { paths: ["/api/*"], priority: 100 };
      r.legacy.routes = [{ path: "/api/orders/*", host: "www.staging.braveheart-tech.com" }];
    }),
    message: (t) =>
      `${header(1)}\n  - legacy.routes[0].path (${at(t, "    - path: /api/orders/*", 13)}; got "/api/orders/*"): would reach catalog (/api/*, priority 100) instead of the more specific ` +
      "orders (/api/orders/*, priority 6820); allowed: services with routing.priority below 100 for orders",
  },
  {
    name: "a public name two labels below the zone (the certificates cover one)",
    text: staging((r) => (r.cutover.hostnames[0].name = "a.www.staging.braveheart-tech.com")),
    message: (t) =>
      `${header(1)}\n  - cutover.hostnames[0].name (${at(t, "    - name: a.www.staging.braveheart-tech.com", 13)}; got "a.www.staging.braveheart-tech.com"): is not covered by the certificates ` +
      "(staging.braveheart-tech.com and *.staging.braveheart-tech.com); allowed: staging.braveheart-tech.com or one label before .staging.braveheart-tech.com",
  },
  {
    name: "missing required field",
    text: NO_INSTANCE_CLASS,
    message: `${header(1)}\n  - database.instanceClass (in the mapping at ${at(NO_INSTANCE_CLASS, "  engine: postgres")}): missing required field; allowed: a string`,
  },
  {
    name: "missing required region",
    text: staging((r) => delete r.region),
    message: `${header(1)}\n  - region: missing required field; allowed: one of ${REGIONS}`,
  },
  {
    name: "wrong type: a word for a number",
    text: AZ_WORD,
    message: `${header(1)}\n  - network.azCount (${at(AZ_WORD, "  azCount: three", 12)}; got "three"): wrong type; allowed: an integer from 2 to 6`,
  },
  {
    name: "wrong type: yes for a boolean",
    text: PRODUCTION_WORD,
    message: `${header(1)}\n  - production (${at(PRODUCTION_WORD, "production: yes", 13)}; got "yes"): wrong type; allowed: true or false`,
  },
  {
    name: "hostname outside the hosted zone",
    text: staging((r) => (r.cutover.hostnames[0].name = "www.example.org")),
    message: (t) =>
      `${header(1)}\n  - cutover.hostnames[0].name (${at(t, "    - name: www.example.org", 13)}; got "www.example.org"): is not inside the hosted zone staging.braveheart-tech.com; ` +
      "allowed: staging.braveheart-tech.com or a name ending in .staging.braveheart-tech.com",
  },
  {
    name: "drRegion equals region",
    text: staging((r) => (r.drRegion = r.region)),
    message: (t) => `${header(1)}\n  - drRegion (${at(t, "drRegion: eu-west-2", 11)}; got "eu-west-2"): must differ from region (eu-west-2): the DR copy has to survive a regional outage`,
  },
  {
    name: "unknown region",
    text: staging((r) => (r.region = "eu-west-9")),
    message: `${header(1)}\n  - region (got "eu-west-9"): allowed: one of ${REGIONS}`,
  },
  {
    name: "unknown backend type",
    text: staging((r) => (r.backend = { type: "gcs", bucket: "state" })),
    message: `${header(1)}\n  - backend.type (got "gcs"): allowed: one of "local", "s3", "cloud"`,
  },
  {
    name: "a wildcard in the Terraform Cloud organization (it would widen the dynamic credentials' trust)",
    text: staging((r) => (r.backend = { type: "cloud", organization: "brave*", executionMode: "remote" })),
    message: `${header(1)}\n  - backend.organization (got "brave*"): allowed: a Terraform Cloud organization name: letters, digits, '-' and '_', such as braveheart`,
  },
  {
    name: "a Terraform Cloud project name with a ':' (it would shift the fields of the trusted subject)",
    text: staging((r) => (r.backend = { type: "cloud", organization: "braveheart", project: "a:workspace:*", executionMode: "remote" })),
    message: `${header(1)}\n  - backend.project (got "a:workspace:*"): allowed: a Terraform Cloud project name: letters, digits, inner spaces, '-' and '_', such as Default Project`,
  },
  {
    name: "unknown source for Terraform Cloud's OIDC provider",
    text: staging((r) => (r.backend = { type: "cloud", organization: "braveheart", executionMode: "agent", oidcProvider: "import" })),
    message: `${header(1)}\n  - backend.oidcProvider (got "import"): allowed: one of "create", "existing"`,
  },
  {
    name: "unknown source for the GitHub OIDC provider",
    text: staging((r) => (r.ci.oidcProvider = "import")),
    message: `${header(1)}\n  - ci.oidcProvider (got "import"): allowed: one of "create", "existing"`,
  },
  {
    name: "adoptExistingRecord in a stage without legacy records",
    text: staging((r) => {
      r.cutover.stage = "complete";
      r.cutover.hostnames[0].adoptExistingRecord = true;
    }),
    message: (t) =>
      `${header(1)}\n  - cutover.hostnames[0].adoptExistingRecord (${at(t, "      adoptExistingRecord: true", 28)}; got true): must be false in stage complete: ` +
      "adoption imports today's record into the legacy record, which this stage removes; allowed: false (adoption is for a hostname's first apply only)",
  },
  {
    name: "duplicate cutover hostnames",
    text: staging((r) => (r.cutover.hostnames[1].name = r.cutover.hostnames[0].name)),
    message: (t) =>
      `${header(1)}\n  - cutover.hostnames[1].name (${at(t, "    - name: www.staging.braveheart-tech.com", 13, 2)}; got "www.staging.braveheart-tech.com"): duplicates cutover.hostnames[0].name; ` +
      "allowed: each hostname once",
  },
  {
    name: "minCount above desiredCount",
    text: staging((r) => (r.services[0].minCount = 3)),
    message: (t) => `${header(1)}\n  - services[0] (web-ui).desiredCount (${at(t, "    desiredCount: 2", 19)}; got 2): allowed: minCount (3) <= desiredCount <= maxCount (4)`,
  },
  {
    name: "minCount above maxCount",
    text: staging((r) => {
      r.services[0].minCount = 5;
      r.services[0].maxCount = 3;
    }),
    message: (t) => `${header(1)}\n  - services[0] (web-ui).minCount (${at(t, "    minCount: 5", 15)}; got 5): allowed: at most maxCount (3)`,
  },
  {
    name: "two services routing the same path",
    text: staging((r) => (r.services[3].routing.paths = ["/api/orders/*"])),
    message: (t) =>
      `${header(1)}\n  - services[3] (accounts).routing.paths[0] (${at(t, "        - /api/orders/*", 11, 2)}; got "/api/orders/*"): routes the same requests (path /api/orders/* on any host) as ` +
      "services[2] (orders).routing.paths[0]: only the rule evaluated first (lower routing.priority) would ever see them; " +
      "allowed: a path pattern or routing.hosts that no other service has",
  },
  {
    name: "task memory larger than one instance",
    // A Fargate task size (config/task-sizes.ts), so only the host-fit check objects.
    text: staging((r) => {
      r.services[2].cpu = 2048;
      r.services[2].memory = 16384;
    }),
    message: (t) =>
      `${header(1)}\n  - services[2] (orders).memory (${at(t, "    memory: 16384", 13)}; got 16384): does not fit on one m6i.large host (capacity.instanceTypes[0]: 8192 MiB, of which ` +
      "7372 MiB are left for tasks after 10% for the OS and the ECS agent); allowed: at most 7372, or only larger instance types in capacity.instanceTypes",
  },
  {
    name: "not an email address",
    text: staging((r) => (r.alerts.emails = ["ops-at-example.com"])),
    message: `${header(1)}\n  - alerts.emails[0] (got "ops-at-example.com"): allowed: an email address such as ops@example.com`,
  },
  {
    name: "an account id written as a YAML number",
    text: ACCOUNT_NUMBER,
    message: `${header(1)}\n  - accountId (${at(ACCOUNT_NUMBER, "accountId: 111111111111", 12)}; got 111111111111): wrong type; allowed: a string (quote it: "111111111111")`,
  },
  {
    name: "an account id of 11 digits",
    text: staging((r) => (r.accountId = "11111111111")),
    message: `${header(1)}\n  - accountId (got "11111111111"): allowed: a 12-digit AWS account id in quotes, such as "123456789012"`,
  },
  {
    name: "bad environment variable name",
    text: staging((r) => (r.services[0].environment = { "log.level": "debug" })),
    message:
      `${header(1)}\n  - services[0] (web-ui).environment.log.level (got "log.level"): is not an allowed key here; allowed: an environment variable name of ` +
      "upper-case letters, digits and '_', not starting with a digit, such as LOG_LEVEL",
  },
  {
    name: "several problems are reported together",
    text: SEVERAL,
    message:
      `${header(2)}\n` +
      `  - edge.waf.enabled (${at(SEVERAL, "    enabled: on", 14)}; got "on"): wrong type; allowed: true or false\n` +
      "  - services[0] (web-ui).port (got 0): out of range; allowed: an integer from 1024 to 65535",
  },
];

describe("broken environment files", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s: exact message", (_name, c) => {
    let error: unknown;
    try {
      parseConfig(c.text, FILE);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(messageOf(c));
  });
});

describe("the main job on a broken environment file", () => {
  // Three representative cases (syntax, schema, semantic) through the main job, in-process (runMainJob, what
  // dist/main.js runs); the table above covers the messages. One run of the built file checks its wiring.
  const CLI_CASES = ["YAML syntax error", "unknown key (typo) with a suggestion", "overlapping subnets"].map((n) => CASES.find((c) => c.name === n)!);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bad-config-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** GIVEN the broken file outside the repository (shown by its absolute path) and an output directory. */
  const given = (c: BadConfig, name: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, c.text);
    return { file, outdir: join(dir, `${name}-out`) };
  };

  test.each(CLI_CASES.map((c, i) => [c.name, c, i] as const))("%s: exits 1 with the message, no stack trace, no output", async (_name, c, i) => {
    const { file, outdir } = given(c, `broken-${i}`);
    // WHEN the main job runs
    const run = await runInProcess(runMainJob, { BRAVEHEART_CONFIG: file, CDKTF_OUTDIR: outdir });
    // THEN
    expect(run).toEqual({ status: 1, stdout: "", stderr: `${messageOf(c).replace(FILE, file)}\n` });
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes(".partial-"))).toEqual([]);
  });

  test("the built main job (dist/main.js) exits 1 with the same message on stderr, no stack trace, nothing on stdout", () => {
    const { file, outdir } = given(CLI_CASES[0], "built");
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "dist/main.js")], {
      cwd: REPO_ROOT,
      env: { ...process.env, BRAVEHEART_CONFIG: file, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 1, stdout: "", stderr: `${messageOf(CLI_CASES[0]).replace(FILE, file)}\n` });
    expect(existsSync(outdir)).toBe(false);
  });
});
