// What a cutover must never do, checked over the simulator's outcomes: every scenario, every public request.
import { isWrite, samplePath } from "./matching";
import { CutoverSimulator, LEGACY_DATABASE, type HealthScenario, type Outcome, type Request } from "./simulate";
import { block, blocks } from "./synth-graph";

/** Where the migration is: before the data cutover legacy owns the writes; after it, the new database does. */
export type DataOwner = "legacy" | "new";

export interface Violation {
  readonly property: "zero-weight-leak" | "new-database-written-before-cutover" | "split-writes" | "failback-to-stale-database" | "unserved";
  readonly scenario: string;
  readonly request: string;
  readonly detail: string;
}

/** A scenario as one short line: `legacy down, edge up, orders down`. */
export function describeScenario(s: HealthScenario): string {
  const parts = [`legacy ${s.legacy ? "up" : "down"}`, `edge ${s.edge ? "up" : "down"}`];
  for (const [name, up] of Object.entries(s.services)) if (!up) parts.push(`${name} down`);
  for (const [name, up] of Object.entries(s.replication)) if (!up) parts.push(`${name} lagging`);
  return parts.join(", ");
}

export const describeRequest = (r: Request): string => `${r.method} ${r.host}${r.path}`;

/**
 * Every combination of up/down for the legacy load balancer, the new edge, each ECS service and each DMS task of the
 * synth: 2^(2 + services + tasks) scenarios.
 */
export function allScenarios(sim: CutoverSimulator): HealthScenario[] {
  const services = sim.graph.nodes("aws_ecs_service").map((s) => String(s.body.name)).sort();
  const tasks = sim.graph.nodes("aws_dms_replication_task").map((t) => String(t.body.replication_task_id)).sort();
  const switches = ["legacy", "edge", ...services.map((s) => `s:${s}`), ...tasks.map((t) => `t:${t}`)];
  const scenarios: HealthScenario[] = [];
  for (let bits = 0; bits < 2 ** switches.length; bits++) {
    const up = (i: number) => (bits & (1 << i)) === 0;
    scenarios.push({
      legacy: up(0),
      edge: up(1),
      services: Object.fromEntries(services.map((s, i) => [s, up(2 + i)])),
      replication: Object.fromEntries(tasks.map((t, i) => [t, up(2 + services.length + i)])),
    });
  }
  return scenarios;
}

/**
 * The requests to try on every public hostname: `/`, a path no route names, and one path per CloudFront path
 * pattern and ALB path-pattern value in the synth, with GET and POST (static paths: GET only, as browsers ask).
 * `extra` adds requests from the legacy route inventory.
 */
export function publicRequests(sim: CutoverSimulator, extra: readonly Request[] = []): Request[] {
  const hosts = sim.publicHostnames();
  const staticPatterns = sim.graph
    .nodes("aws_cloudfront_distribution")
    .flatMap((d) => blocks(d.body.ordered_cache_behavior))
    .filter((b) => !((b.allowed_methods ?? []) as string[]).includes("POST"))
    .map((b) => String(b.path_pattern));
  const rulePatterns = sim.graph
    .nodes("aws_lb_listener_rule")
    .flatMap((r) => blocks(r.body.condition))
    .flatMap((c) => (block(c.path_pattern)?.values ?? []) as string[]);
  const paths = [...new Set(["/", "/no-such-route/x", ...rulePatterns.map(samplePath)])].sort();
  const requests: Request[] = [];
  for (const host of hosts) {
    for (const path of paths) for (const method of ["GET", "POST"]) requests.push({ host, path, method });
    for (const p of [...new Set(staticPatterns)].sort()) requests.push({ host, path: samplePath(p), method: "GET" });
  }
  const key = (r: Request) => describeRequest(r);
  const seen = new Set(requests.map(key));
  return [...requests, ...extra.filter((r) => !seen.has(key(r)))];
}

/** Whether an outcome reached something that answers the request (a service, the static bucket or legacy). */
export function served(o: Outcome): boolean {
  if (o.backend.kind === "fixed") return o.backend.status < 400;
  if (o.backend.kind === "refused") return o.backend.reason === "edge down";
  return true;
}

/** The violations of one scenario (the health check path `/healthz` is the platform's own and is not a user route). */
export function checkScenario(sim: CutoverSimulator, scenario: HealthScenario, requests: readonly Request[], owner: DataOwner): Violation[] {
  const violations: Violation[] = [];
  const name = describeScenario(scenario);
  const written = new Map<string, string>();
  for (const request of requests) {
    const r = describeRequest(request);
    for (const o of sim.serve(request, scenario)) {
      if (o.share === 0) continue;
      const where = o.via.join(" -> ");
      if (owner === "legacy" && o.zeroWeight && o.platform === "new") {
        violations.push({ property: "zero-weight-leak", scenario: name, request: r, detail: `answered by a weight-0 record: ${where}` });
      }
      if (owner === "legacy" && o.writesTo !== undefined && o.writesTo !== LEGACY_DATABASE) {
        violations.push({ property: "new-database-written-before-cutover", scenario: name, request: r, detail: `writes to ${o.writesTo}: ${where}` });
      }
      if (owner === "new" && o.platform === "legacy") {
        violations.push({ property: "failback-to-stale-database", scenario: name, request: r, detail: `served by legacy after the data cutover: ${where}` });
      }
      if (!served(o)) {
        violations.push({ property: "unserved", scenario: name, request: r, detail: `${o.backend.kind === "fixed" ? `HTTP ${o.backend.status} from the ${o.backend.by}` : o.backend.kind === "refused" ? o.backend.reason : ""}: ${where}` });
      }
      if (o.writesTo !== undefined && isWrite(request.method)) written.set(o.writesTo, r);
    }
  }
  if (written.size > 1) {
    violations.push({
      property: "split-writes",
      scenario: name,
      request: [...written.values()].join(", "),
      detail: `writes land in ${[...written.keys()].sort().join(" and ")} in the same scenario`,
    });
  }
  return violations;
}

/** Every violation over every scenario. */
export function checkAll(sim: CutoverSimulator, owner: DataOwner, requests = publicRequests(sim)): Violation[] {
  return allScenarios(sim).flatMap((s) => checkScenario(sim, s, requests, owner));
}
