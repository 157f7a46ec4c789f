// The review report and its architecture picture: built from a synthesized app directory and the environment config,
// for the shipped environments (whatever stacks exist today) and for a hand-made synth of all five phases.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Construct } from "constructs";
import { App } from "cdktf";
import { buildApp } from "../../app";
import { REPO_ROOT } from "../../config/load";
import type { EnvironmentConfig } from "../../config/schema";
import { architectureOf, renderSvg, toDot, toMermaid, type ArchitectureGraph, type NodeKind } from "../../scripts/report/architecture";
import { buildReport, renderShortReport, reviewOf, type Review } from "../../scripts/report/build-report";
import { crossStackDependencies } from "../../scripts/report/dependencies";
import { suppress } from "../../guardrails/suppressions";
import { collectSuppressions } from "../../scripts/report/suppressions";
import { readSynth, type SynthStack } from "../../scripts/report/synth-model";
import { configFor, type ShippedEnvironment } from "../helpers";
import { layoutProblems } from "./svg-layout";
import { type InProcessRun, runInProcess } from "../run-in-process";
import { reportDirOf, runReport } from "../../scripts/report";
import { runMainJob } from "../../scripts/main-job";

const FIXTURE = join(__dirname, "fixtures/five-stacks");

/** Synthesizes the app for a config into a new temporary directory (kept until `rmSync`). */
function synthInto(config: EnvironmentConfig): string {
  const outdir = mkdtempSync(join(tmpdir(), "braveheart-report-"));
  buildApp(config, { outdir }).app.synth();
  return outdir;
}

/**
 * The report as docs/review.md quotes it: headings two levels down, the resource table cut after six rows, and the
 * per-output detail of each cross-stack dependency left out.
 */
