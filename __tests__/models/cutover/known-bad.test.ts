// The simulator must be able to fail: on the go-live design before migration stages (staging as synthesized at
// c4d8aa7, trimmed to the resource types the model reads: fixtures/staging-before-stages.json) it finds the defects
// issue 19 was filed for. If one of these stops being found, the model has gone blind, not the design better.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allScenarios, checkAll, checkScenario, publicRequests } from "../../../models/cutover/properties";
import { ALL_HEALTHY, CutoverSimulator, LEGACY_DATABASE } from "../../../models/cutover/simulate";

const before = JSON.parse(readFileSync(join(__dirname, "fixtures", "staging-before-stages.json"), "utf8"));
const sim = new CutoverSimulator(before);
const host = "www.staging.braveheart-tech.com";
const legacyDown = { ...ALL_HEALTHY, legacy: false };

describe("the simulator on the design before migration stages (known bad)", () => {
  test("GIVEN every platform healthy WHEN a user posts an order THEN legacy answers alone (weight 100 vs 0)", () => {
    const outcomes = sim.serve({ host, path: "/api/orders/x", method: "POST" }, ALL_HEALTHY);
    expect(outcomes).toEqual([expect.objectContaining({ platform: "legacy", share: 1, zeroWeight: false, writesTo: LEGACY_DATABASE })]);
  });

  test("GIVEN the legacy load balancer without healthy targets WHEN a user posts an order THEN the weight-0 record answers and the write lands in RDS", () => {
    const [outcome, ...others] = sim.serve({ host, path: "/api/orders/x", method: "POST" }, legacyDown);
    expect(others).toEqual([]);
    expect(outcome).toMatchObject({ platform: "new", share: 1, zeroWeight: true, record: "new", backend: { kind: "service", service: "orders" } });
    expect(outcome.writesTo).toMatch(/^rds:/);
  });

  test("GIVEN the legacy load balancer down THEN the property check reports the zero-weight leak and the early write, and `/` unserved", () => {
    const found = checkScenario(sim, legacyDown, publicRequests(sim), "legacy");
    const properties = new Set(found.map((v) => v.property));
    expect(properties).toEqual(new Set(["zero-weight-leak", "new-database-written-before-cutover", "unserved"]));
    expect(found).toContainEqual(expect.objectContaining({ property: "unserved", request: `GET ${host}/`, detail: expect.stringContaining("HTTP 404 from the default action") }));
  });

  test("GIVEN the design at newWeight 100 (the data cutover) WHEN one service loses its targets THEN Route 53 fails back to the stale legacy database", () => {
    const at100 = structuredClone(before);
    for (const record of Object.values<any>(at100["staging-golive"].resource.aws_route53_record)) {
      record.weighted_routing_policy.weight = record.set_identifier === "new" ? 100 : 0;
    }
    const cutover = new CutoverSimulator(at100);
    const catalogDown = { ...ALL_HEALTHY, services: { catalog: false } };
    const [outcome] = cutover.serve({ host, path: "/api/orders/x", method: "POST" }, catalogDown);
    expect(outcome).toMatchObject({ platform: "legacy", zeroWeight: true, writesTo: LEGACY_DATABASE });
    expect(checkScenario(cutover, catalogDown, publicRequests(cutover), "new").map((v) => v.property)).toContain("failback-to-stale-database");
  });

  test("exhaustively: 128 scenarios (legacy, edge, 4 services, the DMS task), and the leak shows in exactly those where legacy is down and the new platform healthy", () => {
    expect(allScenarios(sim)).toHaveLength(128);
    const leaks = checkAll(sim, "legacy").filter((v) => v.property === "zero-weight-leak");
    expect(new Set(leaks.map((v) => v.scenario))).toEqual(new Set(["legacy down, edge up", "legacy down, edge up, braveheart-staging-full-load-and-cdc lagging"]));
  });
});
