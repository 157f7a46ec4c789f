// Reads what synth wrote (the manifest and each stack's JSON) and renders the short table the main job prints.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PHASES } from "../stacks/phases";

export interface StackSummary {
  readonly stack: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly outputs: number;
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string }>;
}

export function readSynthSummary(outdir: string): StackSummary[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
  // Per environment, in apply order (the id is `<environment>-<phase>`).
  const phaseOf = (id: string) => PHASES.findIndex((p) => id.endsWith(`-${p}`));
  const envOf = (id: string) => id.slice(0, id.length - PHASES[phaseOf(id)].length - 1);
  const entries = Object.entries(manifest.stacks).sort(([a], [b]) => envOf(a).localeCompare(envOf(b)) || phaseOf(a) - phaseOf(b));
  return entries.map(([stack, entry]) => {
    const json = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8"));
    const count = (blocks: Record<string, Record<string, unknown>> | undefined) =>
      Object.values(blocks ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return { stack, resources: count(json.resource), dataSources: count(json.data), outputs: Object.keys(json.output ?? {}).length };
  });
}

export function summarizeSynth(outdir: string, environment: string): string {
  const rows = readSynthSummary(outdir);
  const width = Math.max(5, ...rows.map((r) => r.stack.length));
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(width)}  ${b.padStart(9)}  ${c.padStart(4)}  ${d.padStart(7)}`;
  const total = rows.reduce((n, r) => n + r.resources, 0);
  return [
    `Synthesized ${rows.length} stack(s) for ${environment} into ${relative(process.cwd(), outdir) || "."}/`,
    line("stack", "resources", "data", "outputs"),
    ...rows.map((r) => line(r.stack, String(r.resources), String(r.dataSources), String(r.outputs))),
    line("total", String(total), "", ""),
  ].join("\n");
}