function trimmedForDocs(report: string): string {
  const out: string[] = [];
  let section = "";
  let inDetail = false;
  let resourceRows = 0;
  for (const line of report.trimEnd().split("\n")) {
    const heading = /^(#+) (.*)$/.exec(line);
    if (heading) {
      inDetail = heading[1].length === 3 && heading[2].includes(" reads ");
      if (inDetail) continue;
      section = heading[2];
      out.push(`##${line}`);
      continue;
    }
    if (inDetail) continue;
    if (section === "Resources by type" && line.startsWith("| `") && ++resourceRows > 6) {
      if (resourceRows === 7) out.push(`|${" ... |".repeat(line.split("|").length - 2)}`);
      continue;
    }
    out.push(line);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** The Markdown table rows of one `## section`. */
function sectionOf(report: string, heading: string): string {
  const start = report.indexOf(`## ${heading}\n`);
  const end = report.indexOf("\n## ", start + 1);
  return report.slice(start, end < 0 ? undefined : end);
}

/** Resource kinds a synth contains, as the picture should show them. */
function kindsPresent(stacks: readonly SynthStack[]): Set<NodeKind> {
  const types = new Set(stacks.flatMap((s) => Object.keys(s.document.resource ?? {})));
  const kinds = new Set<NodeKind>();
  if (types.has("aws_vpc")) kinds.add("vpc");
  if (types.has("aws_ecs_cluster")) kinds.add("ecs-cluster");
  if (types.has("aws_ecs_service")) kinds.add("ecs-service");
  if (types.has("aws_cloudfront_distribution")) kinds.add("cloudfront");
  if (types.has("aws_db_instance")) kinds.add("rds");
  return kinds;
}

describe.each<ShippedEnvironment>(["staging", "production"])("report for the shipped %s environment", (env) => {
  let config: EnvironmentConfig;
  let outdir: string;
  let report: string;
  let review: Review;

  beforeAll(() => {
    // GIVEN the shipped environment, synthesized as `npm run synth` does
    config = configFor(env);
    outdir = synthInto(config);
    // WHEN the report is built from the synthesized directory
    review = reviewOf(outdir, config);
    report = buildReport(outdir, config);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("has one row per synthesized stack with its phase, backend and own state", () => {
    const rows = sectionOf(report, "Stacks");
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    for (const stack of Object.keys(manifest.stacks)) {
      const phase = stack.slice(env.length + 1);
      expect(rows).toMatch(new RegExp(`^\\| \`${stack}\` \\| ${phase} \\| ${config.backend.type} \\| \`[^\`]*${stack}[^\`]*\` \\|`, "m"));
    }
  });

  test("names the state file, key or workspace the backend config gives each stack", () => {
    const rows = sectionOf(report, "Stacks");
    const bucket = env === "staging" ? "braveheart-terraform-state-staging" : "braveheart-terraform-state-prod";
    const expected = `\`s3://${bucket}/platform/${env}-preparation.tfstate (eu-west-2)\``;
    expect(rows).toContain(`| \`${env}-preparation\` | preparation | ${config.backend.type} | ${expected} |`);
  });

  test("counts resources by type, and the totals match the synth", () => {
    const total = review.stacks.reduce((n, s) => n + Object.values(s.document.resource ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
    const section = sectionOf(report, "Resources by type");
    expect(section).toMatch(/^\| `aws_vpc` \| 1 \|/m);
    expect(section).toMatch(new RegExp(`^\\| \\*\\*total\\*\\* \\|.* \\| ${total} \\|$`, "m"));
  });

  test("lists every catalog service under the phase the catalog gives it", () => {
    const section = sectionOf(report, "Services per phase");
    for (const service of config.services) {
      expect(section).toMatch(new RegExp(`^\\| phase${service.phase} \\| \`${service.name}\` \\| \`${env}-phase${service.phase}\` \\|`, "m"));
    }
  });

  test("names the stage and gives each cutover hostname the weights its records get (preview: no new record, legacy 100)", () => {
    const section = sectionOf(report, "Cutover weights");
    expect(section).toContain(`Stage \`${config.cutover.stage}\``);
    for (const host of config.cutover.hostnames) {
      expect(section).toMatch(new RegExp(`^\\| \`${host.name}\` \\| no record \\| 100 \\| legacy 100 \\|`, "m"));
    }
  });

  test("the suppressions section is present and says none when nothing is suppressed", () => {
    expect(sectionOf(report, "Guardrail suppressions")).toBe("## Guardrail suppressions\n\nnone\n");
  });

  test("the picture draws a node for each key resource kind the synth holds, and none for kinds it lacks", () => {
    const drawn = new Set(review.architecture.nodes.map((n) => n.kind));
    const present = kindsPresent(review.stacks);
    for (const kind of ["vpc", "ecs-cluster", "ecs-service", "cloudfront", "rds"] as const) expect({ kind, drawn: drawn.has(kind) }).toEqual({ kind, drawn: present.has(kind) });
    expect(report).toContain("```mermaid\nflowchart TB\n");
  });

  test("is byte-identical across two synths in different directories, with no machine paths", () => {
    const again = synthInto(config);
    try {
      expect(buildReport(again, config)).toBe(report);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
    expect(report).not.toContain(tmpdir());
    expect(report).not.toContain(REPO_ROOT);
  });
});

describe("report for a hand-made synth of all five phases", () => {
  let config: EnvironmentConfig;
  let review: Review;
  let report: string;
  let graph: ArchitectureGraph;

  beforeAll(() => {
    // GIVEN a fixture with realistic preparation, backup, phase1, phase2 and golive stacks, listed out of order
    config = configFor("staging");
    review = reviewOf(FIXTURE, config);
    report = buildReport(FIXTURE, config);
    graph = review.architecture;
  });

  test("orders the stacks by phase, not by manifest position", () => {
    expect(review.stacks.map((s) => s.phase)).toEqual(["preparation", "backup", "phase1", "phase2", "golive"]);
  });

  test("finds each consumer's producers from its terraform_remote_state sources", () => {
    const pairs = review.dependencies.map((d) => `${d.consumer} <- ${d.producer} (${d.outputs.length})`);
    expect(pairs).toEqual([
      "staging-backup <- staging-preparation (1)",
      "staging-phase1 <- staging-preparation (5)",
      "staging-phase2 <- staging-preparation (1)",
      "staging-phase2 <- staging-phase1 (2)",
      "staging-golive <- staging-phase1 (2)",
      "staging-golive <- staging-phase2 (1)",
    ]);
  });

  test("maps each output read back to the producer attribute and construct path, with its readers", () => {
    const golive = review.dependencies.find((d) => d.consumer === "staging-golive" && d.producer === "staging-phase1")!;
    expect(golive.outputs.map((o) => [o.attribute, o.producerPath, o.readBy.length])).toEqual([
      ["aws_cloudfront_distribution.Edge_Distribution_7E6D5C4B.domain_name", "Edge/Distribution", 2],
      ["aws_cloudfront_distribution.Edge_Distribution_7E6D5C4B.hosted_zone_id", "Edge/Distribution", 2],
    ]);
    expect(report).toContain(
      "| `aws_vpc.Network_Vpc_FAC8F4A5.id` | `Network/Vpc` | `cross-stack-output-aws_vpcNetwork_Vpc_FAC8F4A5id` | `aws_lb_target_group.Services_web-ui_TargetGroup_1A2A3A4A` |",
    );
  });

  test("flags a read of a later phase and of an output the producer does not define", () => {
    // GIVEN preparation edited to read phase1's state, and phase2 reading an output phase1 lacks
    const stacks = readSynth(FIXTURE);
    const prep = stacks.find((s) => s.phase === "preparation")!;
    const phase2 = stacks.find((s) => s.phase === "phase2")!;
    (prep.document as any).data = { terraform_remote_state: { back: { backend: "local", config: { path: "../staging-phase1/terraform.staging-phase1.tfstate" } } } };
    (prep.document.resource as any).aws_vpc.Network_Vpc_FAC8F4A5.tags = { Owner: "${data.terraform_remote_state.back.outputs.cross-stack-output-aws_ecs_clusterCluster_Cluster_4A1B2C3Darn}" };
    (phase2.document.resource as any).aws_db_instance.Database_Instance_3C4D5E6F.vpc_security_group_ids = ["${data.terraform_remote_state.cross-stack-reference-input-staging-phase1.outputs.gone}"];
    // WHEN the dependencies are derived
    const deps = crossStackDependencies(stacks);
    // THEN both problems are marked
    expect(deps.find((d) => d.consumer === "staging-preparation")).toMatchObject({ producer: "staging-phase1", readsLaterPhase: true });
    const missing = deps.find((d) => d.consumer === "staging-phase2" && d.producer === "staging-phase1")!.outputs.filter((o) => o.missing);
    expect(missing.map((o) => o.output)).toEqual(["gone"]);
  });

  test("finds each catalog service's ECS service in the stack of its phase", () => {
    expect(review.services.placements.map((p) => `${p.phase} ${p.service} ${p.status}`)).toEqual([
      "phase1 catalog synthesized",
      "phase1 web-ui synthesized",
      "phase2 accounts synthesized",
      "phase2 orders synthesized",
    ]);
    expect(review.services.uncatalogued).toEqual([]);
  });

  test("shows the synthesized weighted records next to the stage's weights (failback: legacy 100, new 0, as the fixture)", () => {
    const failback = configFor("staging", (raw) => {
      raw.cutover.stage = "failback";
      raw.cutover.reverseReplication = true;
    });
    expect(sectionOf(buildReport(FIXTURE, failback), "Cutover weights")).toContain("| `www.staging.braveheart-tech.com` | 0 | 100 | legacy 100, new 0 | no |");
  });

  test("marks records the stage has no place for, or whose weights differ", () => {
    expect(sectionOf(report, "Cutover weights")).toContain("| `www.staging.braveheart-tech.com` | no record | 100 | legacy 100, new 0 (differs from config!) | no |");
    const canary = configFor("staging", (raw) => (raw.cutover.stage = "canary"));
    expect(sectionOf(buildReport(FIXTURE, canary), "Cutover weights")).toContain("| `www.staging.braveheart-tech.com` | 10 | 90 | legacy 100, new 0 (differs from config!) | no |");
  });

  test("lists suppressions given by the caller with their reasons", () => {
    const withOne = buildReport(FIXTURE, config, [{ path: "staging-phase1/Edge/Alb", id: "ELB-2", reason: "access logs go to the shared bucket" }]);
    expect(sectionOf(withOne, "Guardrail suppressions")).toContain("| `staging-phase1/Edge/Alb` | `ELB-2` | access logs go to the shared bucket |");
  });

  test("draws every key resource kind once per resource, in its phase and tier", () => {
    const nodes = graph.nodes.map((n) => `${n.stack ?? "legacy"} ${n.tier ?? "-"} ${n.kind} ${n.label[0]}`);
    expect(nodes).toEqual([
      "legacy - legacy-db Legacy database",
      "legacy - legacy-lb Legacy load balancer",
      "staging-preparation network vpc VPC",
      "staging-backup data backup-vault Backup vault",
      "staging-backup data backup-vault-dr Backup vault (DR eu-west-1)",
      "staging-phase1 presentation cloudfront CloudFront",
      "staging-phase1 presentation s3-static S3 static assets",
      "staging-phase1 application alb Application Load Balancer",
      "staging-phase1 application ecs-cluster ECS cluster",
      "staging-phase1 application ecs-service service: catalog",
      "staging-phase1 application ecs-service service: web-ui",
      "staging-phase2 application ecs-service service: accounts",
      "staging-phase2 application ecs-service service: orders",
      "staging-phase2 data dms DMS replication task",
      "staging-phase2 data rds RDS postgres",
      "staging-golive presentation dns-weighted Route 53 weighted records",
    ]);
  });

  test("draws the traffic path from the DNS cutover to the database, and the backup copy", () => {
    const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label[0];
    const traffic = graph.edges.filter((e) => e.kind === "traffic").map((e) => `${label(e.from)} -> ${label(e.to)}${e.label ? ` (${e.label})` : ""}`);
    expect(traffic.sort()).toEqual(
      [
        "Route 53 weighted records -> CloudFront (new 0)",
        "Route 53 weighted records -> Legacy load balancer (legacy 100)",
        "CloudFront -> Application Load Balancer (origin)",
        "CloudFront -> S3 static assets (static assets)",
        "Application Load Balancer -> service: web-ui",
        "Application Load Balancer -> service: catalog",
        "Application Load Balancer -> service: orders",
        "Application Load Balancer -> service: accounts",
        "service: orders -> RDS postgres",
        "service: accounts -> RDS postgres",
        "Legacy database -> DMS replication task (full load + CDC)",
        "DMS replication task -> RDS postgres (replicates into)",
        "Backup vault -> Backup vault (DR eu-west-1) (copy to DR region)",
      ].sort(),
    );
  });

  test("draws one dashed edge per cross-stack read, producer phase to consumer phase", () => {
    const mermaid = toMermaid(graph);
    expect(mermaid.split("\n").filter((l) => l.includes("-.->"))).toEqual([
      '  g_staging_preparation -.->|"1 output(s)"| g_staging_backup',
      '  g_staging_preparation -.->|"5 output(s)"| g_staging_phase1',
      '  g_staging_preparation -.->|"1 output(s)"| g_staging_phase2',
      '  g_staging_phase1 -.->|"2 output(s)"| g_staging_phase2',
      '  g_staging_phase1 -.->|"2 output(s)"| g_staging_golive',
      '  g_staging_phase2 -.->|"1 output(s)"| g_staging_golive',
    ]);
  });

  test("the Mermaid picture has a subgraph per phase with a subgraph per tier inside", () => {
    const mermaid = toMermaid(graph);
    expect(mermaid).toContain('  subgraph g_staging_phase1["phase1: staging-phase1"]\n    subgraph g_staging_phase1_presentation["presentation"]\n');
    expect(mermaid).toContain('    subgraph g_staging_phase2_data["data"]\n');
    expect(mermaid.match(/^ {2}subgraph /gm)).toHaveLength(6); // five phases + the legacy estate
    expect(mermaid.match(/^\s*subgraph /gm)!.length).toBe(mermaid.match(/^\s*end$/gm)!.length);
  });

  test("the DOT version holds the same nodes, with cluster-to-cluster dashed edges", () => {
    const dot = toDot(graph);
    for (const node of graph.nodes) expect(dot).toContain(`${node.id} [label="${node.label.join("\\n")}"`);
    expect(dot).toContain("subgraph cluster_g_staging_phase1 {");
    expect(dot).toMatch(/ -> \w+ \[label="5 output\(s\)", style=dashed, constraint=false, ltail=cluster_g_staging_preparation, lhead=cluster_g_staging_phase1\];/);
  });
});

describe("picture of a preparation-only synth", () => {
  test("draws only the VPC: no legacy estate, DNS, edge or data nodes", () => {
    // GIVEN only the fixture's preparation stack
    const stacks = readSynth(FIXTURE).filter((s) => s.phase === "preparation");
    // WHEN the picture is drawn
    const graph = architectureOf(stacks, configFor("staging"), crossStackDependencies(stacks));
    // THEN
    expect(graph.nodes.map((n) => n.kind)).toEqual(["vpc"]);
    expect(graph.groups.map((g) => g.id)).toEqual(["g_staging_preparation"]);
    expect(graph.edges).toEqual([]);
  });

  test("a phase with no key resources still appears, as a resource count", () => {
    const stacks = readSynth(FIXTURE).filter((s) => s.phase === "preparation" || s.phase === "backup");
    for (const s of stacks) (s.document as any).resource = s.phase === "backup" ? { aws_backup_plan: (s.document.resource as any).aws_backup_plan } : s.document.resource;
    const graph = architectureOf(stacks, configFor("staging"), []);
    expect(graph.nodes.find((n) => n.stack === "staging-backup")?.label).toEqual(["1 resource(s)", "no key resources"]);
  });
});

describe("guardrail suppressions", () => {
  test("are collected from the built app with their paths, in a stable order", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "braveheart-supp-")), stackTraces: false });
    const resource = new Construct(new Construct(app, "staging-phase1"), "Alb");
    suppress(resource, { id: "BH-LB-2", reason: "logs go to the shared bucket of the legacy account" });
    suppress(resource, { id: "BH-LB-1", reason: "internal health checks only, never user traffic" });
    expect(collectSuppressions(app)).toEqual([
      { path: "staging-phase1/Alb", id: "BH-LB-1", reason: "internal health checks only, never user traffic" },
      { path: "staging-phase1/Alb", id: "BH-LB-2", reason: "logs go to the shared bucket of the legacy account" },
    ]);
    rmSync(app.outdir, { recursive: true, force: true });
  });
});

describe("Graphviz rendering", () => {
  test("gives no SVG when `dot` is not installed", () => {
    expect(renderSvg("digraph { a -> b }", "braveheart-no-such-dot-binary")).toBeUndefined();
  });

  const dotInstalled = spawnSync("dot", ["-V"]).status === 0;
  (dotInstalled ? test : test.skip)("renders the fixture's picture as SVG where Graphviz is installed", () => {
    expect(renderSvg(toDot(reviewOf(FIXTURE, configFor("staging")).architecture))).toMatch(/<svg[\s\S]*Application Load Balancer/);
  });

  // The picture must be readable: no label printed over another, no two edges drawn along one line.
  (dotInstalled ? test : test.skip)("lays the fixture's five phases out with no overlapping labels and no shared edge segments", () => {
    const dot = toDot(reviewOf(FIXTURE, configFor("staging")).architecture);
    expect(layoutProblems(renderSvg(dot)!)).toEqual([]);
    // The check can fail: with cross-stack reads as ranking constraints (the old layout), phase1's read by golive
    // and golive's DNS traffic to CloudFront lie on one line.
    const oldLayout = renderSvg(dot.replace(/, constraint=false/g, ""))!;
    const read = "n_staging_phase1_cloudfront_Edge_Distribution_7E6D5C4B->n_staging_golive_dns_weighted";
    const traffic = "n_staging_golive_dns_weighted->n_staging_phase1_cloudfront_Edge_Distribution_7E6D5C4B";
    expect(layoutProblems(oldLayout)).toContainEqual(expect.stringMatching(new RegExp(`^edges share \\d+ pt: ${read} and ${traffic}$`)));
  });
});

describe("npm run report", () => {
  let outdir: string;
  let reportDir: string;
  let run: InProcessRun;
  // In-process, as dist/scripts/report.js runs it (synth-jobs.test runs the built file); PATH hides Graphviz.
  beforeAll(async () => {
    outdir = join(mkdtempSync(join(tmpdir(), "braveheart-report-cli-")), "out");
    reportDir = join(outdir, "..", "out.report");
    run = await runInProcess(runReport, { CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "", PATH: "/nonexistent" });
  });
  afterAll(() => rmSync(join(outdir, ".."), { recursive: true, force: true }));

  test("writes the report beside the synth output, in <outdir>.report", () => {
    expect(reportDirOf(outdir)).toBe(reportDir);
    expect(reportDirOf("cdktf.out/")).toBe("cdktf.out.report");
    expect(readdirSync(reportDir).sort()).toEqual(["REPORT.md", "architecture.mmd"]);
    expect(existsSync(join(outdir, "REPORT.md"))).toBe(false);
    expect(run.stdout).toContain(`Written: ${relative(process.cwd(), reportDir)}/REPORT.md, `);
  });

  test("synthesizes, writes REPORT.md and architecture.mmd, and prints the short version", () => {
    expect(run.status).toBe(0);
    const suppressions = collectSuppressions(buildApp(configFor("staging"), { outdir: join(outdir, "..", "rebuild") }).app);
    expect(suppressions.map((s) => s.id).sort()).toEqual(["BH-IAM-1", "BH-IAM-3", "BH-S3-6"]);
    expect(readFileSync(join(reportDir, "REPORT.md"), "utf8")).toBe(buildReport(outdir, configFor("staging"), suppressions));
    expect(readFileSync(join(reportDir, "architecture.mmd"), "utf8")).toMatch(/^flowchart TB\n/);
    expect(run.stdout).toContain(renderShortReport(reviewOf(outdir, configFor("staging"), suppressions)));
  });

  test("docs/review.md shows this report, trimmed (UPDATE_DOCS=1 rewrites it)", () => {
    const docPath = join(REPO_ROOT, "docs/review.md");
    const doc = readFileSync(docPath, "utf8");
    const start = doc.indexOf("### Review report: staging");
    const end = doc.indexOf("## CI integration");
    const current = `${trimmedForDocs(readFileSync(join(reportDir, "REPORT.md"), "utf8"))}\n\n`;
    if (process.env.UPDATE_DOCS === "1") writeFileSync(docPath, doc.slice(0, start) + current + doc.slice(end));
    else expect(doc.slice(start, end)).toBe(current);
  });

  (spawnSync("dot", ["-V"]).status === 0 ? test : test.skip)("the shipped staging picture has no overlapping labels or shared edge segments", () => {
    expect(layoutProblems(renderSvg(toDot(reviewOf(outdir, configFor("staging")).architecture))!)).toEqual([]);
  });

  test("skips the SVG with a note when Graphviz is missing", () => {
    expect(existsSync(join(reportDir, "architecture.svg"))).toBe(false);
    expect(run.stdout).toContain("no architecture.svg: Graphviz `dot` is not installed");
  });

  // Last: it synthesizes over the report run's output.
  test("a later `npm run synth` into the same outdir leaves the report as it was", async () => {
    const before = readFileSync(join(reportDir, "REPORT.md"), "utf8");
    const synth = await runInProcess(runMainJob, { CDKTF_OUTDIR: outdir, BRAVEHEART_CONFIG: "" });
    expect(synth.status).toBe(0);
    expect(readFileSync(join(reportDir, "REPORT.md"), "utf8")).toBe(before);
    expect(readdirSync(reportDir).sort()).toEqual(["REPORT.md", "architecture.mmd"]);
  });
});
