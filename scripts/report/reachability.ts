// The reachability check (models/reachability) over the synthesized stacks: every required path with its hops, and
// the forbidden ones the check proved absent.
import type { EnvironmentConfig } from "../../config/schema";
import { verdicts, type PathVerdict } from "../../models/reachability/paths";
import type { SynthStack } from "./synth-model";

export interface ReachabilityReport {
  readonly required: readonly PathVerdict[];
  readonly forbidden: readonly PathVerdict[];
}

export function reachabilityOf(stacks: readonly SynthStack[], config: EnvironmentConfig): ReachabilityReport {
  const all = verdicts(Object.fromEntries(stacks.map((s) => [s.id, s.document])), config);
  return { required: all.filter((v) => v.expectation === "exists"), forbidden: all.filter((v) => v.expectation === "absent") };
}

/** A hop without the stack-qualified resource ids the model keeps for identity. */
export const shortHop = (hop: string): string => hop.replace(/[a-z0-9-]+\/(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+?)(_[A-F0-9]{8})?\b/g, "$2");

/** One line per required path (`ok name: hop > hop`), then the forbidden paths' tally and any that exist. */
export function reachabilityLines(report: ReachabilityReport): string[] {
  const held = (vs: readonly PathVerdict[]) => vs.filter((v) => v.ok).length;
  const lines = [`Required network paths (${held(report.required)}/${report.required.length} exist):`];
  for (const v of report.required) {
    lines.push(`  ${v.ok ? "ok  " : "FAIL"} ${v.name}${v.ok ? "" : `: ${v.result.blockedAt}`}`);
    if (v.ok) lines.push(`       ${v.result.hops.map(shortHop).join(" > ")}`);
  }
  lines.push(`Forbidden network paths (${held(report.forbidden)}/${report.forbidden.length} absent): internet -> anything but the load balancer; legacy network -> anything`);
  for (const v of report.forbidden.filter((f) => !f.ok)) lines.push(`  FAIL ${v.name}: ${v.result.hops.map(shortHop).join(" > ")}`);
  return lines;
}
