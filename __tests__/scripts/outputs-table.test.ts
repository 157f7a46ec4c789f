// The README's stack outputs table is generated from the synthesized staging stacks and must stay equal to them.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { OUTPUTS_BEGIN, OUTPUTS_END, outputsTable } from "../../scripts/report/outputs-table";
import { configFor, synthStacks, terraformCloudConfig, withoutTerraformOnPath } from "../helpers";

describe("README stack outputs table", () => {
  const readmePath = join(REPO_ROOT, "README.md");
  let table: string;
  beforeAll(() => {
    // Plus the outputs only Terraform Cloud's dynamic credentials add, and those they remove (the shipped staging file uses s3).
    const cloud = withoutTerraformOnPath(() => synthStacks(terraformCloudConfig("remote")));
    table = outputsTable(synthStacks(configFor("staging")), "staging", [{ when: "backend cloud, executionMode remote or agent", stacks: cloud }]);
  });

  test("lists every named output of every stack with its description, and is what the README shows", () => {
    // GitHub's plan role exists only where terraform runs on the runner
    expect(table).toContain(
      "| `staging-preparation` | `PLAN_ROLE_ARN_STAGING` | not with backend cloud, executionMode remote or agent: Set as the GitHub repository variable PLAN_ROLE_ARN_STAGING",
    );
    expect(table).toContain("| `staging-preparation` | `publish_role_arn_orders` | role-to-assume of braveheart-tech/orders's");
    expect(table).toContain("| `staging-golive` | `cutover_weights` |");
    expect(table).toContain("| `staging-preparation` | `TFC_AWS_APPLY_ROLE_ARN` | only with backend cloud, executionMode remote or agent: Set as the environment variable TFC_AWS_APPLY_ROLE_ARN");
    const readme = readFileSync(readmePath, "utf8");
    const generated = `${OUTPUTS_BEGIN}\n${table}\n${OUTPUTS_END}`;
    const start = readme.indexOf(OUTPUTS_BEGIN);
    const end = readme.indexOf(OUTPUTS_END);
    expect({ start: start >= 0, end: end > start }).toEqual({ start: true, end: true });
    const current = readme.slice(start, end + OUTPUTS_END.length);
    if (process.env.UPDATE_README === "1" && current !== generated) writeFileSync(readmePath, readme.replace(current, generated));
    else expect(current).toBe(generated);
  });

  test("every named output has a description (the table would have an empty cell)", () => {
    const empty = table.split("\n").filter((row) => row.startsWith("| `") && row.endsWith("|  |"));
    expect(empty).toEqual([]);
  });
});
