// The shape of `terraform providers schema -json` output (the parts the offline check reads), the built-in
// `terraform` provider's types, and loading the gzipped schema file.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export const AWS_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";

/** A Terraform type expression: "string", ["list", "string"], ["object", { name: "string" }], ... */
export type SchemaType = string | [string, ...unknown[]];

export interface SchemaAttribute {
  readonly type?: SchemaType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
}

export interface SchemaBlockType {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface TypeSchema {
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider: TypeSchema;
  readonly resource_schemas: Readonly<Record<string, TypeSchema>>;
  readonly data_source_schemas: Readonly<Record<string, TypeSchema>>;
}

export interface ProviderSchemaFile {
  readonly provider_schemas: Readonly<Record<string, ProviderSchema>>;
  /** Written by the exporter that assembled the shipped file: the per-type files it could not include. */
  readonly _assembled_from?: { readonly provider_version?: string; readonly missing_files?: readonly string[] };
}

/**
 * Types Terraform itself provides (provider `terraform.io/builtin/terraform`), which no provider schema lists.
 * Written from Terraform's documentation; `config` and `input` are dynamic values, so nothing below them is checked.
 */
export const BUILTIN_RESOURCES: Readonly<Record<string, TypeSchema>> = {
  terraform_data: {
    block: {
      attributes: {
        id: { type: "string", computed: true },
        input: { type: "dynamic", optional: true },
        output: { type: "dynamic", computed: true },
        triggers_replace: { type: "dynamic", optional: true },
      },
    },
  },
};

export const BUILTIN_DATA_SOURCES: Readonly<Record<string, TypeSchema>> = {
  terraform_remote_state: {
    block: {
      attributes: {
        backend: { type: "string", required: true },
        config: { type: "dynamic", optional: true },
        defaults: { type: "dynamic", optional: true },
        outputs: { type: "dynamic", computed: true },
        workspace: { type: "string", optional: true },
      },
    },
  },
};

/** A schema file that cannot be read as a provider schema; the message is one line saying which file and why. */
export class ProviderSchemaError extends Error {
  override readonly name = "ProviderSchemaError";
}

/** Reads a (gzipped when the name ends in .gz) provider schema file. */
export function loadProviderSchemaFile(path: string): ProviderSchemaFile {
  const expected = "is it the output of `terraform providers schema -json`";
  let parsed: ProviderSchemaFile;
  try {
    const raw = readFileSync(path);
    parsed = JSON.parse(path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8"));
  } catch (err) {
    throw new ProviderSchemaError(`${path} cannot be read as a provider schema (${(err as Error).message}): ${expected} (gzipped if named .gz)?`);
  }
  if (parsed?.provider_schemas?.[AWS_PROVIDER_SOURCE] === undefined) {
    throw new ProviderSchemaError(`${path} has no provider_schemas["${AWS_PROVIDER_SOURCE}"]: ${expected}?`);
  }
  return parsed;
}

/** Resource (`resource_schemas/x.json`) and data source types the schema file's exporter failed to include. */
export function missingTypesOf(file: ProviderSchemaFile): { resources: Set<string>; dataSources: Set<string> } {
  const resources = new Set<string>();
  const dataSources = new Set<string>();
  for (const entry of file._assembled_from?.missing_files ?? []) {
    const match = /^(resource_schemas|data_source_schemas)\/([a-z0-9_]+)\.json$/.exec(entry);
    if (match === null) continue;
    (match[1] === "resource_schemas" ? resources : dataSources).add(match[2]);
  }
  return { resources, dataSources };
}
