// IAM policy documents as the guardrails read them: JSON strings in `policy`/`assume_role_policy` attributes,
// normalised so that single values and lists look the same.
import { json, UNKNOWN, type Unknown } from "./values";

export interface Statement {
  /** Position in the document, for messages. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly principal: unknown;
  readonly condition: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The statements of a policy attribute; UNKNOWN when the document is computed (e.g. a data source's json). */
export function statements(value: unknown): Statement[] | Unknown | undefined {
  const doc = json(value);
  if (doc === undefined) return undefined;
  if (doc === UNKNOWN || doc === null || typeof doc !== "object") return UNKNOWN;
  const raw = (doc as { Statement?: unknown }).Statement;
  const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return items.map((s: Record<string, unknown>, index) => ({
    index,
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: String(s.Effect ?? ""),
    actions: list(s.Action),
    notActions: list(s.NotAction),
    resources: list(s.Resource),
    principal: s.Principal,
    condition: (s.Condition ?? {}) as Record<string, Record<string, unknown>>,
  }));
}

/** `statement 2 (Sid ManageRoles)` for messages. */
export function describeStatement(s: Statement): string {
  return s.sid ? `statement ${s.index} (${s.sid})` : `statement ${s.index}`;
}

/** Identity-policy attributes per resource type: the policies that grant permissions to a principal. */
export const IDENTITY_POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
};

/** Every identity policy document of a resource, including `aws_iam_role.inline_policy` blocks. */
export function identityPolicies(type: string, attributes: Readonly<Record<string, unknown>>): { where: string; value: unknown }[] {
  if (type === "aws_iam_role") {
    const inline = attributes.inline_policy;
    const items = Array.isArray(inline) ? inline : inline ? [inline] : [];
    return items.map((p: Record<string, unknown>, i) => ({ where: `inline_policy[${i}]`, value: p?.policy }));
  }
  return (IDENTITY_POLICY_ATTRIBUTES[type] ?? []).map((a) => ({ where: a, value: attributes[a] }));
}

/** Resource types whose identity policies the IAM rules read. */
export const IDENTITY_POLICY_TYPES = [...Object.keys(IDENTITY_POLICY_ATTRIBUTES), "aws_iam_role"] as const;
