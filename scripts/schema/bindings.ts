// Whether the installed provider bindings (@cdktf/provider-aws, generated from a newer provider than the schema
// file) know an argument: its camelCase name appears in the type's generated index.d.ts. Evidence for a WARNING
// ("newer than the schema") instead of an error; a misspelt argument appears in no binding.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BindingLookup, BlockKind } from "./check-stack";

/** `aws_s3_bucket` -> `s3-bucket`, data `aws_s3_bucket` -> `data-aws-s3-bucket`, the provider -> `provider`. */
export function bindingDirectoryOf(kind: BlockKind, type: string): string {
  if (kind === "provider") return "provider";
  const dashed = type.replace(/_/g, "-");
  return kind === "data" ? `data-${dashed}` : dashed.replace(/^aws-/, "");
}

/** `ipv6_cidr_block` -> `ipv6CidrBlock`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** A lookup over `<providerPackageDir>/lib/<dir>/index.d.ts`, each file read at most once. */
export function bindingLookup(providerPackageDir: string): BindingLookup {
  const declarations = new Map<string, string | undefined>();
  return (kind, type, argument) => {
    const dir = bindingDirectoryOf(kind, type);
    if (!declarations.has(dir)) {
      const file = join(providerPackageDir, "lib", dir, "index.d.ts");
      declarations.set(dir, existsSync(file) ? readFileSync(file, "utf8") : undefined);
    }
    const text = declarations.get(dir);
    return text !== undefined && new RegExp(`\\b${camelCase(argument)}\\??:`).test(text);
  };
}
