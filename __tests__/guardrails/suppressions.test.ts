import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { formatSuppressions, listSuppressions, SUMMARY_REASON_LENGTH, shortReason, suppress } from "../../guardrails/suppressions";
import { annotations, fixtureStack } from "./fixture-stack";

const REASON = "Audit logs are exported nightly and expired by the archive account's own retention.";

describe("guardrail suppressions", () => {
  test("a suppression on a scope silences the rule for the resources below it", () => {
    // GIVEN a log group without retention inside a suppressed scope
    const { stack } = fixtureStack();
    const scope = new Construct(stack, "Audit");
    suppress(scope, { id: "BH-LOG-1", reason: REASON });
    new CloudwatchLogGroup(scope, "Group", { name: "/audit", kmsKeyId: "${var.key}" });
    // THEN nothing is reported
    expect(annotations(stack)).toEqual([]);
  });

  test("a suppression silences only its own rule", () => {
    const { stack } = fixtureStack();
    const group = new CloudwatchLogGroup(stack, "Group", { name: "/audit" });
    suppress(group, { id: "BH-LOG-1", reason: REASON });
    expect(annotations(stack)).toEqual([expect.stringMatching(/^\[fixture\/Group\] BH-LOG-2: /)]);
  });

  test("a suppression does not reach sibling constructs", () => {
    const { stack } = fixtureStack();
    suppress(new Construct(stack, "Audit"), { id: "BH-LOG-1", reason: REASON });
    new CloudwatchLogGroup(stack, "Other", { name: "/other", kmsKeyId: "${var.key}" });
    expect(annotations(stack)).toEqual([expect.stringMatching(/^\[fixture\/Other\] BH-LOG-1: /)]);
  });

  test("suppressions are listed with stack, path, id, reason and whether they matched", () => {
    const { app, stack } = fixtureStack();
    const group = new CloudwatchLogGroup(stack, "Group", { name: "/audit", kmsKeyId: "${var.key}" });
    suppress(group, { id: "BH-LOG-1", reason: REASON });
    annotations(stack);
    expect(listSuppressions(app)).toEqual([{ stack: "fixture", path: "fixture/Group", id: "BH-LOG-1", reason: REASON, used: true }]);
    expect(formatSuppressions(listSuppressions(app))).toBe(`Guardrail suppressions (1):\n  BH-LOG-1 at fixture/Group: ${REASON}`);
  });

  test("a suppression that matches nothing is reported as an unused warning", () => {
    const { stack } = fixtureStack();
    const group = new CloudwatchLogGroup(stack, "Group", { name: "/audit", retentionInDays: 30, kmsKeyId: "${var.key}" });
    suppress(group, { id: "BH-LOG-1", reason: REASON });
    expect(annotations(stack, "warn")).toEqual([
      "[fixture/Group] Guardrail suppression BH-LOG-1 is unused: nothing here violates it any more; remove it",
    ]);
  });

  test("a suppression of an id no rule has is reported as a warning", () => {
    const { stack } = fixtureStack();
    suppress(stack, { id: "BH-LOG-42", reason: REASON });
    expect(annotations(stack, "warn")).toEqual([
      "[fixture] Guardrail suppression BH-LOG-42 names no rule of this pack (see docs/guardrails.md); remove or correct it",
    ]);
  });

  test("a reason shorter than 20 characters is rejected with what was received and what is allowed", () => {
    const { stack } = fixtureStack();
    expect(() => suppress(stack, { id: "BH-LOG-1", reason: " not needed " })).toThrow(
      'Guardrail suppression BH-LOG-1 at fixture: the reason "not needed" is 10 characters; allowed: at least 20 characters explaining why the rule does not apply here',
    );
  });

  test("an id that is not a rule id is rejected", () => {
    const { stack } = fixtureStack();
    expect(() => suppress(stack, { id: "LogRetention", reason: REASON })).toThrow(
      "Guardrail suppression at fixture: 'LogRetention' is not a rule id; allowed: an id such as BH-IAM-3 (see docs/guardrails.md)",
    );
  });

  test("with no suppressions the summary says none", () => {
    expect(formatSuppressions([])).toBe("Guardrail suppressions: none");
  });
});

describe("suppression lines in the synth summary stay short", () => {
  const LONG =
    "Terraform in CI creates and deletes most resource types of every phase; PowerUserAccess excludes IAM, and the role's IAM writes are limited to this project's roles. Only jobs in the GitHub environment can assume it.";

  test("a long reason prints its first sentence cut at a word, with a pointer to the full text in the report", () => {
    const short = shortReason(LONG);
    expect(short.length).toBeLessThanOrEqual(SUMMARY_REASON_LENGTH + 2);
    expect(short).toMatch(/^Terraform in CI creates and deletes most resource types of every phase; PowerUserAccess excludes \S*\s?…$/);
    const text = formatSuppressions([{ id: "BH-IAM-3", stack: "staging-preparation", path: "staging-preparation/CiDeployRole/PowerUser", reason: LONG, used: true }]);
    expect(text.split("\n")).toEqual([
      "Guardrail suppressions (1):",
      `  BH-IAM-3 at staging-preparation/CiDeployRole/PowerUser: ${short}`,
      "  (reasons shortened: every one in full in npm run report)",
    ]);
  });

  test("a short first sentence is kept whole; a short reason is kept as written, without the pointer", () => {
    expect(shortReason("Logs are archived. More words follow here.")).toBe("Logs are archived. …");
    expect(shortReason(REASON)).toBe(REASON);
  });
});

