// zod's own wording must never reach the user: "allowed: regex", "Invalid key in record", "Invalid email address"
// say neither what is wrong nor what would be right. The schema gives every format a message of its own; this test
// walks the whole schema so a new field without one fails here rather than in front of a user.
import type { z } from "zod";
import { EnvironmentSchema } from "../../config/schema";
import { configProblems } from "../helpers";

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  format?: string;
  error?: unknown;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp; error?: unknown } } }[];
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  keyType?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
}

/** Field paths (`services[].imageTag`) of string formats and refinements that would fall back to zod's message. */
function formatsWithoutMessage(schema: AnySchema, path: string): string[] {
  const def = schema._zod.def as unknown as Def;
  const found: string[] = [];
  // z.email() and friends are string schemas with a format of their own, not a check.
  if (def.type === "string" && def.format && def.error === undefined) found.push(`${path} (${def.format})`);
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if ((c.check === "string_format" || c.check === "custom") && c.error === undefined) found.push(`${path} (${c.format ?? c.check} ${c.pattern ?? ""})`.trim());
  }
  const children: [string, AnySchema | undefined][] = [
    ...Object.entries(def.shape ?? {}).map(([k, s]) => [path ? `${path}.${k}` : k, s] as [string, AnySchema]),
    [`${path}[]`, def.element],
    [`${path}{key}`, def.keyType],
    [`${path}{value}`, def.valueType],
    ...(def.options ?? []).map((o) => [path, o] as [string, AnySchema]),
    [path, def.innerType],
    [path, def.in],
    [path, def.out],
  ];
  return [...found, ...children.flatMap(([p, s]) => (s ? formatsWithoutMessage(s, p) : []))];
}

