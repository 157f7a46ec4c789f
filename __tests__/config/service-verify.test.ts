// A service's `verify` block: ALB path-pattern semantics, the defaults, and the config errors.
import { matchesPathPattern, patternPrefix } from "../../config/path-pattern";
import { resolveServiceVerify } from "../../config/service-verify";
import { configFor, configProblems } from "../helpers";

describe("ALB path patterns", () => {
  test.each([
    ["/api/orders/*", "/api/orders/", true],
    ["/api/orders/*", "/api/orders/42/items", true],
    ["/api/orders/*", "/api/orders", false],
    ["/api/orders/*", "/API/orders/1", false], // case-sensitive
    ["/img/?.png", "/img/a.png", true],
    ["/img/?.png", "/img/ab.png", false],
    ["/a.b", "/aXb", false], // '.' is literal
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(matchesPathPattern(pattern, path)).toBe(expected);
  });

  test("a prefix is the literal part before the first wildcard", () => {
    expect(patternPrefix("/api/orders/*")).toBe("/api/orders/");
    expect(patternPrefix("/exact")).toBe("/exact");
  });
});

describe("service verify defaults", () => {
  test("health path: healthCheckPath under the first routing prefix, unless a routing path already matches it", () => {
    const staging = configFor("staging");
    expect(resolveServiceVerify(staging.services[0])).toEqual({ healthPath: "/app/healthz", marker: { header: "X-Service", value: "web-ui" } });
    const routed = configFor("staging", (raw) => (raw.services[1].healthCheckPath = "/api/catalog/health"));
    expect(resolveServiceVerify(routed.services[1]).healthPath).toBe("/api/catalog/health");
  });

  test("a health path no routing path matches is refused, naming the service and what is allowed", () => {
    expect(configProblems((raw) => (raw.services[1].verify = { healthPath: "/health" }))).toContain(
      `services[1] (catalog).verify.healthPath (got "/health"): is not routed to service 'catalog' by routing.paths (/api/catalog/*); allowed: a path one of them matches, such as /api/catalog/health`,
    );
  });

  test("the default health path is refused when the routing pattern cannot hold it", () => {
    expect(configProblems((raw) => (raw.services[1].routing.paths = ["/api/catalog"]))).toContain(
      `services[1] (catalog).verify.healthPath (got "/api/catalog/health"): (the default, from healthCheckPath) is not routed to service 'catalog'`,
    );
  });

  test("a marker is a header with a value or a body substring", () => {
    expect(configProblems((raw) => (raw.services[0].verify = { marker: { header: "X Service", value: "web-ui" } }))).toContain(
      `services[0] (web-ui).verify.marker.header (got "X Service"): allowed: an HTTP header name such as X-Service`,
    );
  });
});
