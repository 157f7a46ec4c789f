// The plan-ready review report: a pure function of a synthesized app directory and the environment's validated
// config (plus, optionally, the guardrail suppressions collected from the built app). Everything is sorted and
// nothing depends on time or on where the files are, so two runs over the same commit are byte-identical and
// the report diffs cleanly between commits.
import type { EnvironmentConfig } from "../../config/schema";
import { architectureOf, toMermaid, type ArchitectureGraph } from "./architecture";
import { cutoverWeights, type CutoverReport, type HostnameCutover } from "./cutover";
import { crossStackDependencies, type StackDependency } from "./dependencies";
import { STAGE_PLANS } from "../../config/cutover-stages";
import { CutoverSimulator } from "../../models/cutover/simulate";
import { summarizeCutover, type CutoverSummary } from "../../models/cutover/summary";
import { reachabilityLines, reachabilityOf, shortHop, type ReachabilityReport } from "./reachability";
import { servicesPerPhase, type ServicesReport } from "./services";
import { sortSuppressions, type Suppression } from "./suppressions";
import { backendOf, dataSourcesOf, readSynth, resourceCounts, resourcesOf, type SynthStack } from "./synth-model";

export interface Review {
  readonly environment: string;
  readonly stacks: readonly SynthStack[];
  readonly dependencies: readonly StackDependency[];
  readonly services: ServicesReport;
  readonly cutover: CutoverReport;
  /** The cutover simulator on these stacks, for the configured stage (models/cutover). */
  readonly simulation: CutoverSummary;
  /** The reachability check's verdicts (models/reachability). */
  readonly reachability: ReachabilityReport;
  readonly suppressions: readonly Suppression[];
  readonly architecture: ArchitectureGraph;
}

/** Reads the synth once and derives every section from it. */
export function reviewOf(synthDir: string, config: EnvironmentConfig, suppressions: readonly Suppression[] = []): Review {
  const stacks = readSynth(synthDir);
  const dependencies = crossStackDependencies(stacks);
  return {
    environment: config.environment,
    stacks,
    dependencies,
    services: servicesPerPhase(stacks, config),
    cutover: cutoverWeights(stacks, config),
    simulation: summarizeCutover(new CutoverSimulator(Object.fromEntries(stacks.map((s) => [s.id, s.document]))), STAGE_PLANS[config.cutover.stage].dataOwner),
    reachability: reachabilityOf(stacks, config),
    suppressions: sortSuppressions(suppressions),
    architecture: architectureOf(stacks, config, dependencies),
  };
}

// ---- markdown helpers ---------------------------------------------------------------------------------------------

