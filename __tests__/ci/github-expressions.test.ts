// The test evaluator of GitHub Actions expressions (github-expressions.ts) is itself tested where the workflow tests
// lean on a rule of GitHub's that a wrong evaluator would get backwards: indexing a context with another context's
// value (`secrets[matrix.plan-token-secret]`, which picks the plan job's Terraform Cloud token), and case.
import { evaluate, type Value } from "./github-expressions";

const STATUS = { success: true, failure: false, cancelled: false };
const at = (source: string, values: Record<string, Value>) => evaluate(source, { values, status: STATUS });

describe("indexing with [expression]", () => {
  const secrets = { TF_PLAN_API_TOKEN_STAGING: "staging-token", TF_PLAN_API_TOKEN: "production-token" };

  test("secrets[matrix.<field>] reads the secret the matrix entry names, and only that one", () => {
    expect(at("${{ secrets[matrix.plan-token-secret] }}", { secrets, matrix: { "plan-token-secret": "TF_PLAN_API_TOKEN_STAGING" } })).toBe("staging-token");
    expect(at("${{ secrets[matrix.plan-token-secret] }}", { secrets, matrix: { "plan-token-secret": "TF_PLAN_API_TOKEN" } })).toBe("production-token");
  });

  test("a literal index, a chain of both forms, and a parenthesised expression as the index", () => {
    expect(at("secrets['TF_PLAN_API_TOKEN']", { secrets })).toBe("production-token");
    expect(at("steps['env'].outputs.backend", { steps: { env: { outputs: { backend: "cloud" } } } })).toBe("cloud");
    expect(at("secrets[(matrix.x == 'a' && 'TF_PLAN_API_TOKEN') || 'TF_PLAN_API_TOKEN_STAGING']", { secrets, matrix: { x: "b" } })).toBe("staging-token");
  });

  test("a secret that is not set, or an index into nothing, is null (an empty string in env:)", () => {
    expect(at("secrets[matrix.plan-token-secret]", { secrets: {}, matrix: { "plan-token-secret": "TF_PLAN_API_TOKEN" } })).toBeNull();
    expect(at("secrets[matrix.missing]", { secrets, matrix: {} })).toBeNull();
    expect(at("nothing['a'].b", {})).toBeNull();
  });

  test("property names ignore case, as GitHub's do (secret names are case-insensitive)", () => {
    expect(at("secrets['tf_plan_api_token_staging']", { secrets })).toBe("staging-token");
    expect(at("Secrets.TF_Plan_API_Token", { secrets })).toBe("production-token");
  });

  test("an unclosed index is a syntax error, not a silent null", () => {
    expect(() => at("secrets[matrix.x", { secrets, matrix: { x: "a" } })).toThrow(/Expected \]/);
  });
});

test("&& and || return an operand: a value read only under a condition", () => {
  const values = (planEnvironment: string) => ({ matrix: { "plan-environment": planEnvironment }, secrets: { TF_PLAN_API_TOKEN: "t" } });
  expect(at("matrix.plan-environment == '' && secrets.TF_PLAN_API_TOKEN || ''", values(""))).toBe("t");
  expect(at("matrix.plan-environment == '' && secrets.TF_PLAN_API_TOKEN || ''", values("production-plan"))).toBe("");
});
