// Guardrail suppressions: an audit trail of which rule was silenced where, and why. The guardrails record them as
// construct metadata (`braveheart:guardrail-suppressions`, entries `{ id, reason }`). cdktf 0.21 writes no construct
// metadata into cdk.tf.json (only path and uniqueId), so the report CLI reads them from the built app; a synth that
// carries them in a block's `//` comment is read too.
import type { IConstruct } from "constructs";
import { byText, dataSourcesOf, resourcesOf, type SynthStack } from "./synth-model";

export const SUPPRESSIONS_METADATA_KEY = "braveheart:guardrail-suppressions";

export interface Suppression {
  /** Construct path, e.g. `staging-phase1/Edge/Alb`. */
  readonly path: string;
  /** The rule id. */
  readonly id: string;
  readonly reason: string;
}

function entriesOf(data: unknown): { id: string; reason: string }[] {
  const list = Array.isArray(data) ? data : [data];
  return list
    .filter((e): e is Record<string, unknown> => e !== null && typeof e === "object")
    .map((e) => ({ id: String(e.id ?? "?"), reason: String(e.reason ?? "") }));
}

export function sortSuppressions(suppressions: readonly Suppression[]): Suppression[] {
  const seen = new Set<string>();
  return [...suppressions]
    .sort((a, b) => byText(a.path, b.path) || byText(a.id, b.id) || byText(a.reason, b.reason))
    .filter((s) => {
      const key = `${s.path}\n${s.id}\n${s.reason}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

/** Suppressions recorded as construct metadata anywhere under `root` (an App or a stack). */
export function collectSuppressions(root: IConstruct): Suppression[] {
  return sortSuppressions(
    root.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === SUPPRESSIONS_METADATA_KEY).flatMap((m) => entriesOf(m.data).map((e) => ({ path: c.node.path, ...e })))),
  );
}

/** Suppressions a synth carries in blocks' `//` comments (top level or under `metadata`). */
export function suppressionsInSynth(stacks: readonly SynthStack[]): Suppression[] {
  return sortSuppressions(
    stacks.flatMap((stack) =>
      [...resourcesOf(stack), ...dataSourcesOf(stack)].flatMap((block) => {
        const comment = block.body["//"] as Record<string, any> | undefined;
        const data = comment?.[SUPPRESSIONS_METADATA_KEY] ?? comment?.metadata?.[SUPPRESSIONS_METADATA_KEY];
        return data === undefined ? [] : entriesOf(data).map((e) => ({ path: `${stack.id}/${block.path}`, ...e }));
      }),
    ),
  );
}
