// Guardrail suppressions in the report: an audit trail of which rule was silenced where, and why. The guardrails
// record them as construct metadata, which cdktf does not write into cdk.tf.json, so the report CLI reads them
// from the built app through the guardrails' own listing.
import type { IConstruct } from "constructs";
import { listSuppressions } from "../../guardrails/suppressions";
import { byText } from "./synth-model";

export interface Suppression {
  /** Construct path, e.g. `staging-phase1/Edge/Alb`. */
  readonly path: string;
  /** The rule id. */
  readonly id: string;
  readonly reason: string;
}

/** Deterministic order (path, id, reason) without duplicates, so the report diffs cleanly. */
export function sortSuppressions(suppressions: readonly Suppression[]): Suppression[] {
  const seen = new Set<string>();
  return [...suppressions]
    .sort((a, b) => byText(a.path, b.path) || byText(a.id, b.id) || byText(a.reason, b.reason))
    .filter((s) => {
      const key = `${s.path}\n${s.id}\n${s.reason}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

/** Suppressions recorded anywhere under `root` (an App or a stack). */
export function collectSuppressions(root: IConstruct): Suppression[] {
  return sortSuppressions(listSuppressions(root).map(({ path, id, reason }) => ({ path, id, reason })));
}
