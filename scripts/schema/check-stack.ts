// Checks one synthesized stack (cdk.tf.json) against a provider schema the way `terraform validate` would, without
// Terraform or network: types exist, no unknown arguments or blocks at any depth, required arguments and blocks
// present, block counts within min/max items, computed-only attributes not set, value shapes match attribute types,
// and every reference (resources, data sources, remote state, provider aliases, variables, locals) resolves.
// Pure: the caller loads the schema and supplies the (file-reading) binding lookup.
import {
  AWS_PROVIDER_SOURCE,
  BUILTIN_DATA_SOURCES,
  BUILTIN_RESOURCES,
  missingTypesOf,
  type ProviderSchemaFile,
  type SchemaAttribute,
  type SchemaBlock,
  type SchemaType,
  type TypeSchema,
} from "./provider-schema";
import { referenceInAddress, referencesInString, type Reference } from "./references";

export type Severity = "error" | "warning";

export type FindingCategory =
  | "unknown-type"
  | "unknown-argument"
  | "missing-required"
  | "missing-block"
  | "too-many-blocks"
  | "computed-only"
  | "wrong-shape"
  | "dangling-reference"
  | "unknown-attribute"
  /** Warning: the bindings (a newer provider) know the argument; the schema's provider version does not. */
  | "newer-than-schema"
  /** Warning: the schema file's exporter could not include this type, so its body is not checked. */
  | "type-not-in-schema-file";

export interface Finding {
  readonly severity: Severity;
  readonly category: FindingCategory;
  /** `aws_x.name`, `data.aws_x.name`, `provider.aws[0]`, `output.name`. */
  readonly address: string;
  /** Where inside the address: `default_action[0].forward.target_group[1].arn`; `type` for the type itself. */
  readonly path: string;
  readonly problem: string;
}

/** What the provider bindings in use know, for telling "newer than the schema" from "misspelt". */
export type BindingLookup = (kind: BlockKind, type: string, argument: string) => boolean;

export type BlockKind = "resource" | "data" | "provider";

export interface CheckOptions {
  /** @default - nothing is known beyond the schema: every unknown argument is an error */
  readonly bindingKnows?: BindingLookup;
}

export interface StackCheck {
  readonly findings: Finding[];
  readonly resources: number;
  readonly dataSources: number;
}

/** Arguments every resource and data source accepts, which no provider schema lists. */
const META_ARGUMENTS: ReadonlySet<string> = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "connection", "provisioner", "//"]);
/** Arguments every provider block accepts. */
const PROVIDER_META_ARGUMENTS: ReadonlySet<string> = new Set(["alias", "version", "//"]);

type Json = any;

/** The findings of one stack (see the file comment). */
export function checkStack(stack: Json, schemaFile: ProviderSchemaFile, options: CheckOptions = {}): Finding[] {
  return checkStackWithCounts(stack, schemaFile, options).findings;
}

/** checkStack plus the number of resources and data sources it looked at. */
export function checkStackWithCounts(stack: Json, schemaFile: ProviderSchemaFile, options: CheckOptions = {}): StackCheck {
  return new StackChecker(stack, schemaFile, options).run();
}

class StackChecker {
  private readonly findings: Finding[] = [];
  private readonly provider;
  private readonly missing;
  private readonly providerAliases = new Set<string>();

  constructor(
    private readonly stack: Json,
    schemaFile: ProviderSchemaFile,
    private readonly options: CheckOptions,
  ) {
    this.provider = schemaFile.provider_schemas[AWS_PROVIDER_SOURCE];
    this.missing = missingTypesOf(schemaFile);
  }

  run(): StackCheck {
    this.checkProviders();
    let resources = 0;
    let dataSources = 0;
    for (const [type, byName] of entries(this.stack.resource)) {
      for (const [name, body] of entries(byName)) {
        resources += 1;
        this.checkInstance("resource", type, `${type}.${name}`, body);
      }
    }
    for (const [type, byName] of entries(this.stack.data)) {
      for (const [name, body] of entries(byName)) {
        dataSources += 1;
        this.checkInstance("data", type, `data.${type}.${name}`, body);
      }
    }
    for (const [name, body] of entries(this.stack.output)) {
      this.checkReferencesIn(`output.${name}`, "", body);
    }
    return { findings: this.findings, resources, dataSources };
  }

  private checkProviders(): void {
    for (const [name, configs] of entries(this.stack.provider)) {
      const list: Json[] = Array.isArray(configs) ? configs : [configs];
      list.forEach((config, index) => {
        if (typeof config?.alias === "string") this.providerAliases.add(`${name}.${config.alias}`);
        if (name !== "aws") return; // only the aws provider's schema is shipped
        const address = `provider.aws${typeof config?.alias === "string" ? `.${config.alias}` : `[${index}]`}`;
        this.checkBlock(address, "", config, this.provider.provider.block, { kind: "provider", type: "aws" }, PROVIDER_META_ARGUMENTS);
        this.checkReferencesIn(address, "", config);
      });
    }
  }

