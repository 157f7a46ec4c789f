// Table-driven tests for one guardrail rule, cdk-nag style: "Compliance N" and "Noncompliance N" cases over
// hand-written synthesized attributes, independent of which stacks exist.
import { STACK_SCOPE, type Attributes, type Rule, type RuleResult } from "../../guardrails/rule";
import { StackView, type StackJson } from "../../guardrails/stack-view";

/** The address every case's resource under test gets. */
export const SUBJECT = "Subject";

export interface RuleCase {
  /** What the case shows, e.g. "http_tokens optional". */
  readonly name: string;
  /** Attributes of the resource under test (for stack-scoped rules: the whole stack JSON). */
  readonly attributes: Attributes;
  /** @default the rule's first resource type */
  readonly type?: string;
  /** Other resources in the same stack: `{ aws_flow_log: { Log: {...} } }`. */
  readonly others?: Record<string, Record<string, Attributes>>;
  /** Data sources in the same stack: `{ aws_iam_policy_document: { Doc: {...} } }`. */
  readonly data?: Record<string, Record<string, Attributes>>;
  /** @default false */
  readonly production?: boolean;
}

export interface NoncompliantCase extends RuleCase {
  /** Text the findings' details must contain. */
  readonly detail?: string;
}

export interface RuleCases {
  readonly compliant: readonly RuleCase[];
  readonly noncompliant: readonly NoncompliantCase[];
  readonly notApplicable?: readonly RuleCase[];
  /** Values only known at apply time (references, function calls): never reported. */
  readonly unresolved?: readonly RuleCase[];
}

/** Runs a rule the way the pack does: the subject plus `others` form the stack. */
export function evaluate(rule: Rule, c: RuleCase): RuleResult {
  const type = c.type ?? rule.resourceTypes[0];
  if (type === STACK_SCOPE) {
    const stack = new StackView("fixture", c.attributes as StackJson);
    return rule.check(c.attributes, { production: c.production ?? false, stack, type, address: "fixture" });
  }
  const resource = { ...(c.others ?? {}), [type]: { ...(c.others?.[type] ?? {}), [SUBJECT]: c.attributes } };
  const stack = new StackView("fixture", { resource, data: c.data });
  return rule.check(c.attributes, { production: c.production ?? false, stack, type, address: `${type}.${SUBJECT}` });
}

/** compliant | noncompliant | not-applicable, and the findings' details. */
export function outcome(result: RuleResult): { verdict: string; details: string } {
  if (typeof result === "string") return { verdict: result, details: "" };
  return { verdict: result.length === 0 ? "compliant" : "noncompliant", details: result.map((f) => f.detail).join("; ") };
}

export function describeRule(rule: Rule, cases: RuleCases): void {
  if (cases.compliant.length === 0 || cases.noncompliant.length === 0) {
    throw new Error(`${rule.id} needs at least one Compliance and one Noncompliance case`);
  }
  describe(`${rule.id} ${rule.name}`, () => {
    cases.compliant.forEach((c, i) => {
      test(`Compliance ${i + 1}: ${c.name}`, () => {
        expect(outcome(evaluate(rule, c)).verdict).toBe("compliant");
      });
    });
    cases.noncompliant.forEach((c, i) => {
      test(`Noncompliance ${i + 1}: ${c.name}`, () => {
        const { verdict, details } = outcome(evaluate(rule, c));
        expect(verdict).toBe("noncompliant");
        if (c.detail) expect(details).toContain(c.detail);
      });
    });
    (cases.notApplicable ?? []).forEach((c, i) => {
      test(`Not applicable ${i + 1}: ${c.name}`, () => {
        expect(outcome(evaluate(rule, c)).verdict).toBe("not-applicable");
      });
    });
    (cases.unresolved ?? []).forEach((c, i) => {
      test(`Unresolved ${i + 1}: ${c.name} is not reported`, () => {
        expect(outcome(evaluate(rule, c)).verdict).not.toBe("noncompliant");
      });
    });
  });
}
