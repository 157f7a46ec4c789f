// `npm run verify` against real HTTPS servers on 127.0.0.1: a test CA (openssl), certificates for the environment's
// real names, and --resolve pointing those names at loopback, so SNI and certificate names are exercised for real.
// A healthy edge passes; each broken one fails with a message naming the service, the URL and the expectation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../../config/load";
import { shippedConfigPath, synthStacks, configFor } from "../../helpers";
import { parseVerifyArgs, runVerify, servicePhasesDeployed } from "../../../scripts/verify";
import { promisedHeadersOfStack, type ExpectedHeader } from "../../../scripts/verify/security-headers";
import type { VerifyReport } from "../../../scripts/verify/run";
import type { CdnBehaviour } from "../../../scripts/verify/edge-routing";
import { closedPort, makePki, startEdge, startSilentTcp, type EdgeBehaviour, type Pki, type Running } from "./fixture";

const PREVIEW = "new.staging.braveheart-tech.com";
const ORIGIN = "origin.staging.braveheart-tech.com";
const SERVICES = [
  { name: "web-ui", prefixes: ["/app/"] },
  { name: "catalog", prefixes: ["/api/catalog/"] },
  { name: "orders", prefixes: ["/api/orders/"] },
  { name: "accounts", prefixes: ["/api/accounts/"] },
];

let pki: Pki;
let goodCert: { key: string; cert: string };
let headers: ExpectedHeader[];
let scratch: string;

