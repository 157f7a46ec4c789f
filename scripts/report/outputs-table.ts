// The README's table of stack outputs, generated from the synthesized stacks: what an operator can read after each
// phase (`terraform -chdir=cdktf.out/stacks/<stack> output`). cdktf's cross-stack outputs (`cross-stack-output-*`)
// are how a later phase reads an earlier one; they are counted, not listed. __tests__/scripts/outputs-table.test.ts
// keeps the README's copy equal to this.
import { PHASES } from "../../stacks/phases";

interface OutputJson {
  readonly description?: string;
  readonly sensitive?: boolean;
}

export const OUTPUTS_BEGIN = "<!-- outputs-table:begin (generated: UPDATE_README=1 npx jest __tests__/scripts/outputs-table.test.ts) -->";
export const OUTPUTS_END = "<!-- outputs-table:end -->";

type Stacks = Readonly<Record<string, { output?: Record<string, OutputJson> }>>;

/**
 * The same environment synthesized with another setting: its additional named outputs get rows marked `only with
 * <when>`, and the outputs it lacks are marked `not with <when>`.
 */
export interface OutputsVariant {
  /** The setting, as the reader writes it: `backend cloud, executionMode remote or agent`. */
  readonly when: string;
  readonly stacks: Stacks;
}

/**
 * Markdown: one row per named output of each stack, in phase order, then the cross-stack outputs per stack. Outputs
 * only a variant has follow their stack's rows; those a variant lacks say so.
 */
export function outputsTable(stacks: Stacks, environment: string, variants: readonly OutputsVariant[] = []): string {
  const rows: string[] = ["| stack | output | what it is |", "|---|---|---|"];
  const internal: string[] = [];
  const named = (all: Stacks, id: string) =>
    Object.entries(all[id]?.output ?? {}).filter(([n]) => !n.startsWith("cross-stack-output-")).sort(([a], [b]) => a.localeCompare(b));
  const row = (id: string, name: string, output: OutputJson, condition = "") => {
    const description = (output.description ?? "").replace(/\|/g, "\\|");
    rows.push(`| \`${id}\` | \`${name}\`${output.sensitive ? " (sensitive)" : ""} | ${condition}${description} |`);
  };
  for (const phase of PHASES) {
    const id = `${environment}-${phase}`;
    const outputs = Object.entries(stacks[id]?.output ?? {});
    for (const [name, output] of named(stacks, id)) {
      const lacking = variants.filter((variant) => variant.stacks[id]?.output?.[name] === undefined).map((variant) => variant.when);
      row(id, name, output, lacking.length > 0 ? `not with ${lacking.join(", nor with ")}: ` : "");
    }
    for (const variant of variants) {
      for (const [name, output] of named(variant.stacks, id)) if (stacks[id]?.output?.[name] === undefined) row(id, name, output, `only with ${variant.when}: `);
    }
    const crossStack = outputs.filter(([n]) => n.startsWith("cross-stack-output-")).length;
    if (crossStack > 0) internal.push(`\`${id}\` ${crossStack}`);
  }
  return [
    ...rows,
    "",
    `Cross-stack outputs (read by later phases through \`terraform_remote_state\`, not meant for people): ${internal.join(", ")}.`,
  ].join("\n");
}
