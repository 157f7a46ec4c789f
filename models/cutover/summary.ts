// What `npm run report` prints about the cutover: for the configured stage, what each single failure does to the
// public hostnames, the exhaustive check's totals, and the failover, failback and rollback times computed from the
// synthesized health checks, alarms and DNS TTLs.
import { allScenarios, checkScenario, describeScenario, publicRequests, served, type DataOwner } from "./properties";
import { ALL_HEALTHY, CutoverSimulator, type HealthScenario } from "./simulate";
import { block, type Node } from "./synth-graph";

/** TTL of Route 53 alias answers for CloudFront and ELB targets (Route 53 Developer Guide, "alias records"). */
export const ALIAS_TTL_SECONDS = 60;

export interface MatrixRow {
  readonly scenario: string;
  /** Per public hostname: `new 90 % / legacy 10 %`. */
  readonly answers: Readonly<Record<string, string>>;
  /** Databases that receive writes in this scenario. */
  readonly writesTo: readonly string[];
  readonly unserved: number;
  readonly violations: number;
}

export interface CutoverSummary {
  readonly rows: readonly MatrixRow[];
  readonly scenarios: number;
  readonly requests: number;
  readonly violations: number;
  readonly timings: readonly { readonly what: string; readonly seconds: number; readonly how: string }[];
}

/** No failure, then each single failure, then both platforms' front doors down. */
function singleFailures(sim: CutoverSimulator): { name: string; scenario: HealthScenario }[] {
  const services = sim.graph.nodes("aws_ecs_service").map((s) => String(s.body.name)).sort();
  const tasks = sim.graph.nodes("aws_dms_replication_task").map((t) => String(t.body.replication_task_id)).sort();
  const all = [
    ALL_HEALTHY,
    { ...ALL_HEALTHY, legacy: false },
    { ...ALL_HEALTHY, edge: false },
    ...services.map((s) => ({ ...ALL_HEALTHY, services: { [s]: false } })),
    ...tasks.map((t) => ({ ...ALL_HEALTHY, replication: { [t]: false } })),
    { ...ALL_HEALTHY, legacy: false, edge: false },
  ];
  return all.map((scenario) => ({ name: describeScenario(scenario), scenario }));
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** Seconds until a Route 53 health check turns unhealthy after its subject fails (worst child of a calculated one). */
export function detectionSeconds(sim: CutoverSimulator, check: Node): { seconds: number; how: string } {
  const b = check.body;
  if (b.type === "CALCULATED") {
    const children = ((b.child_healthchecks ?? []) as unknown[]).map((c) => sim.graph.nodeOf(check.stack, c)).filter((n): n is Node => n !== undefined);
    const worst = children.map((c) => detectionSeconds(sim, c)).sort((x, y) => y.seconds - x.seconds)[0];
    return worst ? { seconds: worst.seconds, how: `calculated check: its slowest child, ${worst.how}` } : { seconds: 0, how: "calculated check without children" };
  }
  if (b.type === "CLOUDWATCH_METRIC") {
    const alarm = sim.graph.nodeOf(check.stack, b.cloudwatch_alarm_name);
    const period = Number(alarm?.body.period ?? 60);
    const periods = Number(alarm?.body.datapoints_to_alarm ?? alarm?.body.evaluation_periods ?? 1);
    return { seconds: period * periods, how: `alarm ${periods} x ${period} s` };
  }
  const interval = Number(b.request_interval ?? 30);
  const threshold = Number(b.failure_threshold ?? 3);
  return { seconds: interval * threshold, how: `${threshold} failures x ${interval} s interval` };
}

export function summarizeCutover(sim: CutoverSimulator, owner: DataOwner): CutoverSummary {
  const requests = publicRequests(sim);
  const hosts = sim.publicHostnames();
  const rows = singleFailures(sim).map(({ name, scenario }) => {
    const answers: Record<string, string> = {};
    for (const host of hosts) {
      const outcomes = sim.serve({ host, path: "/", method: "GET" }, scenario);
      const share = (record: string) => outcomes.filter((o) => o.record === record).reduce((n, o) => n + o.share, 0);
      answers[host] = `new ${percent(share("new"))} / legacy ${percent(share("legacy"))}`;
    }
    const outcomes = requests.flatMap((r) => sim.serve(r, scenario));
    return {
      scenario: name,
      answers,
      writesTo: [...new Set(outcomes.map((o) => o.writesTo).filter((w): w is string => w !== undefined))].sort(),
      unserved: outcomes.filter((o) => !served(o)).length,
      violations: checkScenario(sim, scenario, requests, owner).length,
    };
  });
  const scenarios = allScenarios(sim);
  const violations = scenarios.reduce((n, s) => n + checkScenario(sim, s, requests, owner).length, 0);

  const timings: { what: string; seconds: number; how: string }[] = [];
  const newRecords = sim.graph.nodes("aws_route53_record").filter((r) => r.body.set_identifier === "new");
  const checked = newRecords.find((r) => r.body.health_check_id !== undefined);
  const check = checked && sim.graph.nodeOf(checked.stack, checked.body.health_check_id);
  if (check) {
    const d = detectionSeconds(sim, check);
    timings.push({ what: "automatic failover off a failing new platform (canary)", seconds: d.seconds + ALIAS_TTL_SECONDS, how: `${d.how} + ${ALIAS_TTL_SECONDS} s alias TTL` });
  } else if (newRecords.length > 0) {
    timings.push({ what: "automatic failover off the new platform", seconds: 0, how: "none: the new records carry no health check (after the data cutover nothing may fail back)" });
  }
  const legacy = sim.graph.nodes("aws_route53_record").find((r) => r.body.set_identifier === "legacy");
  if (legacy) {
    timings.push({
      what: "rollback to legacy by config (before the data cutover: stage preview; after it: failback, while reverse replication is OK)",
      seconds: ALIAS_TTL_SECONDS,
      how: `apply golive, then ${ALIAS_TTL_SECONDS} s alias TTL (${block(legacy.body.alias)?.evaluate_target_health ? "legacy evaluates its load balancer's health" : "legacy always answers"})`,
    });
  }
  for (const alarm of sim.graph.nodes("aws_cloudwatch_metric_alarm").filter((a) => a.body.namespace === "AWS/DMS")) {
    const periods = Number(alarm.body.datapoints_to_alarm ?? alarm.body.evaluation_periods);
    timings.push({
      what: `${alarm.body.alarm_name} notices lag`,
      seconds: Number(alarm.body.period) * periods,
      how: `${periods} of ${alarm.body.evaluation_periods} x ${alarm.body.period} s above ${alarm.body.threshold} s`,
    });
  }
  return { rows, scenarios: scenarios.length, requests: requests.length, violations, timings };
}