beforeAll(() => {
  pki = makePki();
  goodCert = pki.leaf([PREVIEW, ORIGIN]);
  headers = promisedHeadersOfStack(synthStacks(configFor("staging"))["staging-phase1"]);
  scratch = mkdtempSync(join(tmpdir(), "braveheart-verify-test-"));
});
afterAll(() => {
  pki.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

interface Scenario {
  readonly edge?: Partial<EdgeBehaviour>;
  /** The ALB's own name: a server answering as the ALB (`alb`), one serving without the header (`open`), or nothing. */
  readonly origin?: "alb" | "open" | "closed";
  readonly edgeCert?: { key: string; cert: string };
  /** A TCP listener that never speaks TLS, in place of the edge. */
  readonly silentEdge?: boolean;
  readonly args?: string[];
  /** Read the headers and the edge's behaviours from a fresh synth of the config, as the command does by default. */
  readonly realSynth?: boolean;
  /** The distribution's ordered behaviours without realSynth. @default none: every path reaches the platform */
  readonly behaviours?: CdnBehaviour[];
}

interface Outcome {
  readonly code: number;
  readonly report?: VerifyReport;
  readonly output: string;
  readonly elapsedMs: number;
}

async function verify(scenario: Scenario = {}): Promise<Outcome> {
  const servers: Running[] = [];
  try {
    const edgeBehaviour: EdgeBehaviour = { securityHeaders: headers, services: SERVICES, ...scenario.edge };
    const edge = scenario.silentEdge ? await startSilentTcp() : await startEdge(scenario.edgeCert ?? goodCert, edgeBehaviour);
    servers.push(edge);
    let originPort: number;
    if (scenario.origin === "closed") {
      originPort = await closedPort();
    } else {
      // The ALB routes to the services only: CloudFront, not the ALB, sends paths to legacy.
      const origin = await startEdge(goodCert, { ...edgeBehaviour, legacyPrefixes: undefined, requireOriginHeader: scenario.origin !== "open" });
      servers.push(origin);
      originPort = origin.port;
    }
    const lines: string[] = [];
    const started = Date.now();
    const result = await runVerify(
      [
        "--config", shippedConfigPath("staging"),
        "--base-url", `https://${PREVIEW}:${edge.port}`,
        "--origin-url", `https://${ORIGIN}:${originPort}`,
        "--resolve", `${PREVIEW}:${edge.port}:127.0.0.1`,
        "--resolve", `${ORIGIN}:${originPort}:127.0.0.1`,
        "--ca", pki.caFile,
        "--timeout-ms", "2000",
        "--retries", "0",
        "--report", join(scratch, "report.json"),
        ...(scenario.args ?? []),
      ],
      { log: (line) => lines.push(line), edge: scenario.realSynth ? undefined : () => ({ promisedHeaders: headers, behaviours: scenario.behaviours ?? [] }) },
    );
    return { ...result, output: lines.join("\n"), elapsedMs: Date.now() - started };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

const failed = (o: Outcome) => o.report!.checks.filter((c) => !c.ok).map((c) => c.id);

/** Before the data cutover CloudFront sends the database writers' paths (orders, accounts) to legacy. */
const LEGACY_PINNED = { legacyPrefixes: ["/api/orders/", "/api/accounts/"] };

describe("npm run verify against a healthy edge", () => {
  let outcome: Outcome;
  beforeAll(async () => {
    // The staging config is at stage preview: the edge answers orders' and accounts' paths from legacy, as CloudFront will
    outcome = await verify({ realSynth: true, edge: LEGACY_PINNED });
  }, 30_000);

  test("every check passes and the exit code is 0", () => {
    expect(outcome.output).not.toMatch(/FAIL /);
    expect(outcome.code).toBe(0);
    // 2 edge checks + per service: health, one prefix, the origin refusal; orders and accounts only the refusal
    expect(outcome.report!.checks).toHaveLength(2 + 2 * 3 + 2 * 1);
  });

  test("paths CloudFront sends to legacy in this stage are skipped, each with the reason, read from the synthesized distribution", () => {
    expect(outcome.report!.skipped.map((s) => s.check)).toEqual([
      "health:orders",
      "route:orders:/api/orders/*",
      "health:accounts",
      "route:accounts:/api/accounts/*",
    ]);
    expect(outcome.output).toContain(
      "SKIP orders: route:orders:/api/orders/*: CloudFront sends /api/orders/* to the legacy origin in stage preview (a database-writing service's paths stay on legacy until the data cutover, docs/golive.md), so the preview name cannot reach the new service there; verified through the edge from the data cutover on",
    );
    expect(outcome.output).toMatch(/^10 passed, 0 failed, 4 skipped; report: /m);
  });

  test("without knowing the edge's behaviours those paths would fail on legacy's answer: the marker tells them apart", async () => {
    const o = await verify({ edge: LEGACY_PINNED, args: ["--service", "orders", "--report", join(scratch, "unaware.json")] });
    // legacy answers the health path with 200 too; only the marker shows the route did not reach the new service
    expect(failed(o)).toEqual(["route:orders:/api/orders/*"]);
  });

  test("the security headers checked are the ones the synthesized response-headers policy promises", () => {
    const check = outcome.report!.checks.find((c) => c.id === "security-headers")!;
    expect(check.expectation).toContain("Strict-Transport-Security: max-age=31536000; includeSubDomains; preload");
    expect(check.expectation).toContain("X-Frame-Options: DENY");
    expect(check.detail).toBe(`200, ${headers.length} security headers`);
  });

  test("TLS: the certificate covers the preview name, TLS 1.3 is negotiated and TLS 1.0/1.1 is refused", () => {
    const tls = outcome.report!.checks.find((c) => c.id === "tls")!;
    expect(tls.detail).toMatch(new RegExp(`^TLSv1\\.3, certificate DNS:${PREVIEW.replace(/\./g, "\\.")}.*TLS 1\\.0/1\\.1 refused$`));
  });

  test("each routing prefix is answered by its own service, and the ALB's name without the header gets a 404", () => {
    expect(outcome.report!.checks.find((c) => c.id === "route:catalog:/api/catalog/*")!.detail).toBe("200, header X-Service: catalog");
    expect(outcome.report!.checks.find((c) => c.id === "origin-refused:catalog")!.detail).toBe("404 without the service's marker");
  });

  test("progress per check, a summary table and a JSON report file", () => {
    expect(outcome.output).toMatch(/^\[1\/10\] PASS tls https:\/\/new\.staging/m);
    expect(outcome.output).toMatch(/^service\s+check\s+result\s+detail$/m);
    expect(outcome.output).toMatch(/^catalog\s+route:\/api\/catalog\/\*\s+pass\s+200/m);
    const written = JSON.parse(readFileSync(join(scratch, "report.json"), "utf8"));
    expect(written).toMatchObject({ environment: "staging", passed: 10, failed: 0 });
  });
});

describe("npm run verify against broken edges", () => {
  test("an ALB that refuses connections outright (the security group) passes the origin check", async () => {
    const o = await verify({ origin: "closed", args: ["--service", "web-ui"] });
    expect(o.code).toBe(0);
    expect(o.report!.checks.find((c) => c.id === "origin-refused:web-ui")!.detail).toBe("no connection (ECONNREFUSED)");
  });

  test("wrong certificate: fails naming the name it does not cover", async () => {
    const o = await verify({ edgeCert: pki.leaf(["wrong.example.com"]), args: ["--service", "web-ui"] });
    expect(o.code).toBe(1);
    expect(o.output).toContain(
      `FAILED edge: GET https://${PREVIEW}:`,
    );
    expect(o.report!.checks.find((c) => c.id === "tls")!.detail).toMatch(
      new RegExp(`^the certificate does not cover ${PREVIEW.replace(/\./g, "\\.")}: .*DNS:wrong\\.example\\.com`),
    );
    expect(o.output).toMatch(/expected a certificate that covers the name, TLS 1\.2 or later, and TLS 1\.0\/1\.1 refused/);
  });

  test("TLS 1.1 accepted: fails", async () => {
    const o = await verify({ edge: { allowLegacyTls: true }, args: ["--service", "web-ui"] });
    expect(failed(o)).toEqual(["tls"]);
    expect(o.report!.checks[0].detail).toBe("accepted a TLSv1.1 handshake: TLS 1.0/1.1 must be refused");
  });

  test("a missing security header: fails naming the header", async () => {
    const o = await verify({ edge: { dropHeader: "X-Frame-Options" }, args: ["--service", "web-ui"] });
    expect(failed(o)).toEqual(["security-headers"]);
    expect(o.output).toMatch(/^FAILED edge: GET https:\/\/new\.staging\.braveheart-tech\.com:\d+\/healthz: expected 200 with .*; X-Frame-Options missing$/m);
  });

  test("a 404 on a routing prefix: fails naming the service, the URL and the marker expected", async () => {
    const o = await verify({ edge: { unroutedPrefix: "/api/catalog/" }, args: ["--service", "catalog"] });
    expect(o.code).toBe(1);
    // the health path is under the prefix too, so both fail
    expect(failed(o)).toEqual(["health:catalog", "route:catalog:/api/catalog/*"]);
    expect(o.output).toMatch(
      /^FAILED service catalog: GET https:\/\/new\.staging\.braveheart-tech\.com:\d+\/api\/catalog\/: expected 2xx\/3xx from service 'catalog' \(header X-Service: catalog\); got 404 \("Not found"\): the ALB's default action or another service answered$/m,
    );
  });

  test("the ALB reachable without the origin-verify header: fails", async () => {
    const o = await verify({ origin: "open", args: ["--service", "web-ui"] });
    expect(failed(o)).toEqual(["origin-refused:web-ui"]);
    expect(o.output).toMatch(
      /^FAILED service web-ui: GET https:\/\/origin\.staging\.braveheart-tech\.com:\d+\/app\/: expected the ALB refuses a request without the origin-verify header .*; service 'web-ui' answered 200 without the origin-verify header$/m,
    );
  });

  test("a hung server: every check fails at the timeout, and the run is bounded by it", async () => {
    const o = await verify({ edge: { hang: true }, origin: "closed", args: ["--service", "web-ui", "--timeout-ms", "300"] });
    expect(failed(o)).toEqual(["security-headers", "health:web-ui", "route:web-ui:/app/*"]);
    expect(o.report!.checks.find((c) => c.id === "health:web-ui")!.detail).toBe("no complete response within 300 ms");
    expect(o.elapsedMs).toBeLessThan(3 * 300 + 1500);
  });

  test("a slow server (2 s) fails a 300 ms timeout, retried a bounded number of times", async () => {
    const o = await verify({ edge: { delayMs: 2000 }, origin: "closed", args: ["--service", "web-ui", "--timeout-ms", "300", "--retries", "1", "--retry-delay-ms", "50"] });
    const health = o.report!.checks.find((c) => c.id === "health:web-ui")!;
    expect(health).toMatchObject({ ok: false, attempts: 2, detail: "no complete response within 300 ms" });
    expect(health.durationMs).toBeLessThan(2 * 300 + 50 + 400);
  });

  test("a server that accepts TCP and never completes TLS: the TLS check fails at the timeout", async () => {
    const o = await verify({ silentEdge: true, args: ["--service", "web-ui", "--timeout-ms", "300"] });
    expect(o.report!.checks[0]).toMatchObject({ id: "tls", ok: false, detail: "TIMEOUT: no TLS handshake within 300 ms" });
  });
});

describe("verify options", () => {
  test.each([
    [["--resolve", "new.example.com:127.0.0.1"], '--resolve (got "new.example.com:127.0.0.1"): allowed: host:port:address, such as new.staging.example.com:443:127.0.0.1'],
    [["--timeout-ms", "0"], '--timeout-ms (got "0"): allowed: an integer from 100 to 120000'],
    [["--retries", "50"], '--retries (got "50"): allowed: an integer from 0 to 10'],
    [["--base-url", "http://new.example.com"], '--base-url (got "http://new.example.com"): allowed: an https:// URL, such as https://new.staging.example.com'],
    [["--phase", "3"], '--phase (got "3"): allowed: 1 or 2'],
  ])("%j is refused: %s", (args, message) => {
    expect(() => parseVerifyArgs(args, {})).toThrow(message);
  });

  test("an unknown service is refused with exit code 2, naming the allowed ones", async () => {
    const lines: string[] = [];
    const r = await runVerify(["--config", shippedConfigPath("staging"), "--service", "invoices"], { log: (l) => lines.push(l), edge: () => ({ promisedHeaders: [], behaviours: [] }) });
    expect(r.code).toBe(2);
    expect(lines.join("\n")).toMatch(/^verify: --service invoices: not in .*staging\.yaml; allowed: web-ui, catalog, orders, accounts$/);
  });

  test.each([["--help"], ["-h"]])("%s prints every option with its default and exits 0, checking nothing", async (flag) => {
    const lines: string[] = [];
    const r = await runVerify(["--retries", "50", flag], { log: (l) => lines.push(l), edge: () => { throw new Error("no synth for --help"); } });
    expect(r).toEqual({ code: 0 });
    const text = lines.join("\n");
    expect(text).toMatch(/^usage: npm run verify -- \[options\]/);
    for (const option of ["config", "base-url", "origin-url", "ca", "resolve", "timeout-ms", "retries", "retry-delay-ms", "report", "service", "phase", "deployed", "help"]) {
      expect(text).toContain(`--${option}`);
    }
    expect(text).toContain("(default 10000;");
    expect(text).toContain("(default 2;");
    expect(text).toContain("(default 3000;");
    expect(text).toContain("(default verify-report.json)");
  });

  test("an unknown option is refused with exit code 2 and a pointer to --help", async () => {
    const lines: string[] = [];
    const r = await runVerify(["--halp"], { log: (l) => lines.push(l), edge: () => ({ promisedHeaders: [], behaviours: [] }) });
    expect(r.code).toBe(2);
    expect(lines.join("\n")).toBe("verify: Unknown option '--halp'\nRun npm run verify -- --help for the options.");
  });

  test("defaults: the preview and origin names of the environment, bounded timeout and retries", () => {
    const o = parseVerifyArgs([], { BRAVEHEART_CONFIG: "config/production.yaml" });
    expect(o).toMatchObject({ timeoutMs: 10000, retries: 2, retryDelayMs: 3000 });
    expect(o.configPath).toMatch(/config\/production\.yaml$/);
  });
});

describe("the origin check cannot pass by accident", () => {
  test("an ALB name that does not resolve fails: it proves nothing about the ALB", async () => {
    const lines: string[] = [];
    const r = await runVerify(
      ["--config", shippedConfigPath("staging"), "--service", "web-ui", "--origin-url", "https://origin.invalid", "--base-url", "https://new.invalid", "--retries", "0", "--report", join(scratch, "unresolved.json")],
      { log: (l) => lines.push(l), edge: () => ({ promisedHeaders: [], behaviours: [] }) },
    );
    expect(r.report!.checks.find((c) => c.id === "origin-refused:web-ui")).toMatchObject({ ok: false, detail: "origin.invalid does not resolve (ENOTFOUND): cannot show the ALB refuses" });
  });
});

describe("--deployed: what CI verifies after a deploy (the phases ci.targetPhase has applied)", () => {
  test("no service before phase1, the phase-1 services at phase1, all of them from phase2 on", () => {
    expect(Object.fromEntries((["preparation", "backup", "phase1", "phase2", "golive"] as const).map((p) => [p, servicePhasesDeployed(p)]))).toEqual({
      preparation: [],
      backup: [],
      phase1: [1],
      phase2: [1, 2],
      golive: [1, 2],
    });
  });

  /** The staging config with another ci.targetPhase, in the test's scratch directory. */
  const stagingAt = (targetPhase: string) => {
    const path = join(scratch, `staging-${targetPhase}.yaml`);
    const text = readFileSync(shippedConfigPath("staging"), "utf8").replace(/^(\s+targetPhase:)\s*\S+/m, `$1 ${targetPhase}`);
    expect(text).toContain(`targetPhase: ${targetPhase}`);
    writeFileSync(path, text);
    return path;
  };

  test("before phase1 there is nothing to verify: it says so and passes without a request", async () => {
    const lines: string[] = [];
    const r = await runVerify(["--config", stagingAt("backup"), "--deployed"], { log: (l) => lines.push(l), edge: () => ({ promisedHeaders: [], behaviours: [] }) });
    expect(r).toEqual({ code: 0 });
    expect(lines).toEqual(["verify: nothing deployed to verify yet: staging's ci.targetPhase is backup, and services (and the preview name) start with phase1"]);
  });

  test("at phase1 only the phase-1 services are checked (phase2's do not exist yet)", async () => {
    const lines: string[] = [];
    const r = await runVerify(
      ["--config", stagingAt("phase1"), "--deployed", "--base-url", "https://new.invalid", "--origin-url", "https://origin.invalid", "--retries", "0", "--timeout-ms", "200", "--report", join(scratch, "deployed.json")],
      { log: (l) => lines.push(l), edge: () => ({ promisedHeaders: [], behaviours: [] }) },
    );
    expect(lines[0]).toBe("verify: staging is deployed up to phase1: verifying the services of phase 1");
    const services = new Set(r.report!.checks.map((c) => c.id.split(":")[1]).filter(Boolean));
    expect([...services].sort()).toEqual(["catalog", "web-ui"]);
  });

  test("--deployed with --phase is refused", () => {
    expect(() => parseVerifyArgs(["--deployed", "--phase", "1"], {})).toThrow("--deployed and --phase: allowed: one of them (--deployed takes the phases from ci.targetPhase)");
  });
});

describe("the README runbook's verify commands, as written", () => {
  // Each runs against the healthy edge on loopback: only the name resolution (--resolve, the port) and the test CA
  // are added, as the fakes of DNS and of a public certificate.
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const runbook = readme.slice(readme.indexOf("## Runbook"), readme.indexOf("## Configuration"));
  const commands = [...new Set([...runbook.matchAll(/`(npm run verify(?: -- [^`]*)?)`/g)].map((m) => m[1]))];

  test("the runbook verifies after phase1 (its services only) and after phase2 (all of them)", () => {
    expect(commands).toEqual(["npm run verify -- --phase 1", "npm run verify"]);
  });

  test.each([
    ["npm run verify -- --phase 1", ["catalog", "web-ui"]],
    ["npm run verify", ["accounts", "catalog", "orders", "web-ui"]],
  ])("%s passes against a healthy edge and checks %j", async (command, services) => {
    const args = command.split(" -- ")[1]?.split(/\s+/) ?? [];
    // the edge as CloudFront routes at the shipped stage (preview), read from the synth as the command does
    const o = await verify({ args, origin: "alb", realSynth: true, edge: LEGACY_PINNED });
    expect({ code: o.code, failed: failed(o) }).toEqual({ code: 0, failed: [] });
    expect([...new Set(o.report!.checks.map((c) => c.id.split(":")[1]).filter(Boolean))].sort()).toEqual(services);
  }, 30_000);
});
