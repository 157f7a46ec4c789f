// The architecture picture, generated from the synthesized stacks: one box per phase (stack), inside it one box per
// tier, a node per key resource that EXISTS in the synth, the traffic path between them, and dashed edges for the
// cross-stack reads between phases. Rendered as Mermaid (GitHub draws it inline) and as Graphviz DOT (for an SVG).
import { spawnSync } from "node:child_process";
import type { EnvironmentConfig } from "../../config/schema";
import type { StackDependency } from "./dependencies";
import { isWeightedRecord, weightedRecordsOf } from "./cutover";
import { catalogNameOf, ECS_SERVICE_TYPE } from "./services";
import { byText, referencesIn, resourcesOf, type SynthBlock, type SynthStack } from "./synth-model";

export const TIERS = ["presentation", "application", "data", "network"] as const;
export type Tier = (typeof TIERS)[number];

export type NodeKind =
  | "dns-weighted"
  | "cloudfront"
  | "s3-static"
  | "alb"
  | "ecs-cluster"
  | "ecs-service"
  | "rds"
  | "dms"
  | "backup-vault"
  | "backup-vault-dr"
  | "vpc"
  | "legacy-lb"
  | "legacy-db"
  | "phase-summary";

export interface ArchNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Display lines: what it is, then which one. */
  readonly label: readonly string[];
  /** The stack that owns it; undefined for the legacy estate, which no stack manages. */
  readonly stack?: string;
  readonly tier?: Tier;
  /** For an ECS service: the catalog service it runs. */
  readonly service?: string;
}

export type EdgeKind = "traffic" | "runs-on" | "cross-stack";

export interface ArchEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface ArchGroup {
  /** Subgraph id. */
  readonly id: string;
  readonly label: string;
  /** The stack the group stands for; undefined for the legacy estate. */
  readonly stack?: string;
}

export interface ArchitectureGraph {
  readonly groups: readonly ArchGroup[];
  readonly nodes: readonly ArchNode[];
  readonly edges: readonly ArchEdge[];
}

const LEGACY_GROUP = "g_legacy";
const safeId = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
const groupIdOf = (stack: string) => safeId("g", stack);
const nodeIdOf = (block: SynthBlock, kind: NodeKind) => safeId("n", block.stack, kind, block.name);

/** Which key resource a block is, if any (S3 buckets only when a CloudFront origin serves them). */
function classify(block: SynthBlock, staticBuckets: ReadonlySet<string>, drRegion: string, drProviders: ReadonlySet<string>): { kind: NodeKind; tier: Tier } | undefined {
  const body = block.body;
  switch (block.type) {
    case "aws_cloudfront_distribution":
      return { kind: "cloudfront", tier: "presentation" };
    case "aws_s3_bucket":
      return staticBuckets.has(`${block.stack}/${block.address}`) ? { kind: "s3-static", tier: "presentation" } : undefined;
    case "aws_lb":
    case "aws_alb":
      return body.load_balancer_type === undefined || body.load_balancer_type === "application" ? { kind: "alb", tier: "application" } : undefined;
    case "aws_ecs_cluster":
      return { kind: "ecs-cluster", tier: "application" };
    case ECS_SERVICE_TYPE:
      return { kind: "ecs-service", tier: "application" };
    case "aws_db_instance":
    case "aws_rds_cluster":
      return { kind: "rds", tier: "data" };
    case "aws_backup_vault": {
      const inDr = body.region === drRegion || (typeof body.provider === "string" && drProviders.has(`${block.stack}/${body.provider}`));
      return { kind: inDr ? "backup-vault-dr" : "backup-vault", tier: "data" };
    }
    case "aws_vpc":
      return { kind: "vpc", tier: "network" };
    default:
      return undefined;
  }
}

/** `aws.<alias>` providers of a stack configured for the DR region. */
function drProvidersOf(stack: SynthStack, drRegion: string): string[] {
  return Object.entries(stack.document.provider ?? {}).flatMap(([type, configs]) =>
    (Array.isArray(configs) ? configs : [configs]).filter((c) => c.alias && c.region === drRegion).map((c) => `${stack.id}/${type}.${String(c.alias)}`),
  );
}

