// What `npm run verify` checks for an environment, as data: a pure function of the validated config, the edge's
// URLs and the headers the synthesized response-headers policy promises. The runner (run.ts) performs the checks.
import { patternPrefix } from "../../config/path-pattern";
import type { EnvironmentConfig } from "../../config/schema";
import { resolveServiceVerify, type ServiceMarker } from "../../config/service-verify";
import { PLATFORM_HEALTH_PATH } from "../../constructs/edge/health-check-rule";
import { edgeOriginOf, type CdnBehaviour } from "./edge-routing";
import type { ExpectedHeader } from "./security-headers";

export type Check =
  /** The certificate covers the name, the session is TLS 1.2+, and a TLS 1.0/1.1-only client is refused. */
  | { readonly kind: "tls"; readonly id: string; readonly url: string }
  /** GET the platform health path through the edge: 200 with every promised security header. */
  | { readonly kind: "security-headers"; readonly id: string; readonly url: string; readonly headers: readonly ExpectedHeader[] }
  /** GET the service's health path through the edge: 200. */
  | { readonly kind: "health"; readonly id: string; readonly service: string; readonly url: string }
  /** GET a routing prefix through the edge: 2xx/3xx carrying the service's marker. */
  | { readonly kind: "route"; readonly id: string; readonly service: string; readonly url: string; readonly marker: ServiceMarker }
  /** GET the service's prefix on the ALB's own name without the origin-verify header: refused. */
  | { readonly kind: "origin-refused"; readonly id: string; readonly service: string; readonly url: string; readonly marker: ServiceMarker };

export interface Skipped {
  readonly service: string;
  /** The one check skipped (`route:orders:/api/orders/*`), or every check of the service when absent. */
  readonly check?: string;
  readonly reason: string;
}

export interface VerifyPlan {
  readonly checks: readonly Check[];
  readonly skipped: readonly Skipped[];
}

export interface PlanInputs {
  /** The edge as users will reach it: `https://new.<zone>` (the preview name) or any base URL. */
  readonly baseUrl: URL;
  /** The ALB's own name, `https://origin.<zone>`, requested without the origin-verify header. */
  readonly originUrl: URL;
  readonly promisedHeaders: readonly ExpectedHeader[];
  /** Only these services. @default - every service in the config */
  readonly services?: readonly string[];
  /** Only the services of these phases (phase1 is verified before phase2 exists). @default - both phases */
  readonly phases?: readonly (1 | 2)[];
  /**
   * The distribution's ordered behaviours (edge-routing.ts): a health or route check whose path CloudFront sends to
   * the legacy origin is skipped with the reason. @default - none: every path reaches the platform
   */
  readonly edgeBehaviours?: readonly CdnBehaviour[];
}

const at = (base: URL, path: string) => new URL(path, base).toString();

export function verifyPlan(config: EnvironmentConfig, inputs: PlanInputs): VerifyPlan {
  const checks: Check[] = [
    { kind: "tls", id: "tls", url: inputs.baseUrl.toString() },
    { kind: "security-headers", id: "security-headers", url: at(inputs.baseUrl, PLATFORM_HEALTH_PATH), headers: inputs.promisedHeaders },
  ];
  const skipped: Skipped[] = [];
  const selected = config.services.filter(
    (s) => (inputs.services === undefined || inputs.services.includes(s.name)) && (inputs.phases === undefined || inputs.phases.includes(s.phase)),
  );
  for (const service of selected) {
    const { healthPath, marker } = resolveServiceVerify(service);
    const name = service.name;
    // The viewer's Host reaches the ALB (Managed-AllViewer), and through the preview name that is `new.<zone>`, which a
    // rule with a host condition does not match: say so rather than report a false failure.
    if (service.routing.hosts.length > 0) {
      skipped.push({ service: name, reason: `routes by host (${service.routing.hosts.join(", ")}), which the preview name cannot reach through CloudFront` });
      continue;
    }
    // Through the edge unless CloudFront sends the path to legacy (before the data cutover, for database writers).
    const throughEdge = (id: string, path: string): boolean => {
      const { origin, pathPattern } = edgeOriginOf(inputs.edgeBehaviours ?? [], new URL(path, inputs.baseUrl).pathname);
      if (origin !== "legacy") return true;
      skipped.push({
        service: name,
        check: id,
        reason:
          `${id}: CloudFront sends ${pathPattern} to the legacy origin in stage ${config.cutover.stage} (a database-writing service's ` +
          "paths stay on legacy until the data cutover, docs/golive.md), so the preview name cannot reach the new service there; " +
          "verified through the edge from the data cutover on",
      });
      return false;
    };
    const healthId = `health:${name}`;
    if (throughEdge(healthId, healthPath)) checks.push({ kind: "health", id: healthId, service: name, url: at(inputs.baseUrl, healthPath) });
    for (const pattern of service.routing.paths) {
      const id = `route:${name}:${pattern}`;
      const prefix = patternPrefix(pattern);
      if (throughEdge(id, prefix)) checks.push({ kind: "route", id, service: name, url: at(inputs.baseUrl, prefix), marker });
    }
    checks.push({ kind: "origin-refused", id: `origin-refused:${name}`, service: name, url: at(inputs.originUrl, patternPrefix(service.routing.paths[0])), marker });
  }
  return { checks, skipped };
}
