// Nothing lost on delete: every instance of a stateful type (guardrails/stateful.ts says which and why) in every
// synthesized stack of both environments carries prevent_destroy and its type's own deletion protection.
import { STATEFUL_TYPES } from "../guardrails/stateful";
import { configFor, resourcesOf, synthStacks, type ShippedEnvironment, type StackJson } from "./helpers";

interface Instance {
  readonly address: string;
  readonly body: Record<string, any>;
}

function statefulInstances(stacks: Record<string, StackJson>): Instance[] {
  return Object.entries(stacks).flatMap(([stackId, json]) =>
    STATEFUL_TYPES.flatMap(({ type }) => resourcesOf(json, type).map(([name, body]) => ({ address: `${stackId}/${type}.${name}`, body }))),
  );
}

describe("stateful resource types", () => {
  test("cover the databases, keys, vaults, buckets, file systems, tables and secrets", () => {
    expect(STATEFUL_TYPES.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        "aws_db_instance", "aws_rds_cluster", "aws_kms_key", "aws_backup_vault", "aws_backup_vault_lock_configuration",
        "aws_s3_bucket", "aws_efs_file_system", "aws_dynamodb_table", "aws_secretsmanager_secret",
      ]),
    );
  });
});

describe.each<ShippedEnvironment>(["staging", "production"])("%s: nothing lost on delete", (env) => {
  let instances: Instance[];
  beforeAll(() => {
    instances = statefulInstances(synthStacks(configFor(env)));
  });

  test("the check sees the stateful resources that exist today (KMS keys, the access-log bucket)", () => {
    const types = instances.map((i) => i.address.split("/")[1].split(".")[0]);
    expect(types.filter((t) => t === "aws_kms_key").length).toBeGreaterThanOrEqual(2);
    expect(types).toContain("aws_s3_bucket");
  });

  test("every stateful instance has lifecycle.prevent_destroy = true", () => {
    const unprotected = instances.filter((i) => i.body.lifecycle?.prevent_destroy !== true).map((i) => i.address);
    expect(unprotected).toEqual([]);
  });

  test("every stateful instance keeps its type's deletion protection", () => {
    const problems = instances.flatMap(({ address, body }) => {
      const type = address.split("/")[1].split(".")[0];
      const guard = STATEFUL_TYPES.find((t) => t.type === type)?.deletionGuard;
      // A value only known at apply time does not count as protected here.
      return guard && guard.isSafe(body[guard.attribute]) !== true ? [`${address}: ${guard.attribute} must be ${guard.expected}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
