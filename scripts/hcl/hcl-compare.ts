// Compares a stack's Terraform JSON with the same stack parsed back from HCL (by @cdktf/hcl2json, HashiCorp's parser),
// so the HCL a reviewer reads is proven to say what the JSON that Terraform applies says.

import { soleInterpolation, splitTemplate } from "./hcl-template";

type Json = unknown;

/** Whitespace outside string literals removed: the formatter re-spaces expressions (`[ for x in y: z]`). */
function withoutExpressionSpacing(expression: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (inString && ch === "\\") {
      out += ch + (expression[++i] ?? "");
      continue;
    }
    if (ch === '"') inString = !inString;
    if (inString || !/\s/.test(ch)) out += ch;
  }
  return out;
}

function canonicalTemplate(template: string): string {
  return splitTemplate(template)
    .map((part) => (part.kind === "sequence" ? withoutExpressionSpacing(part.text) : part.text))
    .join("");
}

/**
 * A form both sides share: no `//` comments (cdktf metadata, JSON-only), blocks as objects (HCL parses every block
 * as a list of one), primitives as strings (what Terraform's type conversion makes of `443` and `"443"`), expressions
 * without layout whitespace.
 */
export function normalizeTerraform(value: Json): Json {
  if (Array.isArray(value)) {
    const [only] = value;
    if (value.length === 1 && only !== null && typeof only === "object" && !Array.isArray(only)) return normalizeTerraform(only);
    return value.map(normalizeTerraform);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== "//")
        .sort()
        .map((key) => [key, normalizeTerraform((value as Record<string, Json>)[key])]),
    );
  }
  if (typeof value === "string") return canonicalTemplate(value);
  return value === null || value === undefined ? value : String(value);
}

/** `import`/`moved`/`removed` name addresses, not values: JSON writes `"aws_x.y"`, HCL a bare `aws_x.y` that parses as `${aws_x.y}`. */
function withBareAddresses(doc: Json): Json {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return doc;
  const bare = (v: unknown) => (typeof v === "string" ? soleInterpolation(v) ?? v : v);
  const fix = (blocks: unknown) =>
    (Array.isArray(blocks) ? blocks : [blocks]).map((b) =>
      b !== null && typeof b === "object" ? Object.fromEntries(Object.entries(b).map(([k, v]) => [k, k === "to" || k === "from" ? bare(v) : v])) : b,
    );
  const out: Record<string, Json> = { ...(doc as Record<string, Json>) };
  for (const key of ["import", "moved", "removed"]) if (out[key] !== undefined) out[key] = fix(out[key]);
  return out;
}

/** Paths where the two documents differ, e.g. `resource.aws_vpc.Vpc.cidr_block: json "10.0.0.0/16", hcl (absent)`. */
export function terraformDifferences(fromJson: Json, fromHcl: Json): string[] {
  const differences: string[] = [];
  const show = (v: Json) => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 160));
  const walk = (a: Json, b: Json, path: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const isMap = (v: Json) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isMap(a) && isMap(b)) {
      const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
      for (const key of keys) walk((a as Record<string, Json>)[key], (b as Record<string, Json>)[key], path ? `${path}.${key}` : key);
      return;
    }
    differences.push(`${path}: json ${show(a)}, hcl ${show(b)}`);
  };
  walk(normalizeTerraform(withBareAddresses(fromJson)), normalizeTerraform(withBareAddresses(fromHcl)), "");
  return differences;
}
