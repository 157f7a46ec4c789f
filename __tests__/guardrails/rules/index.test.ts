// The rule registry: every rule file is registered, ids are unique and stable in form, and every rule has
// Compliance and Noncompliance cases in the area test files next to this one.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES, RULES_BY_AREA } from "../../../guardrails/rules";

const RULES_DIR = join(__dirname, "../../../guardrails/rules");
const ruleFiles = Object.keys(RULES_BY_AREA).flatMap((area) =>
  readdirSync(join(RULES_DIR, area))
    .filter((f) => /^[A-Z]\w+\.ts$/.test(f))
    .map((f) => ({ area, name: f.replace(/\.ts$/, "") })),
);
const testSources = readdirSync(__dirname)
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => readFileSync(join(__dirname, f), "utf8"))
  .join("\n");

describe("rule registry", () => {
  test("every PascalCase file under guardrails/rules/<area>/ is a registered rule of that area", () => {
    const registered = Object.entries(RULES_BY_AREA).flatMap(([area, rules]) => rules.map((r) => `${area}/${r.name}`));
    expect(registered.sort()).toEqual(ruleFiles.map((f) => `${f.area}/${f.name}`).sort());
  });

  test("rule ids are unique", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(ALL_RULES.map((r) => [r.id, r] as const))("%s has a well-formed id, a one-line reason, an explanation and resource types", (_id, rule) => {
    expect(rule.id).toMatch(/^BH-(NET|IAM|CMP|LB|DATA|EDGE|S3|KMS|LOG|BAK|DMS|STK|MON)-\d+$/);
    expect(rule.reason).not.toMatch(/\n/);
    expect(rule.reason.length).toBeLessThanOrEqual(120);
    expect(rule.explanation.length).toBeGreaterThan(60);
    expect(rule.resourceTypes.length).toBeGreaterThan(0);
  });

  test.each(ALL_RULES.map((r) => [r.id, r.name] as const))("%s (%s) has Compliance and Noncompliance cases", (_id, name) => {
    expect(testSources).toMatch(new RegExp(`describeRule\\(${name},`));
  });
});
