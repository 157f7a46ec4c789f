// Does a policy set allow a request? A small, explicit evaluator of IAM policy documents as synthesized, for tests and
// guardrails (Zelkova in miniature, without the SMT solver: it answers one concrete request at a time, and tests
// enumerate the requests that matter). Semantics from the IAM User Guide, "Policy evaluation logic":
//
// - A statement applies when its action, resource and condition all match. `Action` matches when any pattern matches,
//   `NotAction` when none does; the same for `Resource` / `NotResource`.
// - Action names are case-insensitive; `*` matches any run of characters, `?` one. Resource ARNs are case-sensitive.
// - Condition: every operator block must hold; within a block every key must hold; a key's list of values is ORed.
//   Condition keys are case-insensitive, values are not (for the operators here). A key missing from the request
//   makes a positive operator (StringEquals, StringLike, ArnLike, ArnEquals, Bool) false and a negated one
//   (StringNotEquals, StringNotLike, ArnNotLike) true.
// - ArnLike/ArnEquals compare each of the six colon-separated ARN parts separately (wildcards do not cross a colon).
// - Within one policy set: an explicit Deny wins; otherwise any Allow allows; otherwise the request is implicitly
//   denied.
// - With a permissions boundary: the effective permissions are the intersection. The request is allowed only when
//   the identity policies allow it AND the boundary allows it, and an explicit Deny in either wins.
//
// Anything it does not model (other operators, IfExists, ForAnyValue/ForAllValues, policy variables) throws, so a
// test never passes because the evaluator silently ignored part of a policy.
import { globMatches } from "../cutover/matching";

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly (string | boolean)[]>>>>;
}

export interface PolicyDocument {
  readonly Statement: Statement | readonly Statement[];
}

export interface Request {
  /** `service:Action`, e.g. `iam:PassRole`. */
  readonly action: string;
  /** The resource ARN. */
  readonly resource: string;
  /** Condition keys of the request, e.g. `{ "iam:PassedToService": "ecs-tasks.amazonaws.com" }`. */
  readonly context?: Readonly<Record<string, string>>;
}

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

const list = <T>(value: T | readonly T[] | undefined): readonly T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as T]);

function arnMatches(pattern: string, arn: string): boolean {
  const split = (s: string) => {
    const parts = s.split(":");
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const [p, a] = [split(pattern), split(arn)];
  return p.length === a.length && p.every((part, i) => globMatches(part, a[i]));
}

type Test = (pattern: string, value: string) => boolean;
const OPERATORS: Record<string, { test: Test; negated: boolean }> = {
  StringEquals: { test: (p, v) => p === v, negated: false },
  StringNotEquals: { test: (p, v) => p === v, negated: true },
  StringLike: { test: (p, v) => globMatches(p, v), negated: false },
  StringNotLike: { test: (p, v) => globMatches(p, v), negated: true },
  ArnEquals: { test: arnMatches, negated: false },
  ArnLike: { test: arnMatches, negated: false },
  ArnNotLike: { test: arnMatches, negated: true },
  Bool: { test: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
};

function conditionHolds(condition: Statement["Condition"], request: Request): boolean {
  const context = new Map(Object.entries(request.context ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(condition ?? {}).every(([name, block]) => {
    const operator = OPERATORS[name];
    if (!operator) throw new Error(`IAM policy evaluator: unsupported condition operator ${name}`);
    return Object.entries(block).every(([key, expected]) => {
      const value = context.get(key.toLowerCase());
      const patterns = list(expected).map(String);
      if (value === undefined) return operator.negated;
      const any = patterns.some((p) => operator.test(p, value));
      return operator.negated ? !any : any;
    });
  });
}

function matchesAny(patterns: readonly string[], value: string, ignoreCase: boolean): boolean {
  return patterns.some((p) => globMatches(p, value, ignoreCase));
}

/** Whether one statement applies to the request (its effect aside). */
export function statementApplies(statement: Statement, request: Request): boolean {
  const actionOk =
    statement.Action !== undefined ? matchesAny(list(statement.Action), request.action, true) : !matchesAny(list(statement.NotAction), request.action, true);
  const resourceOk =
    statement.Resource !== undefined
      ? matchesAny(list(statement.Resource), request.resource, false)
      : statement.NotResource !== undefined
        ? !matchesAny(list(statement.NotResource), request.resource, false)
        : false;
  if (statement.Action === undefined && statement.NotAction === undefined) throw new Error(`IAM policy evaluator: statement ${statement.Sid ?? "?"} has neither Action nor NotAction`);
  return actionOk && resourceOk && conditionHolds(statement.Condition, request);
}

/** The decision of one set of policies (an identity's policies, or a boundary) on a request. */
export function evaluate(policies: readonly PolicyDocument[], request: Request): Decision {
  const applying = policies.flatMap((p) => list(p.Statement)).filter((s) => statementApplies(s, request));
  if (applying.some((s) => s.Effect === "Deny")) return "ExplicitDeny";
  return applying.some((s) => s.Effect === "Allow") ? "Allow" : "ImplicitDeny";
}

/**
 * The decision for a principal with identity policies and, optionally, a permissions boundary: allowed only when both
 * allow; an explicit Deny anywhere wins.
 */
export function evaluateWithBoundary(identity: readonly PolicyDocument[], boundary: PolicyDocument | undefined, request: Request): Decision {
  const own = evaluate(identity, request);
  const ceiling = boundary ? evaluate([boundary], request) : "Allow";
  if (own === "ExplicitDeny" || ceiling === "ExplicitDeny") return "ExplicitDeny";
  return own === "Allow" && ceiling === "Allow" ? "Allow" : "ImplicitDeny";
}
