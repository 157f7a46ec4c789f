// The cutover simulator: for a health scenario, what each public request does on the synthesized stacks. DNS
// (Route 53 weighted records and health checks) -> CloudFront (behaviours in order, origin, headers) -> ALB (HTTPS
// listener rules by priority, default action) -> ECS service -> the database it writes to. Pure: JSON in, outcomes
// out; the legacy platform is what the weighted `legacy` records point at outside the synth, and serves every route.
import { applyInvert, weightedAnswers, type Candidate } from "./route53";
import { cloudFrontPattern, globMatches, isWrite } from "./matching";
import { block, blocks, sameNode, SynthGraph, type Node, type SynthStacks } from "./synth-graph";

/** The health of everything a cutover depends on; a missing entry counts as healthy. */
export interface HealthScenario {
  /** The legacy load balancer has healthy targets (its weighted record evaluates target health). */
  readonly legacy: boolean;
  /** CloudFront and the ALB answer (phase2's HTTPS check through `new.<zone>`). */
  readonly edge: boolean;
  /** ECS service name -> it has a healthy target. */
  readonly services: Readonly<Record<string, boolean>>;
  /** DMS replication task id -> replicating within its lag alarm. */
  readonly replication: Readonly<Record<string, boolean>>;
}

export const ALL_HEALTHY: HealthScenario = { legacy: true, edge: true, services: {}, replication: {} };

/** The database label of the legacy platform: it writes to its own database. */
export const LEGACY_DATABASE = "legacy";

export type Backend =
  | { readonly kind: "service"; readonly service: string; readonly database?: string }
  | { readonly kind: "static" }
  /** The legacy platform (through DNS, or as a CloudFront origin). */
  | { readonly kind: "legacy"; readonly target: string }
  /** A fixed response: the ALB's default 404, a listener rule's own answer. */
  | { readonly kind: "fixed"; readonly status: number; readonly by: string }
  /** Refused before any backend: name not resolvable, CloudFront 403 for a method or Host it does not take. */
  | { readonly kind: "refused"; readonly reason: string };

export type Platform = "legacy" | "new";

export interface Outcome {
  /** Share of the requests for this name that take this way (from the DNS answer's share). */
  readonly share: number;
  readonly platform: Platform | "none";
  readonly backend: Backend;
  /** Every hop on the way is healthy in the scenario; otherwise the user gets an error. */
  readonly up: boolean;
  /** The DNS answer came from a weight-0 record. */
  readonly zeroWeight: boolean;
  /** Set identifier of the record that answered. */
  readonly record?: string;
  /** The database a write (POST, PUT, PATCH, DELETE) lands in; only for up, writing requests. */
  readonly writesTo?: string;
  /** The hops, for messages: `dns:www... legacy`, `cloudfront:/api/*`, `alb:rule 120`. */
  readonly via: readonly string[];
}

export interface Request {
  readonly host: string;
  readonly path: string;
  readonly method: string;
}

const WITH_VIEWER_HOST = new Set(["Managed-AllViewer", "Managed-AllViewerAndCloudFrontHeaders-2022-06"]);
const MAX_DEPTH = 4;

/** A listener rule as the ALB evaluates it. */
interface Rule {
  readonly priority: number;
  readonly node: Node;
  readonly conditions: Record<string, any>[];
  readonly actions: Record<string, any>[];
}

export class CutoverSimulator {
  readonly graph: SynthGraph;

  constructor(stacks: SynthStacks) {
    this.graph = new SynthGraph(stacks);
  }

  /** Route 53 records named `host` (type A), across the zone as synthesized. */
  recordsFor(host: string): Node[] {
    const name = host.toLowerCase().replace(/\.$/, "");
    return this.graph.nodes("aws_route53_record").filter((r) => String(r.body.name).toLowerCase().replace(/\.$/, "") === name && r.body.type === "A");
  }

  /** Names with weighted records: the public hostnames the cutover moves. */
  publicHostnames(): string[] {
    const names = this.graph.nodes("aws_route53_record").filter((r) => block(r.body.weighted_routing_policy)).map((r) => String(r.body.name));
    return [...new Set(names)].sort();
  }

