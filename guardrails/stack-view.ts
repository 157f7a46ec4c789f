// One stack's synthesized Terraform JSON, indexed for rules: resources by type and by address, and the
// "which resource points at this one" lookups that companion rules (flow log per VPC, lock per vault, public
// access block per bucket) are made of. Companions are matched by reference or by literal name within the stack.
import type { Attributes } from "./rule";
import { references, str, UNKNOWN } from "./values";

/** The parts of cdk.tf.json the guardrails read. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Attributes>>;
  readonly data?: Record<string, Record<string, Attributes>>;
  readonly provider?: Record<string, Attributes[]>;
  readonly terraform?: Attributes;
  readonly moved?: readonly { from: string; to: string }[];
  readonly [key: string]: unknown;
}

export interface ResourceEntry {
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly attributes: Attributes;
}

export class StackView {
  private readonly byType = new Map<string, ResourceEntry[]>();
  private readonly byAddress = new Map<string, ResourceEntry>();

  constructor(
    /** The stack id, e.g. `staging-preparation`. */
    readonly id: string,
    readonly json: StackJson,
  ) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      const entries = Object.entries(byName).map(([name, attributes]) => ({ type, name, address: `${type}.${name}`, attributes }));
      this.byType.set(type, entries);
      for (const entry of entries) this.byAddress.set(entry.address, entry);
    }
  }

  /** Every resource, or every resource of one type. */
  resources(type?: string): readonly ResourceEntry[] {
    return type === undefined ? [...this.byType.values()].flat() : (this.byType.get(type) ?? []);
  }

  resource(address: string): ResourceEntry | undefined {
    return this.byAddress.get(address);
  }

  /** A data source's arguments by `type.name` (without the `data.` prefix). */
  dataSource(address: string): Attributes | undefined {
    const dot = address.indexOf(".");
    return this.json.data?.[address.slice(0, dot)]?.[address.slice(dot + 1)];
  }

  /**
   * Resources of `type` whose `attribute` points at `target`: by reference (`${aws_s3_bucket.Logs.id}`), or by
   * the target's literal name in one of `nameAttributes` (a bucket named "logs" and `bucket = "logs"`).
   */
  referencing(type: string, attribute: string, target: string, nameAttributes: readonly string[] = []): readonly ResourceEntry[] {
    const targetEntry = this.byAddress.get(target);
    const names = nameAttributes
      .map((a) => str(targetEntry?.attributes[a]))
      .filter((n): n is string => n !== undefined && n !== UNKNOWN);
    return this.resources(type).filter((r) => {
      const value = r.attributes[attribute];
      return references(value, target) || (typeof value === "string" && names.includes(value));
    });
  }

  /**
   * The in-stack resource of one of `types` that an attribute value refers to, undefined when the value is a
   * literal or points elsewhere (another stack's remote state, a data source).
   */
  referencedResource(value: unknown, types: readonly string[]): ResourceEntry | undefined {
    if (typeof value !== "string") return undefined;
    for (const type of types) {
      const found = this.resources(type).find((r) => references(value, r.address));
      if (found) return found;
    }
    return undefined;
  }
}
