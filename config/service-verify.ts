// A service's `verify` block with its defaults resolved: what `npm run verify` requests and how it recognises the
// service. One place, so the config check and the smoke tests cannot disagree about the default.
import { matchesPathPattern, patternPrefix } from "./path-pattern";
import type { ServiceConfig } from "./schema";

/** The response header a service sets when `verify.marker` is not configured (its value: the service's name). */
export const DEFAULT_MARKER_HEADER = "X-Service";

export type ServiceMarker = { readonly header: string; readonly value: string } | { readonly bodyContains: string };

export interface ResolvedServiceVerify {
  readonly healthPath: string;
  readonly marker: ServiceMarker;
}

/** Whether the service's listener rule routes this path (a rule with no path condition routes every path). */
export function routesPath(service: ServiceConfig, path: string): boolean {
  const { paths } = service.routing;
  return paths.length === 0 || paths.some((pattern) => matchesPathPattern(pattern, path));
}

export function resolveServiceVerify(service: ServiceConfig): ResolvedServiceVerify {
  return {
    healthPath: service.verify.healthPath ?? defaultHealthPath(service),
    marker: service.verify.marker ?? { header: DEFAULT_MARKER_HEADER, value: service.name },
  };
}

/** healthCheckPath when the ALB routes it to the service, else under the first routing prefix (`/app/` + `healthz`). */
function defaultHealthPath(service: ServiceConfig): string {
  if (routesPath(service, service.healthCheckPath)) return service.healthCheckPath;
  const prefix = patternPrefix(service.routing.paths[0]);
  return `${prefix.replace(/\/+$/, "")}${service.healthCheckPath}`;
}