  /** What `method host path` does in the scenario: one outcome per DNS answer. */
  serve(request: Request, scenario: HealthScenario, depth = 0): Outcome[] {
    const records = this.recordsFor(request.host);
    if (records.length === 0 || depth > MAX_DEPTH) {
      return [{ share: 1, platform: "none", backend: { kind: "refused", reason: `${request.host} does not resolve` }, up: false, zeroWeight: false, via: [] }];
    }
    const candidates: Candidate<Node>[] = records.map((r) => ({
      weight: block(r.body.weighted_routing_policy) ? Number(block(r.body.weighted_routing_policy)!.weight) : 1,
      healthy: this.recordHealthy(r, scenario, depth),
      value: r,
    }));
    return weightedAnswers(candidates).map((answer) => {
      const record = answer.value;
      const setId = record.body.set_identifier as string | undefined;
      const dns = `dns:${request.host}${setId ? ` ${setId}` : ""}${answer.zeroWeight ? " (weight 0)" : ""}`;
      const rest = this.followAlias(record, request, scenario);
      return { ...rest, share: answer.share * rest.share, zeroWeight: answer.zeroWeight, record: setId, via: [dns, ...rest.via] };
    });
  }

  /** Whether Route 53 counts a record healthy (route53.ts, Candidate.healthy). */
  recordHealthy(record: Node, scenario: HealthScenario, depth = 0): boolean {
    let healthy = true;
    if (record.body.health_check_id !== undefined) {
      const check = this.graph.nodeOf(record.stack, record.body.health_check_id);
      healthy = check ? this.healthCheckHealthy(check, scenario, depth) : true;
    }
    const alias = block(record.body.alias);
    if (alias?.evaluate_target_health === true) healthy = healthy && this.aliasTargetHealthy(record, scenario);
    return healthy;
  }

  private aliasTargetHealthy(record: Node, scenario: HealthScenario): boolean {
    const target = this.graph.nodeOf(record.stack, block(record.body.alias)!.name);
    if (target === undefined) return scenario.legacy; // outside the synth: the legacy load balancer
    if (target.type === "aws_lb") return scenario.edge;
    return true; // CloudFront cannot be evaluated; Route 53 treats it as healthy
  }

  /** A Route 53 health check's status in the scenario. */
  healthCheckHealthy(check: Node, scenario: HealthScenario, depth = 0): boolean {
    const body = check.body;
    switch (body.type) {
      case "CALCULATED": {
        const children = (body.child_healthchecks ?? []) as unknown[];
        const healthy = children.filter((c) => {
          const child = this.graph.nodeOf(check.stack, c);
          return child ? this.healthCheckHealthy(child, scenario, depth) : true;
        }).length;
        return applyInvert(healthy >= Number(body.child_health_threshold ?? children.length), body.invert_healthcheck);
      }
      case "CLOUDWATCH_METRIC": {
        const alarm = this.graph.nodeOf(check.stack, body.cloudwatch_alarm_name) ??
          this.graph.nodes("aws_cloudwatch_metric_alarm").find((a) => a.body.alarm_name === body.cloudwatch_alarm_name);
        return applyInvert(alarm ? !this.alarmFiring(alarm, scenario) : true, body.invert_healthcheck);
      }
      case "HTTP":
      case "HTTPS":
      case "HTTPS_STR_MATCH":
      case "HTTP_STR_MATCH": {
        const outcomes = this.serve({ host: String(body.fqdn), path: String(body.resource_path ?? "/"), method: "GET" }, scenario, depth + 1);
        const ok = outcomes.every((o) => o.up && (o.backend.kind !== "fixed" || o.backend.status < 400) && o.backend.kind !== "refused");
        return applyInvert(ok, body.invert_healthcheck);
      }
      default:
        return true;
    }
  }

  /** Whether an alarm is in ALARM in the scenario: its subject (a target group's service, a DMS task) is unhealthy. */
  alarmFiring(alarm: Node, scenario: HealthScenario): boolean {
    const dimensions = (alarm.body.dimensions ?? {}) as Record<string, unknown>;
    if (dimensions.TargetGroup !== undefined) {
      const service = this.serviceOfTargetGroup(this.graph.nodeOf(alarm.stack, dimensions.TargetGroup));
      return service !== undefined && scenario.services[service.name] === false;
    }
    if (dimensions.ReplicationTaskIdentifier !== undefined) {
      return scenario.replication[String(dimensions.ReplicationTaskIdentifier)] === false;
    }
    return false;
  }