function labelFor(kind: NodeKind, block: SynthBlock, config: EnvironmentConfig): string[] {
  const names = config.services.map((s) => s.name);
  const literal = (v: unknown) => (typeof v === "string" && !v.includes("${") ? v : undefined);
  switch (kind) {
    case "cloudfront":
      return ["CloudFront", block.path];
    case "s3-static":
      return ["S3 static assets", block.path];
    case "alb":
      return ["Application Load Balancer", block.path];
    case "ecs-cluster":
      return ["ECS cluster", block.path];
    case "ecs-service":
      return [`service: ${catalogNameOf(block, names) ?? block.path}`];
    case "rds": {
      const engine = literal(block.body.engine);
      return [`RDS${engine ? ` ${engine}` : ""}${block.body.multi_az === true ? " (Multi-AZ)" : ""}`, block.path];
    }
    case "backup-vault":
      return ["Backup vault", block.path];
    case "backup-vault-dr":
      return [`Backup vault (DR ${config.drRegion})`, block.path];
    case "vpc":
      return ["VPC", literal(block.body.cidr_block) ?? block.path];
    default:
      return [block.path];
  }
}

/** Uniform weight per side (legacy / new) across the weighted records, for the DNS edge labels. */
function weightLabel(stacks: readonly SynthStack[], side: "legacy" | "new"): string {
  const weights = new Set(
    weightedRecordsOf(stacks)
      .filter((r) => /legacy/i.test(r.setIdentifier) === (side === "legacy"))
      .map((r) => r.weight),
  );
  return weights.size === 1 ? `${side} ${[...weights][0]}` : side;
}

