// Finding the references inside Terraform JSON strings. Only the expression parts of a string are read
// (`${ ... }` interpolations and `%{ ... }` directives, `$${` being an escaped literal), so text such as an ARN or a
// description that merely mentions `aws_s3_bucket.logs` is not mistaken for a reference.

/** One reference found in an expression. */
export interface Reference {
  /** "resource" for `aws_x.name`, "data" for `data.aws_x.name`, "var"/"local" for variables and locals. */
  readonly kind: "resource" | "data" | "var" | "local";
  /** The resource or data source type; undefined for var/local. */
  readonly type?: string;
  readonly name: string;
  /** The first attribute read after the name (and any index), when there is one and it is not a splat. */
  readonly attribute?: string;
  /** The reference as written, for messages. */
  readonly text: string;
}

/** The expression texts of a template string: the insides of each top-level `${...}` and `%{...}`. */
export function expressionsOf(template: string): string[] {
  const expressions: string[] = [];
  let i = 0;
  while (i < template.length - 1) {
    const opensExpression = (template[i] === "$" || template[i] === "%") && template[i + 1] === "{";
    if (!opensExpression) {
      i += 1;
      continue;
    }
    // `$${` and `%%{` are escapes for a literal `${` / `%{`.
    if (template[i + 2] === undefined || (i > 0 && template[i - 1] === template[i])) {
      i += 2;
      continue;
    }
    let depth = 1;
    let j = i + 2;
    for (; j < template.length && depth > 0; j += 1) {
      if (template[j] === "{") depth += 1;
      else if (template[j] === "}") depth -= 1;
    }
    expressions.push(template.slice(i + 2, depth === 0 ? j - 1 : j));
    i = j;
  }
  return expressions;
}

// A reference starts a traversal: not preceded by an identifier character or a dot (`each.value.aws_x` is an
// attribute of `each`, not a resource). Types are limited to the providers this project uses plus built-ins.
const RESOURCE_REFERENCE = /(?<![\w.\-])(data\.)?((?:aws|terraform)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\[[^\]]*\])*)(?:\.([A-Za-z_][A-Za-z0-9_]*|\*))?/g;
const VARIABLE_REFERENCE = /(?<![\w.\-])(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** Every resource, data source, variable and local reference in one expression text. */
export function referencesIn(expression: string): Reference[] {
  const references: Reference[] = [];
  for (const match of expression.matchAll(RESOURCE_REFERENCE)) {
    const [text, dataPrefix, type, name, , attribute] = match;
    references.push({ kind: dataPrefix ? "data" : "resource", type, name, attribute: attribute === "*" ? undefined : attribute, text });
  }
  for (const match of expression.matchAll(VARIABLE_REFERENCE)) {
    references.push({ kind: match[1] as "var" | "local", name: match[2], text: match[0] });
  }
  return references;
}

/** References in a string value: only its expressions are read. */
export function referencesInString(value: string): Reference[] {
  return expressionsOf(value).flatMap(referencesIn);
}

/**
 * A `depends_on` entry: cdktf writes bare addresses (`aws_x.name`, `data.aws_x.name`) rather than expressions.
 */
export function referenceInAddress(address: string): Reference[] {
  return referencesIn(address.startsWith("${") ? expressionsOf(address).join(" ") : address);
}