  private followAlias(record: Node, request: Request, scenario: HealthScenario): Omit<Outcome, "zeroWeight"> {
    const alias = block(record.body.alias);
    const target = alias ? this.graph.nodeOf(record.stack, alias.name) : undefined;
    if (target?.type === "aws_cloudfront_distribution") return this.viaCloudFront(target, request, scenario);
    if (target?.type === "aws_lb") return this.viaAlb(target, request, request.host, [], scenario, ["alb"]);
    const name = alias ? String(alias.name) : String((record.body.records ?? [])[0] ?? "?");
    return this.legacy(name, request, scenario, []);
  }

  private legacy(target: string, request: Request, scenario: HealthScenario, via: string[]): Omit<Outcome, "zeroWeight"> {
    const up = scenario.legacy;
    return {
      share: 1,
      platform: "legacy",
      backend: { kind: "legacy", target },
      up,
      writesTo: up && isWrite(request.method) ? LEGACY_DATABASE : undefined,
      via: [...via, `legacy:${target}`],
    };
  }

  private viaCloudFront(distribution: Node, request: Request, scenario: HealthScenario): Omit<Outcome, "zeroWeight"> {
    const body = distribution.body;
    const refused = (reason: string, via: string[]) => ({ share: 1, platform: "new" as const, backend: { kind: "refused" as const, reason }, up: false, via });
    const aliases = ((body.aliases ?? []) as string[]).map((a) => a.toLowerCase());
    if (!aliases.includes(request.host.toLowerCase())) return refused(`CloudFront 403: ${request.host} is not an alternate domain name`, ["cloudfront"]);
    // Ordered behaviours first, in their order; the default behaviour takes what none matches.
    const ordered = blocks(body.ordered_cache_behavior);
    const behaviour = ordered.find((b) => globMatches(cloudFrontPattern(String(b.path_pattern)), request.path)) ?? block(body.default_cache_behavior)!;
    const via = [`cloudfront:${behaviour.path_pattern ?? "default"}`];
    const allowed = (behaviour.allowed_methods ?? ["GET", "HEAD"]) as string[];
    if (!allowed.includes(request.method)) return refused(`CloudFront 403: ${request.method} not allowed on ${behaviour.path_pattern ?? "default"}`, via);
    if (!scenario.edge) return { share: 1, platform: "new", backend: { kind: "refused", reason: "edge down" }, up: false, via };
    const origin = blocks(body.origin).find((o) => o.origin_id === behaviour.target_origin_id);
    if (!origin) return refused(`no origin ${behaviour.target_origin_id}`, via);
    const originNode = this.graph.nodeOf(distribution.stack, origin.domain_name);
    if (originNode?.type === "aws_s3_bucket") {
      return { share: 1, platform: "new", backend: { kind: "static" }, up: true, via: [...via, "s3"] };
    }
    const domain = String(origin.domain_name);
    const headers = blocks(origin.custom_header).map((h) => ({ name: String(h.name), value: this.graph.identity(distribution.stack, h.value) }));
    const host = this.forwardsViewerHost(distribution, behaviour) ? request.host : domain;
    // A custom origin: a name in the synth (the ALB's origin record) or the legacy platform outside it.
    const originRecord = this.recordsFor(domain)[0];
    const lb = originRecord ? this.graph.nodeOf(originRecord.stack, block(originRecord.body.alias)?.name) : undefined;
    if (lb?.type === "aws_lb") return this.viaAlb(lb, request, host, headers, scenario, via);
    const legacy = this.legacy(domain, request, scenario, via);
    return { ...legacy, platform: "legacy" };
  }

  /** Whether CloudFront sends the viewer's Host to the origin (else the origin's domain name). */
  private forwardsViewerHost(distribution: Node, behaviour: Record<string, any>): boolean {
    if (behaviour.origin_request_policy_id === undefined) return false;
    const policy = this.graph.nodeOf(distribution.stack, behaviour.origin_request_policy_id);
    if (!policy) return false;
    if (policy.type === "data.aws_cloudfront_origin_request_policy") return WITH_VIEWER_HOST.has(String(policy.body.name));
    const headers = block(policy.body.headers_config);
    const items = (block(headers?.headers)?.items ?? []) as string[];
    return headers?.header_behavior === "allViewer" || (headers?.header_behavior === "whitelist" && items.some((i) => i.toLowerCase() === "host"));
  }

  private listenerRules(listener: Node): Rule[] {
    return this.graph
      .nodes("aws_lb_listener_rule")
      .filter((r) => sameNode(this.graph.nodeOf(r.stack, r.body.listener_arn), listener))
      .map((node) => ({ priority: Number(node.body.priority), node, conditions: blocks(node.body.condition), actions: blocks(node.body.action) }))
      .sort((a, b) => a.priority - b.priority);
  }