export function architectureOf(stacks: readonly SynthStack[], config: EnvironmentConfig, dependencies: readonly StackDependency[]): ArchitectureGraph {
  const blocks = stacks.flatMap(resourcesOf);
  const distributions = blocks.filter((b) => b.type === "aws_cloudfront_distribution");
  const staticBuckets = new Set(
    distributions.flatMap((d) =>
      referencesIn(d.body.origin)
        .filter((ref) => ref.startsWith("aws_s3_bucket."))
        .map((ref) => `${d.stack}/${ref.split(".").slice(0, 2).join(".")}`),
    ),
  );
  const drProviders = new Set(stacks.flatMap((s) => drProvidersOf(s, config.drRegion)));

  const nodes: ArchNode[] = [];
  const byKind = (kind: NodeKind) => nodes.filter((n) => n.kind === kind);
  for (const block of blocks) {
    const found = classify(block, staticBuckets, config.drRegion, drProviders);
    if (!found) continue;
    const service = found.kind === "ecs-service" ? catalogNameOf(block, config.services.map((s) => s.name)) : undefined;
    nodes.push({ id: nodeIdOf(block, found.kind), kind: found.kind, tier: found.tier, stack: block.stack, label: labelFor(found.kind, block, config), service });
  }
  for (const stack of stacks) {
    const stackBlocks = resourcesOf(stack);
    const records = stackBlocks.filter(isWeightedRecord);
    if (records.length > 0) {
      const hostnames = new Set(records.map((r) => String(r.body.name)));
      nodes.push({ id: safeId("n", stack.id, "dns-weighted"), kind: "dns-weighted", tier: "presentation", stack: stack.id, label: ["Route 53 weighted records", `${hostnames.size} hostname(s)`] });
    }
    const dms = stackBlocks.filter((b) => b.type.startsWith("aws_dms_replication_"));
    if (dms.length > 0) {
      const task = dms.find((b) => b.type === "aws_dms_replication_task");
      nodes.push({ id: safeId("n", stack.id, "dms"), kind: "dms", tier: "data", stack: stack.id, label: [task ? "DMS replication task" : "DMS replication instance", (task ?? dms[0]).path] });
    }
  }
  if (byKind("dns-weighted").length > 0) {
    nodes.push({ id: "n_legacy_lb", kind: "legacy-lb", label: ["Legacy load balancer", config.legacy.loadBalancer.dnsName] });
  }
  if (byKind("dms").length > 0) {
    nodes.push({ id: "n_legacy_db", kind: "legacy-db", label: ["Legacy database", config.dataMigration?.sourceHost ?? "source endpoint"] });
  }

  const groups: ArchGroup[] = [];
  if (nodes.some((n) => n.stack === undefined)) groups.push({ id: LEGACY_GROUP, label: "Legacy estate (not managed here)" });
  for (const stack of stacks) {
    groups.push({ id: groupIdOf(stack.id), label: stack.phase ? `${stack.phase}: ${stack.id}` : stack.id, stack: stack.id });
    if (!nodes.some((n) => n.stack === stack.id)) {
      const count = resourcesOf(stack).length;
      nodes.push({ id: safeId("n", stack.id, "phase-summary"), kind: "phase-summary", stack: stack.id, label: [`${count} resource(s)`, "no key resources"] });
    }
  }

  const edges: ArchEdge[] = [];
  const connect = (from: NodeKind, to: NodeKind, kind: EdgeKind, label?: string) => {
    for (const a of byKind(from)) for (const b of byKind(to)) edges.push({ from: a.id, to: b.id, kind, label });
  };
  connect("dns-weighted", "cloudfront", "traffic", weightLabel(stacks, "new"));
  connect("dns-weighted", "legacy-lb", "traffic", weightLabel(stacks, "legacy"));
  connect("cloudfront", "alb", "traffic", "origin");
  connect("cloudfront", "s3-static", "traffic", "static assets");
  if (byKind("ecs-service").length > 0) connect("alb", "ecs-service", "traffic");
  else connect("alb", "ecs-cluster", "traffic");
  connect("ecs-service", "ecs-cluster", "runs-on", "runs on");
  const databaseUsers = new Set(config.services.filter((s) => s.usesDatabase).map((s) => s.name));
  for (const service of byKind("ecs-service").filter((n) => n.service !== undefined && databaseUsers.has(n.service))) {
    for (const db of byKind("rds")) edges.push({ from: service.id, to: db.id, kind: "traffic" });
  }
  connect("legacy-db", "dms", "traffic", "full load + CDC");
  connect("dms", "rds", "traffic", "replicates into");
  connect("backup-vault", "backup-vault-dr", "traffic", "copy to DR region");
  const known = new Set(stacks.map((s) => s.id));
  for (const dep of dependencies.filter((d) => d.producerKnown && known.has(d.consumer))) {
    edges.push({ from: groupIdOf(dep.producer), to: groupIdOf(dep.consumer), kind: "cross-stack", label: `${dep.outputs.length} output(s)` });
  }

  const order = new Map<string, number>(groups.map((g, i) => [g.stack ?? "", i]));
  const nodeRank = (n: ArchNode) => [order.get(n.stack ?? "") ?? 0, n.tier ? TIERS.indexOf(n.tier) : -1] as const;
  nodes.sort((a, b) => nodeRank(a)[0] - nodeRank(b)[0] || nodeRank(a)[1] - nodeRank(b)[1] || byText(a.id, b.id));
  const edgeKindRank: Record<EdgeKind, number> = { traffic: 0, "runs-on": 1, "cross-stack": 2 };
  // Cross-stack edges keep the dependencies' apply order (a stable sort); the rest go by node id.
  edges.sort((a, b) => edgeKindRank[a.kind] - edgeKindRank[b.kind] || (a.kind === "cross-stack" ? 0 : byText(a.from, b.from) || byText(a.to, b.to)));
  return { groups, nodes, edges };
}

// ---- rendering ---------------------------------------------------------------------------------------------------

/** Nodes of a group, by tier (tierless nodes first), as [tier or undefined, nodes] pairs. */
function tiersOf(graph: ArchitectureGraph, group: ArchGroup): [Tier | undefined, ArchNode[]][] {
  const members = graph.nodes.filter((n) => n.stack === group.stack);
  return [undefined, ...TIERS]
    .map((tier): [Tier | undefined, ArchNode[]] => [tier, members.filter((n) => n.tier === tier)])
    .filter(([, list]) => list.length > 0);
}

