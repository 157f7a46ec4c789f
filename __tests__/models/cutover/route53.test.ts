// Route 53's weighted answer rules, against the table in the Route 53 Developer Guide ("Weighted routing", health
// checks with weight-0 records: weights 1, 1, 0, all three with health checks).
import { weightedAnswers } from "../../../models/cutover/route53";

const set = (h1: boolean, h2: boolean, h3: boolean) => [
  { weight: 1, healthy: h1, value: "r1" },
  { weight: 1, healthy: h2, value: "r2" },
  { weight: 0, healthy: h3, value: "r3" },
];
const answered = (h1: boolean, h2: boolean, h3: boolean) => weightedAnswers(set(h1, h2, h3)).map((a) => a.value);

describe("weightedAnswers (the documented table)", () => {
  test.each([
    // record 1, record 2, record 3 (weight 0) healthy? -> answered
    [false, false, true, ["r3"]],
    [false, false, false, ["r1", "r2"]],
    [false, true, false, ["r2"]],
    [true, true, false, ["r1", "r2"]],
    [true, true, true, ["r1", "r2"]],
  ])("health %p %p %p -> %p", (h1, h2, h3, expected) => {
    expect(answered(h1, h2, h3)).toEqual(expected);
  });

  test("shares follow the non-zero weights; a zero-weight answer is flagged; all-unhealthy answers are flagged", () => {
    expect(weightedAnswers([{ weight: 90, healthy: true, value: "a" }, { weight: 10, healthy: true, value: "b" }]).map((a) => a.share)).toEqual([0.9, 0.1]);
    expect(weightedAnswers(set(false, false, true))[0]).toMatchObject({ zeroWeight: true, unhealthy: false, share: 1 });
    expect(weightedAnswers(set(false, false, false))[0]).toMatchObject({ zeroWeight: false, unhealthy: true, share: 0.5 });
    expect(weightedAnswers([])).toEqual([]);
  });
});
