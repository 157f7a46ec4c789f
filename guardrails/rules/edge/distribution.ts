// Reading CloudFront distributions for the edge rules.
import { block, blocks, UNKNOWN, type Block } from "../../values";

/** The default and every ordered cache behavior, labelled for messages; UNKNOWN when a block is computed. */
export function cacheBehaviors(attributes: Readonly<Record<string, unknown>>): { where: string; behavior: Block }[] | typeof UNKNOWN {
  const first = block(attributes.default_cache_behavior);
  const ordered = blocks(attributes.ordered_cache_behavior);
  if (first === UNKNOWN || ordered === UNKNOWN) return UNKNOWN;
  return [
    ...(first ? [{ where: "default_cache_behavior", behavior: first }] : []),
    ...ordered.map((behavior, i) => ({ where: `ordered_cache_behavior[${i}] (${String(behavior.path_pattern ?? "?")})`, behavior })),
  ];
}

export const originLabel = (origin: Block, i: number) => `origin[${i}] (${String(origin.origin_id ?? "?")})`;
