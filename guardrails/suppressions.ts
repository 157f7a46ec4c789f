// Suppressions: the explicit, written exception to a guardrail. They live on the construct that owns the resource,
// apply to it and everything below it, must say why in a real sentence, and are listed in every synth summary:
// an audit trail, not a silence. A suppression that no longer matches a finding is reported as unused.
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/** Construct metadata type the suppressions are recorded under. */
export const SUPPRESSIONS_METADATA = "braveheart:guardrail-suppressions";

/** Shortest accepted justification: long enough that "n/a" or "needed" does not pass review by accident. */
export const MIN_REASON_LENGTH = 20;

const RULE_ID = /^BH-[A-Z0-9]+-\d+$/;

export interface Suppression {
  /** The rule id, e.g. `BH-IAM-3`. */
  readonly id: string;
  /** Why the rule does not apply here, in a sentence a reviewer can check. */
  readonly reason: string;
}

export interface SuppressionRecord extends Suppression {
  /** Stack id the construct belongs to. */
  readonly stack: string;
  /** Construct path of the suppressing construct. */
  readonly path: string;
  /** Whether a finding matched it during the last synth (false before synth). */
  readonly used: boolean;
}

/** Suppressions that matched a finding, marked by the pack during synth. */
const used = new WeakSet<Suppression>();

/**
 * Suppresses rule `id` on `construct` and its children. Throws when the reason is too short or the id is not a
 * rule id, so an exception cannot be added without saying why.
 */
export function suppress(construct: IConstruct, suppression: Suppression): void {
  const { id } = suppression;
  const reason = suppression.reason.trim();
  if (!RULE_ID.test(id)) {
    throw new Error(`Guardrail suppression at ${construct.node.path}: '${id}' is not a rule id; allowed: an id such as BH-IAM-3 (see docs/guardrails.md)`);
  }
  if (reason.length < MIN_REASON_LENGTH) {
    throw new Error(
      `Guardrail suppression ${id} at ${construct.node.path}: the reason ${JSON.stringify(reason)} is ${reason.length} characters; ` +
        `allowed: at least ${MIN_REASON_LENGTH} characters explaining why the rule does not apply here`,
    );
  }
  construct.node.addMetadata(SUPPRESSIONS_METADATA, { id, reason });
}

/** Suppressions recorded directly on one construct. */
export function suppressionsOn(construct: IConstruct): Suppression[] {
  return construct.node.metadata.filter((m) => m.type === SUPPRESSIONS_METADATA).map((m) => m.data as Suppression);
}

/** The suppression of rule `id` that covers `construct` (on it or an ancestor), nearest first. */
export function findSuppression(construct: IConstruct, id: string): Suppression | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const match = suppressionsOn(scope).find((s) => s.id === id);
    if (match) return match;
  }
  return undefined;
}

export function markUsed(suppression: Suppression): void {
  used.add(suppression);
}

export function isUsed(suppression: Suppression): boolean {
  return used.has(suppression);
}

/** Every suppression under `root` (an app or a stack), in construct order, for the synth summary. */
export function listSuppressions(root: IConstruct): SuppressionRecord[] {
  return root.node.findAll().flatMap((c) =>
    suppressionsOn(c).map((s) => ({
      stack: stackIdOf(c),
      path: c.node.path,
      id: s.id,
      reason: s.reason,
      used: isUsed(s),
    })),
  );
}

/** Longest reason printed whole after every synth; the review report (`npm run report`) has every reason in full. */
export const SUMMARY_REASON_LENGTH = 100;

/** A reason's first sentence, cut at a word to `max` characters ("…" marks a cut); short reasons are kept whole. */
export function shortReason(reason: string, max: number = SUMMARY_REASON_LENGTH): string {
  const firstSentence = reason.split(/(?<=\.)\s+/)[0];
  if (firstSentence.length <= max) return firstSentence === reason ? reason : `${firstSentence} …`;
  const cut = firstSentence.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[,;:]$/, "")} …`;
}

/** The lines the main job prints after the stack table: one short line per suppression. */
export function formatSuppressions(records: readonly SuppressionRecord[]): string {
  if (records.length === 0) return "Guardrail suppressions: none";
  const lines = records.map((r) => `  ${r.id} at ${r.path}${r.used ? "" : " (UNUSED: remove it)"}: ${shortReason(r.reason)}`);
  const shortened = records.some((r) => shortReason(r.reason) !== r.reason);
  return [`Guardrail suppressions (${records.length}):`, ...lines, ...(shortened ? ["  (reasons shortened: every one in full in npm run report)"] : [])].join("\n");
}

function stackIdOf(construct: IConstruct): string {
  try {
    return TerraformStack.of(construct).node.id;
  } catch {
    return "";
  }
}
