// How `npm run bench` (scripts/bench.ts) orders its timed runs and summarizes them.

/**
 * The timed runs in the order they are made: rounds of one run of each case (slow cases stop after 3). This shared VM
 * slows down over minutes of load (the suite measured 22.6 s alone, 30.7 s as the eighth case of a sequential
 * bench), so every case samples the whole bench period and the ratios compare runs made under the same conditions.
 */
export function runOrder<C extends { readonly slow?: boolean }>(selected: readonly C[], runs: number): C[] {
  const runsOf = (c: C) => (c.slow ? Math.min(runs, 3) : runs);
  const rounds = Math.max(0, ...selected.map(runsOf));
  return Array.from({ length: rounds }, (_, i) => selected.filter((c) => i < runsOf(c))).flat();
}

/** The middle sample (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