const cell = (text: string | number) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
function table(header: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly ("l" | "r")[]): string[] {
  const rule = header.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  return [`| ${header.join(" | ")} |`, `| ${rule.join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}
const phaseLabel = (s: SynthStack) => s.phase ?? "(no phase)";

/** `a, b, c +2 more` */
function some(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} +${items.length - max} more`;
}

// ---- sections -------------------------------------------------------------------------------------------------------

function stacksSection(review: Review): string[] {
  const rows = review.stacks.map((s) => {
    const backend = backendOf(s);
    return [code(s.id), phaseLabel(s), backend.type, code(backend.state), resourcesOf(s).length, dataSourcesOf(s).length, Object.keys(s.document.output ?? {}).length];
  });
  return [
    "## Stacks",
    "",
    "In apply order. Each stack has its own state; a later phase reads an earlier one's state (never the reverse).",
    "",
    ...table(["stack", "phase", "backend", "state", "resources", "data sources", "outputs"], rows, ["l", "l", "l", "l", "r", "r", "r"]),
  ];
}

function resourcesSection(review: Review): string[] {
  const counts = review.stacks.map((s) => new Map(resourceCounts(s)));
  const types = [...new Set(counts.flatMap((c) => [...c.keys()]))].sort();
  const rows = types.map((type) => {
    const perStack = counts.map((c) => c.get(type) ?? 0);
    return [code(type), ...perStack.map((n) => (n === 0 ? "" : n)), perStack.reduce((a, b) => a + b, 0)];
  });
  const totals = counts.map((c) => [...c.values()].reduce((a, b) => a + b, 0));
  rows.push(["**total**", ...totals, totals.reduce((a, b) => a + b, 0)]);
  return ["## Resources by type", "", ...table(["type", ...review.stacks.map(phaseLabel), "total"], rows, ["l", ...review.stacks.map(() => "r" as const), "r"])];
}

function dependenciesSection(review: Review): string[] {
  const lines = ["## Cross-stack dependencies", ""];
  if (review.dependencies.length === 0) return [...lines, "none: no stack reads another stack's state."];
  const problems = review.dependencies.flatMap((d) => [
    ...(d.producerKnown ? [] : [`${code(d.consumer)} reads a state no synthesized stack writes (${code(d.producer)}).`]),
    ...(d.readsLaterPhase ? [`${code(d.consumer)} reads ${code(d.producer)}, a LATER phase: the phases could no longer be applied in order.`] : []),
    ...d.outputs.filter((o) => o.missing).map((o) => `${code(d.consumer)} reads output ${code(o.output)} that ${code(d.producer)} does not define.`),
  ]);
  lines.push(
    "Each row: the consumer reads these outputs from the producer's state, so the producer must be applied first.",
    "",
    ...table(
      ["consumer", "reads from", "outputs", "remote state"],
      review.dependencies.map((d) => [code(d.consumer), code(d.producer), d.outputs.length, `${code(d.remoteState)} (${d.backend})`]),
      ["l", "l", "r", "l"],
    ),
  );
  if (problems.length > 0) lines.push("", "**Problems:**", "", ...problems.map((p) => `- ${p}`));
  for (const d of review.dependencies) {
    lines.push(
      "",
      `### ${d.consumer} reads ${d.producer}`,
      "",
      ...table(
        ["producer attribute", "construct path", "output", "read by"],
        d.outputs.map((o) => [code(o.attribute), o.producerPath ? code(o.producerPath) : "", code(o.output) + (o.missing ? " (missing!)" : ""), some(o.readBy.map(code))]),
      ),
    );
  }
  return lines;
}

function servicesSection(review: Review): string[] {
  const { placements, uncatalogued } = review.services;
  const lines = ["## Services per phase", "", "From the catalog (`services[].phase`), checked against the `aws_ecs_service` resources in the synth.", ""];
  if (placements.length === 0) lines.push("none: the catalog is empty.");
  else {
    lines.push(
      ...table(
        ["phase", "service", "stack", "status", "ECS service", "database"],
        placements.map((p) => [p.phase, code(p.service), code(p.stack), p.status, p.ecsService ? code(p.ecsService) : "", p.usesDatabase ? "yes" : ""]),
      ),
    );
  }
  if (uncatalogued.length > 0) lines.push("", "ECS services the catalog does not list:", "", ...uncatalogued.map((u) => `- ${code(u)}`));
  return lines;
}

function synthesizedWeights(h: HostnameCutover, golive: boolean): string {
  if (h.records.length === 0) return golive ? "no weighted records" : "golive not synthesized";
  return h.records.map((r) => `${r.setIdentifier} ${r.weight}`).join(", ");
}

/** The synthesized records disagree with the stage (a weight differs, or a record the stage has no place for). */
function weightsDisagree(h: HostnameCutover): boolean {
  return h.records.some((r) => {
    const expected = /legacy/i.test(r.setIdentifier) ? h.expected.legacy : h.expected.new;
    return expected === undefined || (/^\d+$/.test(r.weight) && Number(r.weight) !== expected);
  });
}

const weightCell = (w: number | undefined) => (w === undefined ? "no record" : String(w));

function cutoverSection(review: Review): string[] {
  const { hostnames, otherRecords, stage, summary } = review.cutover;
  const golive = review.stacks.some((s) => s.phase === "golive");
  const lines = [
    "## Cutover weights",
    "",
    `Stage \`${stage}\` (config \`cutover.stage\`): ${summary}. Route 53 weights per public hostname (docs/golive.md, "Stages").`,
    "",
  ];
  if (hostnames.length === 0) lines.push("none: no hostnames are configured for cutover.");
  else {
    lines.push(
      ...table(
        ["hostname", "new record", "legacy record", "synthesized records", "adopt existing record"],
        hostnames.map((h) => [code(h.hostname), weightCell(h.expected.new), weightCell(h.expected.legacy), synthesizedWeights(h, golive) + (weightsDisagree(h) ? " (differs from config!)" : ""), h.adoptExistingRecord === "swapped" ? "yes (swapped)" : h.adoptExistingRecord ? "yes" : "no"]),
        ["l", "r", "r", "l", "l"],
      ),
    );
  }
  if (otherRecords.length > 0) {
    lines.push("", "Weighted records for other names:", "", ...otherRecords.map((r) => `- ${code(r.name)} ${r.setIdentifier} ${r.weight} (${code(`${r.stack}: ${r.address}`)})`));
  }
  return lines;
}

function suppressionsSection(review: Review): string[] {
  const lines = ["## Guardrail suppressions", ""];
  if (review.suppressions.length === 0) return [...lines, "none"];
  return [...lines, ...table(["resource", "rule", "reason"], review.suppressions.map((s) => [code(s.path), code(s.id), s.reason]))];
}

function architectureSection(review: Review): string[] {
  return [
    "## Architecture",
    "",
    "Generated from the synthesized stacks: only resources that exist are drawn. Solid arrows are traffic, dashed arrows are cross-stack reads (producer to consumer).",
    "",
    "```mermaid",
    toMermaid(review.architecture).trimEnd(),
    "```",
  ];
}

export function renderReport(review: Review): string {
  const sections = [
    [`# Review report: ${review.environment}`, "", `${review.stacks.length} stack(s), generated from the synthesized Terraform and the ${review.environment} environment file.`],
    stacksSection(review),
    resourcesSection(review),
    dependenciesSection(review),
    servicesSection(review),
    cutoverSection(review),
    simulationSection(review),
    reachabilitySection(review),
    suppressionsSection(review),
    architectureSection(review),
  ];
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}

function simulationSection(review: Review): string[] {
  const sim = review.simulation;
  const hosts = Object.keys(sim.rows[0]?.answers ?? {});
  return [
    "## Cutover simulation",
    "",
    `The cutover simulator (models/cutover) on these stacks in stage \`${review.cutover.stage}\`: Route 53's weighted and health-check rules, CloudFront's behaviours, the ALB's rules and each service's database. ` +
      `Exhaustively: ${sim.scenarios} health scenarios x ${sim.requests} public requests, **${sim.violations} violation(s)** (zero-weight leak, write to the new database before the data cutover, writes in two databases, failback to legacy after it, unserved request).`,
    "",
    ...table(
      ["scenario", ...hosts.map(code), "writes go to", "unserved", "violations"],
      sim.rows.map((r) => [r.scenario, ...hosts.map((h) => r.answers[h]), r.writesTo.join(", ") || "nowhere", r.unserved, r.violations]),
    ),
    "",
    "Times, from the synthesized health checks, alarms and the alias TTL:",
    "",
    ...sim.timings.map((t) => `- ${t.what}: **${t.seconds} s** (${t.how})`),
  ];
}

function reachabilitySection(review: Review): string[] {
  const { required, forbidden } = review.reachability;
  const lines = [
    "## Network paths",
    "",
    "The reachability check (models/reachability) over these stacks: subnets, route tables and targets, NACLs and security groups, as AWS Reachability Analyzer follows them. Required paths must exist from every subnet of the source to every subnet of the destination.",
    "",
    ...table(
      ["path", "holds", "hops"],
      required.map((v) => [v.name, v.ok ? "yes" : "**no**", v.ok ? v.result.hops.map(shortHop).join(" → ") : String(v.result.blockedAt)]),
    ),
    "",
    `Forbidden paths checked absent (any address, any port, TCP and UDP): ${forbidden.filter((v) => v.ok).length} of ${forbidden.length}.`,
  ];
  for (const v of forbidden.filter((f) => !f.ok)) lines.push(`- **exists**: ${v.name}: ${v.result.hops.map(shortHop).join(" → ")}`);
  return lines;
}

/** The few lines the CLI prints. */
export function renderShortReport(review: Review): string {
  const width = Math.max(5, ...review.stacks.map((s) => s.id.length));
  const phaseWidth = Math.max(5, ...review.stacks.map((s) => phaseLabel(s).length));
  const row = (a: string, b: string, c: string, d: string, e: string) => `  ${a.padEnd(width)}  ${b.padEnd(phaseWidth)}  ${c.padStart(9)}  ${d.padEnd(7)}  ${e}`;
  const { placements } = review.services;
  const byPhase = [...new Set(placements.map((p) => p.phase))].map((phase) => {
    const list = placements.filter((p) => p.phase === phase);
    const synthesized = list.filter((p) => p.status === "synthesized").length;
    return `${phase} ${list.map((p) => p.service).join(", ")} (${synthesized}/${list.length} synthesized)`;
  });
  const weights = review.cutover.hostnames.map((h) => `${h.hostname} new ${h.newPercent}/legacy ${100 - h.newPercent}`);
  const reads = review.dependencies.map((d) => `${d.consumer} <- ${d.producer} (${d.outputs.length})`);
  return [
    `Review report for ${review.environment}: ${review.stacks.length} stack(s)`,
    row("stack", "phase", "resources", "backend", "state"),
    ...review.stacks.map((s) => row(s.id, phaseLabel(s), String(resourcesOf(s).length), backendOf(s).type, backendOf(s).state)),
    `Cross-stack reads (outputs): ${reads.length > 0 ? reads.join("; ") : "none"}`,
    `Services: ${byPhase.length > 0 ? byPhase.join("; ") : "none"}`,
    `Cutover stage ${review.cutover.stage}, weights: ${weights.length > 0 ? weights.join("; ") : "none"}`,
    `Cutover simulation: ${review.simulation.scenarios} health scenarios x ${review.simulation.requests} requests, ${review.simulation.violations} violation(s)`,
    `Guardrail suppressions: ${review.suppressions.length > 0 ? review.suppressions.map((s) => `${s.id} on ${s.path}`).join("; ") : "none"}`,
    ...reachabilityLines(review.reachability),
  ].join("\n");
}

/** The full Markdown report (REPORT.md) for a synthesized app directory. */
export function buildReport(synthDir: string, config: EnvironmentConfig, suppressions?: readonly Suppression[]): string {
  return renderReport(reviewOf(synthDir, config, suppressions));
}
