// The paths the platform promises, from the environment's config: which must exist and which must not. The tests
// assert every one over the synthesized stacks, and `npm run report` prints them with their hops.
import type { EnvironmentConfig } from "../../config/schema";
import type { SynthStacks } from "../cutover/synth-graph";
import { ALL_PORTS, cidr, type Ports } from "./addresses";
import { ReachabilityAnalyzer, type Endpoint, type PathResult, type Query } from "./analyze";
import { networkModel, type Placement } from "./network-model";

export interface PathCheck {
  /** e.g. `DMS -> legacy database 172.16.0.0/16 tcp 5432` */
  readonly name: string;
  readonly expectation: "exists" | "absent";
  readonly query: Query;
}

export interface PathVerdict extends PathCheck {
  readonly result: PathResult;
  /** The expectation holds. */
  readonly ok: boolean;
}

/** AWS APIs an ECS host's agent and a task need, each by interface endpoint or NAT; S3 holds the image layers. */
export const TASK_SERVICE_APIS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "s3"] as const;

const tcp = (from: Endpoint, to: Endpoint, ports: Ports, mode: "must" | "may"): Query => ({ from, to, protocol: "tcp", ports, mode });
const at = (placement: Placement): Endpoint => ({ kind: "placement", placement });
const port = (p: number): Ports => ({ from: p, to: p });

/** The required and forbidden paths of one environment, over its synthesized stacks. */
export function platformPaths(stacks: SynthStacks, config: EnvironmentConfig): { analyzer: ReachabilityAnalyzer; checks: PathCheck[] } {
  const analyzer = new ReachabilityAnalyzer(networkModel(stacks));
  const placements = analyzer.model.placements;
  const of = (kind: Placement["kind"]) => placements.filter((p) => p.kind === kind);
  /** The one placement of a kind; a stand-in with no subnets when the synth has none, so its required paths fail. */
  const one = (kind: Placement["kind"], name: string): Placement =>
    of(kind)[0] ?? { name: `${name} (not in the synthesized stacks)`, kind, subnets: [], securityGroups: [], publicAddress: false };
  const checks: PathCheck[] = [];
  const must = (name: string, query: Query) => checks.push({ name, expectation: "exists", query });
  const mustNot = (name: string, query: Query) => checks.push({ name, expectation: "absent", query });

  const db = config.database;
  const database = of("database")[0] as Placement | undefined;
  const dms = one("dms", "DMS");
  const services = of("service");
  const legacy = config.legacy.network;
  const migrating = config.dataMigration !== undefined && !config.dataMigration.retire;
  const internet: Endpoint = { kind: "network", name: "internet", addresses: { kind: "internet" }, via: "internet" };

  // Required: the data path.
  if (migrating) {
    const source = config.dataMigration!;
    for (const range of legacy?.cidrs ?? []) {
      must(`DMS -> legacy database (${range}) tcp ${source.sourcePort}`, tcp(at(dms), { kind: "network", name: "legacy network", addresses: { kind: "cidr", cidr: cidr(range) }, via: "link" }, port(source.sourcePort), "must"));
    }
    if (database) must(`DMS -> RDS tcp ${db.port}`, tcp(at(dms), at(database), port(db.port), "must"));
    must("DMS -> Secrets Manager API tcp 443", tcp(at(dms), { kind: "aws-service", service: "secretsmanager" }, port(443), "must"));
  }
  if (legacy?.dns.type === "forward") {
    const resolver = one("resolver-endpoint", "DNS resolver endpoint");
    for (const ip of legacy.dns.targetIps) {
      for (const protocol of ["udp", "tcp"] as const) {
        checks.push({
          name: `DNS resolver endpoint -> legacy resolver ${ip} ${protocol} 53`,
          expectation: "exists",
          query: { from: at(resolver), to: { kind: "network", name: "legacy resolver", addresses: { kind: "cidr", cidr: cidr(`${ip}/32`) }, via: "link" }, protocol, ports: port(53), mode: "must" },
        });
      }
    }
  }
  const usesDatabase = new Set(config.services.filter((s) => s.usesDatabase).map((s) => `service ${s.name}`));
  for (const service of services) {
    if (database && usesDatabase.has(service.name)) must(`${service.name} -> RDS tcp ${db.port}`, tcp(at(service), at(database), port(db.port), "must"));
  }
  // Services reach the legacy network only on the ports config opens for them (legacy.network.applicationPorts).
  for (const range of legacy?.cidrs ?? []) {
    const legacyNet: Endpoint = { kind: "network", name: "legacy network", addresses: { kind: "cidr", cidr: cidr(range) }, via: "link" };
    for (const service of services) {
      for (const p of legacy!.applicationPorts) must(`${service.name} -> legacy network (${range}) tcp ${p}`, tcp(at(service), legacyNet, port(p), "must"));
      if (legacy!.applicationPorts.length === 0) mustNot(`${service.name} -> legacy network (${range}) tcp any port`, tcp(at(service), legacyNet, ALL_PORTS, "may"));
    }
  }

  // Required: the application path and what ECS needs to start and run tasks.
  for (const alb of of("load-balancer")) {
    must(`internet (CloudFront) -> ${alb.name} tcp 443`, tcp(internet, at(alb), port(443), "may"));
    for (const service of services) {
      const svc = config.services.find((s) => `service ${s.name}` === service.name);
      if (svc) must(`${alb.name} -> ${service.name} tcp ${svc.port}`, tcp(at(alb), at(service), port(svc.port), "must"));
    }
  }
  for (const consumer of [...of("ecs-hosts"), ...services]) {
    for (const api of TASK_SERVICE_APIS) must(`${consumer.name} -> AWS ${api} API tcp 443`, tcp(at(consumer), { kind: "aws-service", service: api }, port(443), "must"));
  }

  // Forbidden: nothing from the internet but the load balancer; nothing from the legacy network at all (DMS and the
  // resolver start every connection; the legacy side opens nothing here). Every port, both protocols.
  for (const placement of placements) {
    for (const protocol of ["tcp", "udp"] as const) {
      if (placement.kind !== "load-balancer") {
        mustNot(`internet -> ${placement.name} ${protocol} any port`, { from: internet, to: at(placement), protocol, ports: ALL_PORTS, mode: "may" });
      }
      for (const range of legacy?.cidrs ?? []) {
        mustNot(`legacy network (${range}) -> ${placement.name} ${protocol} any port`, {
          from: { kind: "network", name: "legacy network", addresses: { kind: "cidr", cidr: cidr(range) }, via: "link" },
          to: at(placement),
          protocol,
          ports: ALL_PORTS,
          mode: "may",
        });
      }
    }
  }
  return { analyzer, checks };
}

/** Runs every check. */
export function verdicts(stacks: SynthStacks, config: EnvironmentConfig): PathVerdict[] {
  const { analyzer, checks } = platformPaths(stacks, config);
  return checks.map((check) => {
    const result = analyzer.check(check.query);
    return { ...check, result, ok: result.reachable === (check.expectation === "exists") };
  });
}
