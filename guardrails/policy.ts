// IAM policy documents as the guardrails read them: JSON strings in `policy`/`assume_role_policy` attributes, or
// the `json` of an aws_iam_policy_document data source in the same stack, normalised so that single values and
// lists look the same.
import type { StackView } from "./stack-view";
import { blocks, isSet, json, UNKNOWN, type Block, type Unknown } from "./values";

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

const DOCUMENT_DATA_SOURCE = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/;

/**
 * The statements of a policy attribute: a JSON document, or a reference to an aws_iam_policy_document data source
 * of `stack`. UNKNOWN when the document is only known at apply time.
 */
export function statements(value: unknown, stack?: StackView): Statement[] | Unknown | undefined {
  const source = typeof value === "string" ? DOCUMENT_DATA_SOURCE.exec(value) : null;
  if (source && stack) {
    const document = stack.dataSource(`aws_iam_policy_document.${source[1]}`);
    return document ? documentStatements(document) : UNKNOWN;
  }
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

/** The statement blocks of an aws_iam_policy_document data source, in the JSON document's shape. */
function documentStatements(document: Block): Statement[] | Unknown {
  // Merged documents are only known at apply time; so are dynamic statement blocks.
  if (isSet(document.source_policy_documents) || isSet(document.override_policy_documents)) return UNKNOWN;
  const items = blocks(document.statement);
  if (items === UNKNOWN) return UNKNOWN;
  return items.map((s, index) => {
    const principals = blocks(s.principals);
    const conditions = blocks(s.condition);
    const condition: Record<string, Record<string, unknown>> = {};
    for (const c of conditions === UNKNOWN ? [] : conditions) {
      condition[String(c.test)] = { ...condition[String(c.test)], [String(c.variable)]: c.values };
    }
    return {
      index,
      sid: typeof s.sid === "string" ? s.sid : undefined,
      effect: String(s.effect ?? "Allow"),
      actions: list(s.actions),
      notActions: list(s.not_actions),
      resources: list(s.resources),
      principal:
        principals === UNKNOWN || principals.length === 0
          ? undefined
          : Object.fromEntries(principals.map((p) => [String(p.type), p.identifiers])),
      condition,
    };
  });
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
function identityPolicies(type: string, attributes: Block): { where: string; value: unknown }[] {
  if (type === "aws_iam_role") {
    const inline = attributes.inline_policy;
    const items = Array.isArray(inline) ? inline : inline ? [inline] : [];
    return items.map((p: Record<string, unknown>, i) => ({ where: `inline_policy[${i}]`, value: p?.policy }));
  }
  return (IDENTITY_POLICY_ATTRIBUTES[type] ?? []).map((a) => ({ where: a, value: attributes[a] }));
}

/** Resource types whose identity policies the IAM rules read. */
export const IDENTITY_POLICY_TYPES = [...Object.keys(IDENTITY_POLICY_ATTRIBUTES), "aws_iam_role"] as const;

/**
 * Every Allow statement of a resource's identity policies, with where it stands. Policies that cannot be read at
 * synth (a token from another resource) are left out: the rules judge only what they can see.
 */
export function allowStatements(type: string, attributes: Block, stack?: StackView): { where: string; statement: Statement }[] {
  return identityPolicies(type, attributes).flatMap(({ where, value }) => {
    const list = statements(value, stack);
    if (list === undefined || list === UNKNOWN) return [];
    return list.filter((statement) => statement.effect === "Allow").map((statement) => ({ where, statement }));
  });
}
