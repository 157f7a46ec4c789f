// The migration stages, proven on the synthesized stacks: for both shipped environments and every stage, every
// combination of health states (legacy load balancer, new edge, each ECS service, each DMS task) and every public
// request (`/`, an unknown path, every routed path, GET and POST): nothing unserved, writes never in two databases,
// no zero-weight leak and no write to the new database before the data cutover, no failback to legacy after it.
import { STAGE_PLANS, CUTOVER_STAGES, type CutoverStage } from "../../../config/cutover-stages";
import { samplePath } from "../../../models/cutover/matching";
import { allScenarios, checkAll, publicRequests } from "../../../models/cutover/properties";
import { ALL_HEALTHY, CutoverSimulator, LEGACY_DATABASE } from "../../../models/cutover/simulate";
import { summarizeCutover } from "../../../models/cutover/summary";
import { configFor, synthStacks, type ShippedEnvironment } from "../../helpers";

const simulatorFor = (env: ShippedEnvironment, stage: CutoverStage, edit?: (raw: Record<string, any>) => void) =>
  new CutoverSimulator(
    synthStacks(
      configFor(env, (raw) => {
        raw.cutover.stage = stage;
        raw.cutover.reverseReplication = true; // failback needs it; staging defaults to off
        edit?.(raw);
      }),
    ),
  );

