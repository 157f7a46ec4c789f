// Physical names: one catalogue knows each name's limits; config validation rejects a project/environment (or a
// service name) that cannot fit, naming the field; and every name in the synthesized stacks meets its rule.
import { NAME_RULES, nameViolation, physicalNameProblems, type NameKind } from "../../config/physical-names";
import { configFor, configProblems, synthStacks, type StackJson } from "../helpers";

/** Where each kind of catalogued name appears in the synthesized JSON. */
const NAME_ATTRIBUTES: Record<string, Record<string, NameKind>> = {
  aws_lb: { name: "albName" },
  aws_dms_replication_task: { replication_task_id: "dmsTaskIdentifier", resource_identifier: "dmsTaskIdentifier" },
  aws_dms_replication_instance: { replication_instance_id: "dmsIdentifier" },
  aws_dms_endpoint: { endpoint_id: "dmsIdentifier" },
  aws_db_instance: { identifier: "rdsIdentifier" },
  aws_s3_bucket: { bucket: "s3Bucket" },
  aws_iam_role: { name: "iamRoleName" },
  aws_backup_vault: { name: "backupName" },
  aws_backup_plan: { name: "backupName" },
  aws_backup_selection: { name: "backupName" },
  aws_cloudfront_origin_access_control: { name: "originAccessControlName" },
};

/** Every catalogued kind of name in the stacks, with the rule it breaks (none, when all fit). */
function namesAndViolations(stacks: Record<string, StackJson>): { names: number; violations: string[] } {
  let names = 0;
  const violations: string[] = [];
  for (const [stackId, stack] of Object.entries(stacks)) {
    for (const [type, attributes] of Object.entries(NAME_ATTRIBUTES)) {
      for (const [id, resource] of Object.entries<any>(stack.resource?.[type] ?? {})) {
        for (const [attribute, kind] of Object.entries(attributes)) {
          const value = resource[attribute];
          if (typeof value !== "string" || value.includes("${")) continue;
          names++;
          const problem = nameViolation(kind, value);
          if (problem) violations.push(`${stackId} ${type}.${id}.${attribute}: ${problem}`);
        }
      }
    }
  }
  return { names, violations };
}

describe("physical names", () => {
  test.each(["staging", "production"] as const)("every catalogued name in the %s stacks meets its AWS limit", (env) => {
    const { names, violations } = namesAndViolations(synthStacks(configFor(env)));
    expect(names).toBeGreaterThan(20);
    expect(violations).toEqual([]);
  });

  test("the longest project and environment that fit synthesize with every name inside its limit", () => {
    // GIVEN a prefix of 23 characters: the DMS task identifier (`<prefix>-migrate`, at most 31) is then exactly full
    const config = configFor("production", (raw) => {
      raw.project = "braveheart-tech";
      raw.environment = "prod-eu";
    });
    const stacks = synthStacks(config);
    const task = Object.values<any>(stacks["prod-eu-phase2"].resource?.aws_dms_replication_task ?? {})[0];
    expect(task.resource_identifier).toBe("braveheart-tech-prod-eu-migrate");
    expect(task.resource_identifier).toHaveLength(NAME_RULES.dmsTaskIdentifier.maxLength);
    expect(namesAndViolations(stacks).violations).toEqual([]);
  });

  test("one character more is a config error naming environment, the name, its length and the limit", () => {
    expect(
      configProblems((raw) => {
        raw.project = "braveheart-tech";
        raw.environment = "prod-euw";
      }),
    ).toContain(
      'environment (got "prod-euw"): with project "braveheart-tech", the DMS replication task identifier (resource_identifier, ' +
        "the task ARN's suffix and its alarm dimension) \"braveheart-tech-prod-euw-migrate\" is 32 characters; allowed: at most 31: " +
        "shorten project and environment by 1 character in all (every other name then fits too)",
    );
  });

  test("the tightest limit is named once, with how much to shorten, however many names are over", () => {
    const problems = physicalNameProblems({ project: "braveheart-technologies-platform", environment: "production-eu-west-2", services: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/DMS replication task identifier .* is 61 characters; allowed: at most 31: shorten project and environment by 30 characters/);
  });

  test("a double hyphen, which DMS and RDS identifiers refuse, is rejected once per kind of name", () => {
    const problems = physicalNameProblems({ project: "braveheart", environment: "pre--prod", services: [] });
    expect(problems.map((p) => p.message.match(/the [\w ]+identifier|a [\w ]+identifier/)?.[0])).toEqual([
      "the RDS instance identifier",
      "a DMS replication instance or endpoint identifier",
      "the DMS replication task identifier",
    ]);
    expect(problems.every((p) => p.path === "environment" && /allowed: .*single hyphens/.test(p.message))).toBe(true);
  });

  test("a service whose name makes its IAM role names too long is named by its own field", () => {
    // Config caps service names at 32 characters and the DMS identifier caps the prefix at 23, so the role names of
    // a valid config always fit (at most 61 of 64); the check stays, for when either cap changes.
    const service = "invoice-reconciliation-batch-workers-x"; // 38 characters: 21 + 1 + 38 + 5 = 65
    expect(physicalNameProblems({ project: "braveheart", environment: "production", services: [{ name: "orders" }, { name: service }] })).toEqual([
      {
        path: "services[1].name",
        value: service,
        message: `an IAM role name "braveheart-production-${service}-exec" is 65 characters; allowed: at most 64: shorten the service name, or project and environment`,
      },
    ]);
  });
});