  private checkInstance(kind: "resource" | "data", type: string, address: string, body: Json): void {
    const schema = this.schemaOf(kind, type);
    const missingFromFile = (kind === "resource" ? this.missing.resources : this.missing.dataSources).has(type);
    if (schema === undefined && missingFromFile) {
      this.warn("type-not-in-schema-file", address, "type", `${type} is missing from the schema file (its exporter could not include it): its arguments are not checked`);
    } else if (schema === undefined) {
      this.error("unknown-type", address, "type", `${kind === "data" ? "data source" : "resource"} type ${type} does not exist in the aws provider schema`);
    } else {
      this.checkBlock(address, "", body, schema.block, { kind, type }, META_ARGUMENTS);
    }
    this.checkMetaReferences(address, body);
    this.checkReferencesIn(address, "", withoutMetadata(body));
  }

  private schemaOf(kind: "resource" | "data", type: string): TypeSchema | undefined {
    return kind === "resource"
      ? (this.provider.resource_schemas[type] ?? BUILTIN_RESOURCES[type])
      : (this.provider.data_source_schemas[type] ?? BUILTIN_DATA_SOURCES[type]);
  }

  // ---- schema conformance -------------------------------------------------------------------------------------

  private checkBlock(address: string, path: string, body: Json, block: SchemaBlock, owner: { kind: BlockKind; type: string }, ignored: ReadonlySet<string>): void {
    if (isToken(body)) return; // a whole block given as an expression cannot be checked statically
    if (!isPlainObject(body)) {
      this.error("wrong-shape", address, path || ".", `expected a block (object), got ${describe(body)}`);
      return;
    }
    const attributes = block.attributes ?? {};
    const blockTypes = block.block_types ?? {};
    const dynamicBlocks = new Set<string>();
    for (const [key, value] of Object.entries<Json>(body)) {
      const at = join(path, key);
      if (ignored.has(key)) continue;
      if (key === "dynamic" && !("dynamic" in attributes) && !("dynamic" in blockTypes)) {
        for (const [blockName, dynamicBlock] of entries(value)) {
          const nested = blockTypes[blockName];
          if (nested === undefined) this.unknownArgument(address, join(at, blockName), blockName, owner);
          else {
            dynamicBlocks.add(blockName);
            this.checkBlock(address, join(join(at, blockName), "content"), dynamicBlock?.content ?? {}, nested.block, owner, new Set());
          }
        }
        continue;
      }
      const attribute = attributes[key];
      if (attribute !== undefined) {
        this.checkAttribute(address, at, value, attribute);
        continue;
      }
      const nested = blockTypes[key];
      if (nested === undefined) {
        this.unknownArgument(address, at, key, owner);
        continue;
      }
      if (isToken(value)) continue;
      if (nested.nesting_mode === "map") {
        for (const [label, item] of entries(value)) this.checkBlock(address, `${at}["${label}"]`, item, nested.block, owner, new Set());
        continue;
      }
      const items: Json[] = Array.isArray(value) ? value : [value];
      if (nested.max_items !== undefined && items.length > nested.max_items) {
        this.error("too-many-blocks", address, at, `at most ${nested.max_items} ${key} block(s) allowed, found ${items.length}`);
      }
      if (nested.min_items !== undefined && items.length < nested.min_items) {
        this.error("missing-block", address, at, `at least ${nested.min_items} ${key} block(s) required, found ${items.length}`);
      }
      items.forEach((item, index) => this.checkBlock(address, Array.isArray(value) ? `${at}[${index}]` : at, item, nested.block, owner, new Set()));
    }
    for (const [name, attribute] of Object.entries(attributes)) {
      if (attribute.required && (body[name] === undefined || body[name] === null)) {
        this.error("missing-required", address, join(path, name), `required argument ${name} is missing`);
      }
    }
    for (const [name, nested] of Object.entries(blockTypes)) {
      const minItems = nested.min_items ?? 0;
      if (minItems > 0 && (body[name] === undefined || body[name] === null) && !dynamicBlocks.has(name)) {
        this.error("missing-block", address, join(path, name), `required block ${name} is missing (at least ${minItems})`);
      }
    }
  }

  private checkAttribute(address: string, path: string, value: Json, attribute: SchemaAttribute): void {
    if (attribute.computed && !attribute.optional && !attribute.required) {
      this.error("computed-only", address, path, "is computed by the provider and cannot be set");
      return;
    }
    if (attribute.type !== undefined) this.checkShape(address, path, value, attribute.type);
  }

