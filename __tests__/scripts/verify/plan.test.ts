// The smoke tests' plan and the header model, without a network: what is checked for a config, and which headers a
// response-headers policy promises (CloudFront's wire formats).
import { configFor, synthStacks } from "../../helpers";
import { verifyPlan } from "../../../scripts/verify/plan";
import { edgeBehavioursOfStack, edgeOriginOf } from "../../../scripts/verify/edge-routing";
import { promisedHeaders, promisedHeadersOfStack } from "../../../scripts/verify/security-headers";

const base = { baseUrl: new URL("https://new.staging.braveheart-tech.com"), originUrl: new URL("https://origin.staging.braveheart-tech.com"), promisedHeaders: [] };

describe("promised security headers", () => {
  test("read from the synthesized policy, in CloudFront's formats", () => {
    expect(promisedHeadersOfStack(synthStacks(configFor("staging"))["staging-phase1"])).toEqual([
      { name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains; preload" },
      { name: "X-Content-Type-Options", value: "nosniff" },
      { name: "X-Frame-Options", value: "DENY" },
      { name: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { name: "X-XSS-Protection", value: "1; mode=block" },
    ]);
  });

  test("a different policy promises different headers (the list is read, not kept by hand)", () => {
    const policy = {
      security_headers_config: {
        strict_transport_security: { access_control_max_age_sec: 600, include_subdomains: false, preload: false, override: true },
        frame_options: { frame_option: "SAMEORIGIN", override: true },
        xss_protection: { protection: false, override: true },
        content_security_policy: { content_security_policy: "default-src 'self'", override: true },
      },
      custom_headers_config: { items: [{ header: "Permissions-Policy", value: "camera=()", override: true }] },
    };
    expect(promisedHeaders(policy)).toEqual([
      { name: "Strict-Transport-Security", value: "max-age=600" },
      { name: "X-Frame-Options", value: "SAMEORIGIN" },
      { name: "X-XSS-Protection", value: "0" },
      { name: "Content-Security-Policy", value: "default-src 'self'" },
      { name: "Permissions-Policy", value: "camera=()" },
    ]);
  });

  test("with two policies only the headers both promise are expected", () => {
    const a = { security_headers_config: { content_type_options: { override: true }, frame_options: { frame_option: "DENY" } } };
    const b = { security_headers_config: { content_type_options: { override: true }, frame_options: { frame_option: "SAMEORIGIN" } } };
    expect(promisedHeadersOfStack({ resource: { aws_cloudfront_response_headers_policy: { a, b } } })).toEqual([{ name: "X-Content-Type-Options", value: "nosniff" }]);
  });
});

describe("verify plan", () => {
  test("staging: TLS and headers once, then per service its health path, each prefix and the origin refusal", () => {
    const plan = verifyPlan(configFor("staging"), base);
    expect(plan.checks.map((c) => `${c.id} ${c.url}`)).toEqual([
      "tls https://new.staging.braveheart-tech.com/",
      "security-headers https://new.staging.braveheart-tech.com/healthz",
      "health:web-ui https://new.staging.braveheart-tech.com/app/healthz",
      "route:web-ui:/app/* https://new.staging.braveheart-tech.com/app/",
      "origin-refused:web-ui https://origin.staging.braveheart-tech.com/app/",
      "health:catalog https://new.staging.braveheart-tech.com/api/catalog/health",
      "route:catalog:/api/catalog/* https://new.staging.braveheart-tech.com/api/catalog/",
      "origin-refused:catalog https://origin.staging.braveheart-tech.com/api/catalog/",
      "health:orders https://new.staging.braveheart-tech.com/api/orders/health",
      "route:orders:/api/orders/* https://new.staging.braveheart-tech.com/api/orders/",
      "origin-refused:orders https://origin.staging.braveheart-tech.com/api/orders/",
      "health:accounts https://new.staging.braveheart-tech.com/api/accounts/health",
      "route:accounts:/api/accounts/* https://new.staging.braveheart-tech.com/api/accounts/",
      "origin-refused:accounts https://origin.staging.braveheart-tech.com/api/accounts/",
    ]);
  });

  test("--phase 1 checks only the phase-1 services (phase1 is verified before phase2 exists)", () => {
    const plan = verifyPlan(configFor("staging"), { ...base, phases: [1] });
    expect([...new Set(plan.checks.flatMap((c) => ("service" in c ? [c.service] : [])))]).toEqual(["web-ui", "catalog"]);
  });

  test("a configured marker and health path are used; a host-routed service is skipped with the reason", () => {
    const config = configFor("staging", (raw) => {
      raw.services[1].verify = { healthPath: "/api/catalog/ready", marker: { bodyContains: "catalog v2" } };
      raw.services[0].routing.hosts = ["ui.staging.braveheart-tech.com"];
    });
    const plan = verifyPlan(config, base);
    expect(plan.checks.find((c) => c.id === "health:catalog")!.url).toBe("https://new.staging.braveheart-tech.com/api/catalog/ready");
    expect(plan.checks.find((c) => c.id === "route:catalog:/api/catalog/*")).toMatchObject({ marker: { bodyContains: "catalog v2" } });
    expect(plan.skipped).toEqual([
      { service: "web-ui", reason: "routes by host (ui.staging.braveheart-tech.com), which the preview name cannot reach through CloudFront" },
    ]);
  });
});

describe("paths CloudFront sends to legacy (edge-routing.ts, read from the synthesized distribution)", () => {
  const atStage = (stage: "preview" | "canary" | "data-cutover" | "complete") => {
    const config = configFor("staging");
    const staged = { ...config, cutover: { ...config.cutover, stage } };
    const behaviours = edgeBehavioursOfStack(synthStacks(staged)["staging-phase1"]);
    return { behaviours, plan: verifyPlan(staged, { ...base, edgeBehaviours: behaviours }) };
  };
  const ids = (p: ReturnType<typeof atStage>["plan"]) => p.checks.map((c) => c.id);

  test.each(["preview", "canary"] as const)("stage %s: the database writers' health and route checks are skipped, each naming its pattern", (stage) => {
    const { behaviours, plan } = atStage(stage);
    expect(behaviours.filter((b) => b.origin === "legacy").map((b) => b.pathPattern).sort()).toEqual(["/api/accounts/*", "/api/orders/*"]);
    expect(plan.skipped.map((s) => s.check)).toEqual(["health:orders", "route:orders:/api/orders/*", "health:accounts", "route:accounts:/api/accounts/*"]);
    for (const s of plan.skipped) expect(s.reason).toContain(`to the legacy origin in stage ${stage}`);
    // the ALB's own refusal does not go through CloudFront, so it is still checked for them
    expect(ids(plan)).toEqual(expect.arrayContaining(["origin-refused:orders", "origin-refused:accounts", "health:catalog", "route:web-ui:/app/*"]));
  });

  test.each(["data-cutover", "complete"] as const)("stage %s: nothing goes to legacy, so every service is checked through the edge", (stage) => {
    const { behaviours, plan } = atStage(stage);
    expect(behaviours.filter((b) => b.origin === "legacy")).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(ids(plan)).toEqual(expect.arrayContaining(["health:orders", "route:orders:/api/orders/*", "health:accounts"]));
  });

  test("the first matching behaviour wins, and a path no behaviour matches goes to the platform (the default behaviour)", () => {
    const behaviours = [
      { pathPattern: "/api/orders/export/*", origin: "platform" as const },
      { pathPattern: "/api/orders/*", origin: "legacy" as const },
      { pathPattern: "static/*", origin: "static" as const },
    ];
    expect(edgeOriginOf(behaviours, "/api/orders/export/x")).toEqual({ origin: "platform", pathPattern: "/api/orders/export/*" });
    expect(edgeOriginOf(behaviours, "/api/orders/1")).toEqual({ origin: "legacy", pathPattern: "/api/orders/*" });
    expect(edgeOriginOf(behaviours, "/static/app.js")).toEqual({ origin: "static", pathPattern: "static/*" });
    expect(edgeOriginOf(behaviours, "/api/catalog/1")).toEqual({ origin: "platform" });
  });
});
