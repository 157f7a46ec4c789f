// The synthesized stacks as one graph: a value written in one stack (a literal, a `${type.name.attr}` reference, or a
// `terraform_remote_state` read of another stack's output) is followed to where it comes from. The cutover model reads
// only this JSON, never the constructs, so it judges exactly what Terraform would apply.

/** One stack's cdk.tf.json, as far as the model reads it. */
export interface StackDocument {
  readonly resource?: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, { readonly value?: unknown }>;
}

/** Stack id -> its synthesized document. */
export type SynthStacks = Readonly<Record<string, StackDocument>>;

/** A resource or data source of one stack. */
export interface Node {
  readonly stack: string;
  /** `aws_lb` or `data.aws_cloudfront_origin_request_policy` */
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, any>;
}

/** Where a value comes from: a literal, or an attribute of a node (possibly in another stack). */
export type Origin = { readonly literal: unknown } | { readonly node: Node; readonly attribute: string };

const REMOTE = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([a-z0-9-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;
const LOCAL = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)(\[0\]\.[a-z0-9_]+)?\}$/;

/** A nested block synthesized either as an object or as a list of objects: always a list. */
export function blocks(value: unknown): Record<string, any>[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && typeof v === "object");
  return value !== null && typeof value === "object" ? [value as Record<string, any>] : [];
}

/** The first of `blocks(value)`. */
export function block(value: unknown): Record<string, any> | undefined {
  return blocks(value)[0];
}

export class SynthGraph {
  private readonly byType = new Map<string, Node[]>();

  constructor(readonly stacks: SynthStacks) {}

  /** Every resource of a type, across stacks (data sources: `data.<type>`), in stack then name order. */
  nodes(type: string): Node[] {
    let found = this.byType.get(type);
    if (!found) this.byType.set(type, (found = this.collect(type)));
    return found;
  }

  private collect(type: string): Node[] {
    const [kind, t] = type.startsWith("data.") ? (["data", type.slice(5)] as const) : (["resource", type] as const);
    return Object.keys(this.stacks)
      .sort()
      .flatMap((stack) =>
        Object.entries(this.stacks[stack][kind]?.[t] ?? {})
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, body]) => ({ stack, type, name, body })),
      );
  }

  /** Follows `value`, written in `stack`, to its origin: through remote state outputs and plain references. */
  resolve(stack: string, value: unknown, depth = 0): Origin {
    if (typeof value !== "string" || depth > 8) return { literal: value };
    const remote = value.match(REMOTE);
    if (remote) {
      const [, producer, output] = remote;
      const produced = this.stacks[producer]?.output?.[output];
      return produced === undefined ? { literal: value } : this.resolve(producer, produced.value, depth + 1);
    }
    const local = value.match(LOCAL);
    if (local) {
      const [, data, type, name, attribute, nested] = local;
      const body = (data ? this.stacks[stack]?.data : this.stacks[stack]?.resource)?.[type]?.[name];
      if (body === undefined) return { literal: value };
      return { node: { stack, type: data ? `data.${type}` : type, name, body }, attribute: attribute + (nested ?? "") };
    }
    return { literal: value };
  }

  /** The node a reference points at, whatever attribute it reads. */
  nodeOf(stack: string, value: unknown): Node | undefined {
    const origin = this.resolve(stack, value);
    return "node" in origin ? origin.node : undefined;
  }

  /** A value's identity: equal for two expressions that read the same attribute of the same node, or the same literal. */
  identity(stack: string, value: unknown): string {
    const origin = this.resolve(stack, value);
    return "node" in origin ? `${origin.node.stack}/${origin.node.type}.${origin.node.name}.${origin.attribute}` : JSON.stringify(origin.literal);
  }
}

/** Whether two nodes are the same resource. */
export const sameNode = (a: Node | undefined, b: Node | undefined): boolean =>
  a !== undefined && b !== undefined && a.stack === b.stack && a.type === b.type && a.name === b.name;
