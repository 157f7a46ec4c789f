import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { ALL_RULES } from "../../guardrails/rules";
import { renderRulesTable, RULES_DOC, withGeneratedTable } from "../../scripts/rules-table";

describe("docs/guardrails.md rules table", () => {
  test("the committed table matches the rules (run `npm run rules-table` after changing a rule)", () => {
    const committed = readFileSync(RULES_DOC, "utf8");
    expect(committed).toBe(withGeneratedTable(committed));
  });

  test("the table has one row per rule", () => {
    const rows = renderRulesTable().split("\n").filter((l) => /^\| BH-/.test(l));
    expect(rows.map((r) => r.split(" | ")[0].slice(2))).toEqual(ALL_RULES.map((r) => r.id));
  });
});

test("the README's rule count is the registry's", () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const counts = [...readme.matchAll(/(\d+) rules in the spirit of cdk-nag/g)].map((m) => Number(m[1]));
  expect(counts).toEqual([ALL_RULES.length]);
});