describe.each<ShippedEnvironment>(["staging", "production"])("%s", (env) => {
  describe.each(CUTOVER_STAGES.map((s) => [s] as const))("stage %s", (stage) => {
    let sim: CutoverSimulator;
    beforeAll(() => {
      sim = simulatorFor(env, stage);
    });

    test("no violation in any health scenario, for every generated request and every inventoried legacy route", () => {
      expect(allScenarios(sim).length).toBeGreaterThanOrEqual(64);
      const inventory = configFor(env).legacy.routes.flatMap((r) =>
        sim.publicHostnames().flatMap((host) => ["GET", "POST"].map((method) => ({ host, path: samplePath(r.path), method }))),
      );
      expect(inventory.length).toBeGreaterThanOrEqual(16);
      expect(checkAll(sim, STAGE_PLANS[stage].dataOwner, publicRequests(sim, inventory.filter((r) => r.method === "GET" || !/\/(static|assets)\//.test(r.path))))).toEqual([]);
    });

    test("with everything healthy, writes land where the stage says, and `/` reaches a service", () => {
      const host = sim.publicHostnames()[0];
      const write = sim.serve({ host, path: "/api/orders/x", method: "POST" }, ALL_HEALTHY);
      const databases = new Set(write.map((o) => o.writesTo));
      expect(databases).toEqual(new Set([STAGE_PLANS[stage].dataOwner === "legacy" ? LEGACY_DATABASE : expect.stringMatching(/^rds:/)]));
      for (const o of sim.serve({ host, path: "/", method: "GET" }, ALL_HEALTHY)) {
        expect(o.backend).toEqual(o.platform === "new" ? { kind: "service", service: "web-ui", database: undefined } : expect.objectContaining({ kind: "legacy" }));
      }
    });
  });
});

describe("the model fails when a stage's protection is taken away (staging, canary)", () => {
  let sim: CutoverSimulator;
  beforeAll(() => {
    const stacks = structuredClone(synthStacks(configFor("staging", (raw) => (raw.cutover.stage = "canary"))));
    const distribution = Object.values<any>(stacks["staging-phase1"].resource!.aws_cloudfront_distribution)[0];
    distribution.ordered_cache_behavior = distribution.ordered_cache_behavior.filter((b: any) => b.target_origin_id !== "legacy");
    sim = new CutoverSimulator(stacks);
  });

  test("without the write paths pinned to legacy, the canary splits writes between the two databases", () => {
    const found = new Set(checkAll(sim, "legacy").map((v) => v.property));
    expect(found).toEqual(new Set(["new-database-written-before-cutover", "split-writes"]));
  });
});

describe("host routing end to end (a service routed by host only)", () => {
  const help = "help.staging.braveheart-tech.com";
  let sim: CutoverSimulator;
  beforeAll(() => {
    sim = simulatorFor("staging", "canary", (raw) => {
      raw.services.push({ ...raw.services[1], name: "help", routing: { hosts: [help] } });
      raw.cutover.hostnames.push({ name: help, canaryWeight: 50 });
    });
  });

  test("CloudFront forwards the viewer's Host, so the ALB's host-header rule sends every path of the name to the service", () => {
    for (const path of ["/", "/faq/x"]) {
      const onNew = sim.serve({ host: help, path, method: "GET" }, ALL_HEALTHY).filter((o) => o.platform === "new");
      expect(onNew).toEqual([expect.objectContaining({ share: 0.5, backend: { kind: "service", service: "help", database: undefined } })]);
    }
    expect(sim.serve({ host: "www.staging.braveheart-tech.com", path: "/", method: "GET" }, ALL_HEALTHY).find((o) => o.platform === "new")?.backend).toMatchObject({ service: "web-ui" });
  });

  test("and the stage's guarantees still hold in every scenario", () => {
    expect(checkAll(sim, "legacy")).toEqual([]);
  });
});

describe("reverse replication and the report's numbers (staging)", () => {
  let canary: CutoverSimulator;
  let cutover: CutoverSimulator;
  beforeAll(() => {
    canary = simulatorFor("staging", "canary");
    cutover = simulatorFor("staging", "data-cutover");
  });
  const tasks = (sim: CutoverSimulator) => sim.graph.nodes("aws_dms_replication_task").map((t) => `${t.body.replication_task_id} ${t.body.migration_type} ${t.body.start_replication_task}`);

  test("the reverse CDC task (RDS -> legacy) exists from the data cutover, started by the apply, with its own lag alarm", () => {
    expect(tasks(canary)).toEqual(["braveheart-staging-migrate full-load-and-cdc false"]);
    expect(tasks(cutover)).toEqual(["braveheart-staging-migrate full-load-and-cdc false", "braveheart-staging-reverse cdc true"]);
    const reverse = cutover.graph.nodes("aws_dms_replication_task")[1];
    const endpoint = (ref: unknown) => cutover.graph.nodeOf(reverse.stack, ref)!.body;
    expect(endpoint(reverse.body.source_endpoint_arn)).toMatchObject({ endpoint_type: "source", endpoint_id: "braveheart-staging-rds-reverse-source" });
    expect(endpoint(reverse.body.target_endpoint_arn)).toMatchObject({ endpoint_type: "target", endpoint_id: "braveheart-staging-legacy-reverse-target" });
    const alarm = cutover.graph.nodes("aws_cloudwatch_metric_alarm").find((a) => a.body.alarm_name === "braveheart-staging-reverse-CDCLatencyTarget");
    expect(alarm?.body).toMatchObject({ namespace: "AWS/DMS", treat_missing_data: "breaching", dimensions: { ReplicationTaskIdentifier: "braveheart-staging-reverse" } });
  });

  test("canary: failover off a failing new platform takes the slowest health check child plus the alias TTL", () => {
    const summary = summarizeCutover(canary, "legacy");
    expect(summary.violations).toBe(0);
    expect(summary.timings[0]).toEqual({ what: "automatic failover off a failing new platform (canary)", seconds: 180, how: "calculated check: its slowest child, alarm 2 x 60 s + 60 s alias TTL" });
    expect(summary.rows[0].answers["www.staging.braveheart-tech.com"]).toBe("new 10 % / legacy 90 %");
    expect(summary.rows.find((r) => r.scenario === "legacy up, edge down")?.answers["www.staging.braveheart-tech.com"]).toBe("new 0 % / legacy 100 %");
  });

  test("data cutover: no automatic failover at all, and writes land in RDS only", () => {
    const summary = summarizeCutover(cutover, "new");
    expect(summary.scenarios).toBe(256);
    expect(summary.violations).toBe(0);
    expect(summary.timings[0].seconds).toBe(0);
    expect(new Set(summary.rows.flatMap((r) => r.writesTo))).toEqual(new Set(["rds:braveheart-staging-db"]));
  });
});
