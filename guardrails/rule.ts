// The contract every guardrail rule implements: a pure function over one resource's synthesized (snake_case,
// references resolved to `${type.name.attr}`) attributes. The pack (packs/braveheart-pack.ts) decides what to
// visit, attaches the rule's id and reason to each finding and reports it; a rule never touches constructs.
import type { StackView } from "./stack-view";

/** The outcome of one rule on one resource. */
export type Verdict = "compliant" | "noncompliant" | "not-applicable";

/** One concrete problem, for rules that can say which block or value is wrong. */
export interface Finding {
  /** What exactly is wrong, e.g. `origin[1] (alb) uses origin_protocol_policy "http-only"`. */
  readonly detail: string;
}

/** A verdict, or the list of findings (an empty list means compliant). */
export type RuleResult = Verdict | readonly Finding[];

/** A resource's attributes as written to cdk.tf.json. */
export type Attributes = Readonly<Record<string, unknown>>;

/** `resourceTypes` entry of rules that read the whole stack (providers, backend) instead of one resource. */
export const STACK_SCOPE = "(stack)";

export interface RuleContext {
  /** The environment is flagged `production: true`: stricter rules apply (Multi-AZ, WAF, remote locked state). */
  readonly production: boolean;
  /** Every resource of the stack being checked, for rules that need a companion resource (flow log, lock...). */
  readonly stack: StackView;
  /** Resource type being checked (`aws_lb`), or STACK_SCOPE. */
  readonly type: string;
  /** `type.name` of the resource being checked; the stack id for stack-scoped rules. */
  readonly address: string;
}

export interface Rule {
  /** Stable id such as `BH-NET-1`: suppressions and docs refer to it, so never renumber a rule. */
  readonly id: string;
  /** PascalCase name, the same as the rule's file name. */
  readonly name: string;
  /** One line: why it fired ("VPC has no flow log"). */
  readonly reason: string;
  /** Why the rule exists and how to comply. */
  readonly explanation: string;
  /** Terraform resource types the rule reads (`aws_lb`), or STACK_SCOPE. */
  readonly resourceTypes: readonly string[];
  check(attributes: Attributes, context: RuleContext): RuleResult;
}

/** Findings from a list of optional details: undefined entries are checks that passed. */
export function findings(...details: (string | undefined | false)[]): Finding[] {
  return details.filter((d): d is string => typeof d === "string").map((detail) => ({ detail }));
}