describe("config messages in plain words", () => {
  test("every string format and refinement in the schema carries its own message", () => {
    expect(formatsWithoutMessage(EnvironmentSchema, "")).toEqual([]);
  });

  test("the schema walk finds a format without a message (so the test above can fail)", () => {
    const { z: zod } = require("zod") as typeof import("zod");
    const bare = zod.strictObject({ tag: zod.string().regex(/^a$/), mail: zod.email(), env: zod.record(zod.string().regex(/^B$/), zod.string()) });
    expect(formatsWithoutMessage(bare, "")).toEqual(["tag (regex /^a$/)", "mail (email)", "env{key} (regex /^B$/)"]);
  });

  test("an image tag that is not one says what a tag may contain", () => {
    expect(configProblems((raw) => (raw.services[0].imageTag = "v1 final"))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        `  - services[0] (web-ui).imageTag (got "v1 final"): allowed: a Docker image tag: 1-128 letters, digits, '_', '.' and '-', not starting with '.' or '-', such as 2026.11.0`,
    );
  });

  test("an environment variable with a bad name shows the name and what names may be", () => {
    expect(configProblems((raw) => (raw.services[0].environment = { "log-level": "debug" }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        `  - services[0] (web-ui).environment.log-level (got "log-level"): is not an allowed key here; allowed: an environment variable name of ` +
        "upper-case letters, digits and '_', not starting with a digit, such as LOG_LEVEL",
    );
  });

  test("a secret with a bad name is reported the same way", () => {
    expect(configProblems((raw) => (raw.services[2].secrets = { "1KEY": raw.services[2].secrets.PAYMENT_API_KEY }))).toContain(
      `  - services[2] (orders).secrets.1KEY (got "1KEY"): is not an allowed key here; allowed: an environment variable name of `,
    );
  });

  test("an alarm address that is not one asks for an email address", () => {
    expect(configProblems((raw) => (raw.alerts.emails = ["platform-oncall"]))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - alerts.emails[0] (got "platform-oncall"): allowed: an email address such as ops@example.com',
    );
  });

  test("edge.waf: off needs a reason of 20+ characters, and a reason with WAF on is refused", () => {
    expect(configProblems((raw) => (raw.edge.waf = { enabled: false }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        "  - edge.waf.reason: missing: turning WAF off needs a written reason; allowed: at least 20 characters saying why (printed in every synth summary)",
    );
    expect(configProblems((raw) => (raw.edge.waf = { enabled: false, reason: "cost" }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - edge.waf.reason (got "cost"): is 4 characters; allowed: at least 20 characters saying why the web ACL is off',
    );
    expect(configProblems((raw) => (raw.edge.waf = { enabled: true, reason: "we like it on, thank you" }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - edge.waf.reason (got "we like it on, thank you"): only explains turning WAF off; allowed: remove it, or set edge.waf.enabled: false',
    );
  });

  test("alerts: no subscription and no reason is refused, and so is a reason next to subscriptions", () => {
    expect(configProblems((raw) => (raw.alerts = {}))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        "  - alerts: has no subscription: an alarm nobody receives is not a gate; allowed: at least one of " +
        "alerts.emails or alerts.https, or alerts.none with the reason",
    );
    expect(configProblems((raw) => (raw.alerts.none = "staging alarms are read on the dashboard"))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - alerts.none (got "staging alarms are read on the dashboard"): is set together with subscriptions; allowed: ' +
        "either subscriptions (alerts.emails, alerts.https) or none with a reason",
    );
    expect(configProblems((raw) => (raw.alerts = { none: "n/a" }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - alerts.none (got "n/a"): is 3 characters; allowed: at least 20 characters saying why this environment\'s alarms reach no one',
    );
    expect(configProblems((raw) => (raw.alerts = { https: ["http://hooks.example.com/sns"] }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - alerts.https[0] (got "http://hooks.example.com/sns"): allowed: an https:// URL such as https://hooks.example.com/sns',
    );
  });

  test("database name, engine version and state key prefix describe their pattern in words", () => {
    const message = configProblems((raw) => {
      raw.database.databaseName = "Brave-Heart";
      raw.database.engineVersion = "16.x";
      raw.backend.keyPrefix = "platform state";
    });
    expect(message).toContain(`  - backend.keyPrefix (got "platform state"): allowed: letters, digits, '/', '_' and '-', such as platform or braveheart/staging`);
    expect(message).toContain(`  - database.engineVersion (got "16.x"): allowed: a version of numbers separated by dots, such as 16.4`);
    expect(message).toContain(
      `  - database.databaseName (got "Brave-Heart"): allowed: 1-63 lower-case letters, digits and '_', starting with a letter, such as braveheart`,
    );
  });

  test("a name ending in '-' is told that it may not", () => {
    expect(configProblems((raw) => (raw.services[0].name = "web-"))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        `  - services[0].name (got "web-"): allowed: 2-32 lower-case letters, digits and '-', starting with a letter and not ending with '-', such as orders`,
    );
  });

  test("an unquoted number where a string belongs says to quote it", () => {
    expect(configProblems((raw) => (raw.services[0].imageTag = 2026.11))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" + '  - services[0] (web-ui).imageTag (got 2026.11): wrong type; allowed: a string (quote it: "2026.11")',
    );
  });

  test("minCount above maxCount blames minCount, not desiredCount", () => {
    expect(
      configProblems((raw) => {
        raw.services[0].minCount = 5;
        raw.services[0].desiredCount = 4;
        raw.services[0].maxCount = 4;
      }),
    ).toBe("Invalid configuration in config/staging.yaml (1 problem):\n  - services[0] (web-ui).minCount (got 5): allowed: at most maxCount (4)");
  });

  test("capacity minSize above maxSize blames minSize, not desiredCapacity", () => {
    expect(
      configProblems((raw) => {
        raw.capacity.minSize = 5;
        raw.capacity.desiredCapacity = 4;
        raw.capacity.maxSize = 4;
      }),
    ).toBe("Invalid configuration in config/staging.yaml (1 problem):\n  - capacity.minSize (got 5): allowed: at most maxSize (4)");
  });

  test("a missing literal choice says it is missing", () => {
    expect(configProblems((raw) => delete raw.services[0].cpu)).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n  - services[0] (web-ui).cpu: missing required field; allowed: 256, 512, 1024, 2048 or 4096",
    );
  });

  test("a missing backend type says it is missing", () => {
    expect(configProblems((raw) => delete raw.backend.type)).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" + '  - backend.type: missing required field; allowed: one of "local", "s3", "cloud"',
    );
  });

  test("a backend that is not a mapping says what a backend is, not zod's 'object'", () => {
    expect(configProblems((raw) => (raw.backend = "s3"))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - backend (got "s3"): wrong type; allowed: a mapping whose type is one of "local", "s3", "cloud"',
    );
  });

  test("a number zod rejects twice is reported once", () => {
    expect(configProblems((raw) => (raw.services[0].memory = 1e30))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n  - services[0] (web-ui).memory (got 1e+30): out of range; allowed: an integer from 128 to 30720",
    );
  });

  test("lists and strings too short are counted in words", () => {
    const message = configProblems((raw) => {
      raw.capacity.instanceTypes = [];
      raw.backend.bucket = "ab";
    });
    expect(message).toContain("  - capacity.instanceTypes (got []): allowed: a list of at least 1 item");
    expect(message).toContain(`  - backend.bucket (got "ab"): allowed: a string of at least 3 characters`);
  });
});