const mermaidText = (text: string) => text.replace(/"/g, "#quot;");

export function toMermaid(graph: ArchitectureGraph): string {
  const lines = ["flowchart TB"];
  const node = (n: ArchNode, indent: string) => `${indent}${n.id}["${n.label.map(mermaidText).join("<br/>")}"]`;
  for (const group of graph.groups) {
    lines.push(`  subgraph ${group.id}["${mermaidText(group.label)}"]`);
    for (const [tier, members] of tiersOf(graph, group)) {
      if (!tier) {
        lines.push(...members.map((n) => node(n, "    ")));
        continue;
      }
      lines.push(`    subgraph ${group.id}_${tier}["${tier}"]`, ...members.map((n) => node(n, "      ")), "    end");
    }
    lines.push("  end");
  }
  for (const e of graph.edges) {
    const label = e.label ? `|"${mermaidText(e.label)}"|` : "";
    const arrow = e.kind === "cross-stack" ? "-.->" : e.kind === "runs-on" ? "---" : "-->";
    lines.push(`  ${e.from} ${arrow}${label} ${e.to}`);
  }
  if (graph.groups.some((g) => g.id === LEGACY_GROUP)) {
    lines.push("  classDef legacy fill:#f4f4f4,stroke:#999,stroke-dasharray:4 3", `  class ${graph.nodes.filter((n) => !n.stack).map((n) => n.id).join(",")} legacy`);
  }
  return `${lines.join("\n")}\n`;
}

const dotText = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

export function toDot(graph: ArchitectureGraph): string {
  const lines = [
    "digraph architecture {",
    '  graph [rankdir=TB, compound=true, fontname="Helvetica", fontsize=11];',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const node = (n: ArchNode, indent: string) => `${indent}${n.id} [label="${n.label.map(dotText).join("\\n")}"${n.stack ? "" : ", style=\"rounded,dashed\""}];`;
  const anchors = new Map<string, string>();
  for (const group of graph.groups) {
    lines.push(`  subgraph cluster_${group.id} {`, `    label="${dotText(group.label)}";${group.stack ? "" : " style=dashed;"}`);
    for (const [tier, members] of tiersOf(graph, group)) {
      if (!anchors.has(group.id)) anchors.set(group.id, members[0].id);
      if (!tier) {
        lines.push(...members.map((n) => node(n, "    ")));
        continue;
      }
      lines.push(`    subgraph cluster_${group.id}_${tier} {`, `      label="${tier}";`, ...members.map((n) => node(n, "      ")), "    }");
    }
    lines.push("  }");
  }
  for (const e of graph.edges) {
    const attrs = e.label ? [`label="${dotText(e.label)}"`] : [];
    if (e.kind === "cross-stack") {
      // constraint=false: a cross-stack read runs in apply order, while the DNS traffic of the last phase runs back to
      // the first; as ranking constraints the two pull the same node pair together and Graphviz draws both edges,
      // and their labels, on one line.
      const layout = ["style=dashed", "constraint=false", `ltail=cluster_${e.from}`, `lhead=cluster_${e.to}`];
      lines.push(`  ${anchors.get(e.from)} -> ${anchors.get(e.to)} [${[...attrs, ...layout].join(", ")}];`);
    } else {
      lines.push(`  ${e.from} -> ${e.to}${e.kind === "runs-on" || attrs.length ? ` [${[...attrs, ...(e.kind === "runs-on" ? ["dir=none"] : [])].join(", ")}]` : ""};`);
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** SVG from DOT through Graphviz; undefined when `dot` is not installed. */
export function renderSvg(dot: string, dotCommand = "dot"): string | undefined {
  const run = spawnSync(dotCommand, ["-Tsvg"], { input: dot, encoding: "utf8" });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return undefined;
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${dotCommand} -Tsvg failed (exit ${run.status}): ${run.stderr.trim()}`);
  return run.stdout;
}
