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

/** Markdown: one row per named output of each stack, in phase order, then the cross-stack outputs per stack. */
export function outputsTable(stacks: Readonly<Record<string, { output?: Record<string, OutputJson> }>>, environment: string): string {
  const rows: string[] = ["| stack | output | what it is |", "|---|---|---|"];
  const internal: string[] = [];
  for (const phase of PHASES) {
    const id = `${environment}-${phase}`;
    const outputs = Object.entries(stacks[id]?.output ?? {});
    for (const [name, output] of outputs.filter(([n]) => !n.startsWith("cross-stack-output-")).sort(([a], [b]) => a.localeCompare(b))) {
      const description = (output.description ?? "").replace(/\|/g, "\\|");
      rows.push(`| \`${id}\` | \`${name}\`${output.sensitive ? " (sensitive)" : ""} | ${description} |`);
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