  private ruleMatches(rule: Rule, request: Request, host: string, headers: { name: string; value: string }[]): boolean {
    // Every condition must match; the values inside one condition are alternatives.
    return rule.conditions.every((c) => {
      const values = (v: unknown) => ((block(v)?.values ?? []) as unknown[]);
      if (c.path_pattern) return values(c.path_pattern).some((p) => globMatches(String(p), request.path));
      if (c.host_header) return values(c.host_header).some((p) => globMatches(String(p), host, true));
      if (c.http_request_method) return values(c.http_request_method).some((m) => m === request.method);
      if (c.http_header) {
        const h = block(c.http_header)!;
        const sent = headers.filter((s) => s.name.toLowerCase() === String(h.http_header_name).toLowerCase());
        return values(h).some((v) => sent.some((s) => s.value === this.graph.identity(rule.node.stack, v)));
      }
      return false; // a condition the model does not know never matches: the request falls through, visibly
    });
  }

  private viaAlb(lb: Node, request: Request, host: string, headers: { name: string; value: string }[], scenario: HealthScenario, via: string[]): Omit<Outcome, "zeroWeight"> {
    const listener = this.graph.nodes("aws_lb_listener").find((l) => sameNode(this.graph.nodeOf(l.stack, l.body.load_balancer_arn), lb) && Number(l.body.port) === 443);
    const base = { share: 1, platform: "new" as const };
    if (!listener) return { ...base, backend: { kind: "refused", reason: "no HTTPS listener" }, up: false, via };
    if (!scenario.edge) return { ...base, backend: { kind: "refused", reason: "edge down" }, up: false, via };
    const rule = this.listenerRules(listener).find((r) => this.ruleMatches(r, request, host, headers));
    const action = rule ? rule.actions[0] : block(listener.body.default_action)!;
    const hop = [...via, rule ? `alb:rule ${rule.priority}` : "alb:default"];
    if (action.type === "fixed-response") {
      const status = Number(block(action.fixed_response)?.status_code ?? 503);
      return { ...base, backend: { kind: "fixed", status, by: rule ? `rule ${rule.priority}` : "default action" }, up: true, via: hop };
    }
    if (action.type === "forward") {
      const owner = rule?.node ?? listener;
      const service = this.serviceOfTargetGroup(this.graph.nodeOf(owner.stack, action.target_group_arn ?? block(action.forward)?.target_group?.arn));
      if (!service) return { ...base, backend: { kind: "refused", reason: "target group without a service" }, up: false, via: hop };
      const up = scenario.services[service.name] !== false;
      const database = this.databaseOf(service.node);
      return {
        ...base,
        backend: { kind: "service", service: service.name, database },
        up,
        writesTo: up && database !== undefined && isWrite(request.method) ? database : undefined,
        via: [...hop, `service:${service.name}`],
      };
    }
    return { ...base, backend: { kind: "refused", reason: `ALB action ${action.type}` }, up: false, via: hop };
  }

  /** The ECS service registered in a target group. */
  serviceOfTargetGroup(targetGroup: Node | undefined): { name: string; node: Node } | undefined {
    if (!targetGroup) return undefined;
    const node = this.graph
      .nodes("aws_ecs_service")
      .find((s) => blocks(s.body.load_balancer).some((lb) => sameNode(this.graph.nodeOf(s.stack, lb.target_group_arn), targetGroup)));
    return node ? { name: String(node.body.name), node } : undefined;
  }

  /** The database a service writes to: its task definition's DB_HOST, followed to the RDS instance. */
  databaseOf(service: Node): string | undefined {
    const taskDefinition = this.graph.nodeOf(service.stack, service.body.task_definition);
    if (!taskDefinition) return undefined;
    const containers = JSON.parse(String(taskDefinition.body.container_definitions ?? "[]")) as { environment?: { name: string; value: string }[] }[];
    const host = containers.flatMap((c) => c.environment ?? []).find((e) => e.name === "DB_HOST");
    if (!host) return undefined;
    const db = this.graph.nodeOf(taskDefinition.stack, host.value);
    if (db?.type === "aws_db_instance") return `rds:${db.body.identifier ?? db.name}`;
    return `external:${host.value}`;
  }
}