  /** Value shape against a Terraform type: primitives, collections, objects (unknown object keys too). */
  private checkShape(address: string, path: string, value: Json, type: SchemaType): void {
    if (value === null || value === undefined || isToken(value)) return;
    if (typeof type === "string") {
      if (type === "dynamic") return;
      if (typeof value === "object") this.error("wrong-shape", address, path, `expects a ${type}, got ${describe(value)}`);
      return;
    }
    const [kind, element] = type;
    if (kind === "list" || kind === "set") {
      if (!Array.isArray(value)) this.error("wrong-shape", address, path, `expects a ${kind}, got ${describe(value)}`);
      else value.forEach((item, index) => this.checkShape(address, `${path}[${index}]`, item, element as SchemaType));
    } else if (kind === "map") {
      if (!isPlainObject(value)) this.error("wrong-shape", address, path, `expects a map, got ${describe(value)}`);
      else for (const [key, item] of Object.entries<Json>(value)) this.checkShape(address, `${path}["${key}"]`, item, element as SchemaType);
    } else if (kind === "object") {
      if (!isPlainObject(value)) {
        this.error("wrong-shape", address, path, `expects an object, got ${describe(value)}`);
        return;
      }
      const fields = element as Record<string, SchemaType>;
      for (const [key, item] of Object.entries<Json>(value)) {
        if (!(key in fields)) this.error("unknown-argument", address, join(path, key), `unknown attribute ${key} (allowed: ${Object.keys(fields).sort().join(", ")})`);
        else this.checkShape(address, join(path, key), item, fields[key]);
      }
    } else if (kind === "tuple" && !Array.isArray(value)) {
      this.error("wrong-shape", address, path, `expects a tuple, got ${describe(value)}`);
    }
  }

  private unknownArgument(address: string, path: string, key: string, owner: { kind: BlockKind; type: string }): void {
    if (this.options.bindingKnows?.(owner.kind, owner.type, key)) {
      this.warn("newer-than-schema", address, path, `${key} is not in the schema's provider version, but the provider bindings know it`);
    } else {
      this.error("unknown-argument", address, path, `unknown argument or block ${key}`);
    }
  }

  // ---- references ---------------------------------------------------------------------------------------------

  /** `depends_on` (bare addresses) and `provider` (an alias) are meta-arguments the string scan does not cover. */
  private checkMetaReferences(address: string, body: Json): void {
    for (const [index, dependency] of (Array.isArray(body?.depends_on) ? body.depends_on : []).entries()) {
      if (typeof dependency !== "string") continue;
      const references = referenceInAddress(dependency);
      if (references.length === 0) this.error("dangling-reference", address, `depends_on[${index}]`, `${dependency} is not a resource or data source address`);
      for (const reference of references) this.checkReference(address, `depends_on[${index}]`, reference);
    }
    if (typeof body?.provider === "string") {
      const provider = body.provider.replace(/^\$\{(.*)\}$/, "$1");
      if (provider.includes(".") && !this.providerAliases.has(provider)) {
        this.error("dangling-reference", address, "provider", `provider ${provider} is not configured in this stack (aliases: ${[...this.providerAliases].join(", ") || "none"})`);
      }
    }
  }

  private checkReferencesIn(address: string, path: string, value: Json): void {
    if (typeof value === "string") {
      for (const reference of referencesInString(value)) this.checkReference(address, path, reference);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => this.checkReferencesIn(address, `${path}[${index}]`, item));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries<Json>(value)) {
        if (path === "" && key === "depends_on") continue; // bare addresses: checkMetaReferences
        this.checkReferencesIn(address, join(path, key), item);
      }
    }
  }

  private checkReference(address: string, path: string, reference: Reference): void {
    const at = path || ".";
    if (reference.kind === "var" || reference.kind === "local") {
      const declared = reference.kind === "var" ? this.stack.variable : this.stack.locals;
      if (!isPlainObject(declared) || !(reference.name in declared)) {
        this.error("dangling-reference", address, at, `${reference.text} is not declared in this stack`);
      }
      return;
    }
    const type = reference.type!;
    const declared = reference.kind === "data" ? this.stack.data : this.stack.resource;
    if (!isPlainObject(declared?.[type]) || !(reference.name in declared[type])) {
      const where = reference.kind === "data" ? "data source" : "resource";
      this.error("dangling-reference", address, at, `${reference.text} refers to a ${where} not declared in this stack`);
      return;
    }
    const schema = this.schemaOf(reference.kind, type);
    const attribute = reference.attribute;
    if (schema === undefined || attribute === undefined) return;
    const known = attribute in (schema.block.attributes ?? {}) || attribute in (schema.block.block_types ?? {});
    if (!known && !this.options.bindingKnows?.(reference.kind, type, attribute)) {
      this.error("unknown-attribute", address, at, `${reference.text}: ${type} has no attribute ${attribute}`);
    }
  }

  // ---- reporting ----------------------------------------------------------------------------------------------

  private error(category: FindingCategory, address: string, path: string, problem: string): void {
    this.findings.push({ severity: "error", category, address, path, problem });
  }

  private warn(category: FindingCategory, address: string, path: string, problem: string): void {
    this.findings.push({ severity: "warning", category, address, path, problem });
  }
}

function entries(value: Json): [string, Json][] {
  return isPlainObject(value) ? Object.entries(value) : [];
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string holding an expression: its value (and so its shape) is only known to Terraform. */
function isToken(value: Json): boolean {
  return typeof value === "string" && (value.includes("${") || value.includes("%{"));
}

function withoutMetadata(body: Json): Json {
  if (!isPlainObject(body)) return body;
  const { "//": _metadata, ...rest } = body;
  return rest;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function describe(value: Json): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
