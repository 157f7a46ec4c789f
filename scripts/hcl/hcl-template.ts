// Terraform string templates as HCL quoted strings. A JSON string value and an HCL quoted string share the template
// syntax (`${expr}`, `%{directive}`, `$${` and `%%{` as literal escapes) but HCL also needs `"` and `\` escaped in the
// literal parts, and only there: inside an interpolation the text is an expression with its own string literals.

/** One piece of a template: literal text, or a whole `${...}` / `%{...}` sequence (kept verbatim). */
export interface TemplatePart {
  readonly kind: "literal" | "sequence";
  readonly text: string;
}

/** Index just past the `}` that closes the sequence opening at `start` (`${` or `%{`), or -1 if it never closes. */
function sequenceEnd(template: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start + 1; i < template.length; i++) {
    const ch = template[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    const marker = ch === "$" || ch === "%";
    if (marker && template[i + 1] === ch && template[i + 2] === "{") {
      literal += template.slice(i, i + 3); // `$${` / `%%{`: a literal `${` / `%{`, spelled the same in HCL
      i += 3;
    } else if (marker && template[i + 1] === "{") {
      const end = sequenceEnd(template, i);
      if (end < 0) {
        literal += template.slice(i);
        break;
      }
      if (literal) parts.push({ kind: "literal", text: literal });
      literal = "";
      parts.push({ kind: "sequence", text: template.slice(i, end) });
      i = end;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal) parts.push({ kind: "literal", text: literal });
  return parts;
}

const LITERAL_ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\t": "\\t" };

/** The body of an HCL quoted string (without the quotes) for a single-line template. */
export function escapeQuotedTemplate(template: string): string {
  return splitTemplate(template)
    .map((part) => (part.kind === "sequence" ? part.text : part.text.replace(/[\\"\t]/g, (c) => LITERAL_ESCAPES[c])))
    .join("");
}

/** The expression inside a template that is exactly one `${...}`, else undefined. */
export function soleInterpolation(template: string): string | undefined {
  const parts = splitTemplate(template);
  const only = parts.length === 1 ? parts[0] : undefined;
  return only?.kind === "sequence" && only.text.startsWith("${") ? only.text.slice(2, -1) : undefined;
}
