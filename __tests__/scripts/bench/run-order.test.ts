// The bench's sampling order: every case is sampled across the whole bench, so a machine that slows down under
// sustained load does not bias one case (or one side of a ratio) against another.
import { median, runOrder } from "../../../scripts/bench/run-order";

type Case = { readonly id: string; readonly slow?: boolean };
const fast: Case = { id: "main" };
const slow: Case = { id: "ts-node", slow: true };
const other: Case = { id: "catalog" };

test("runs one of each case per round, in the given order, slow cases for 3 rounds only", () => {
  expect(runOrder([fast, slow, other], 5).map((c) => c.id)).toEqual([
    "main", "ts-node", "catalog",
    "main", "ts-node", "catalog",
    "main", "ts-node", "catalog",
    "main", "catalog",
    "main", "catalog",
  ]);
});

test("fewer runs than 3 apply to slow cases too; no cases, no runs", () => {
  expect(runOrder([slow, fast], 2).map((c) => c.id)).toEqual(["ts-node", "main", "ts-node", "main"]);
  expect(runOrder([], 5)).toEqual([]);
});

test("the median is the middle sample, the upper middle of an even count", () => {
  expect(median([0.9, 0.6, 0.7])).toBe(0.7);
  expect(median([4, 1, 3, 2])).toBe(3);
});
