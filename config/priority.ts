// Listener rule priorities must not move when the catalog changes: a moved priority replaces the rule and, for a
// moment, routes requests to the wrong service. So a priority depends on the service's own name only.

/** Lowest derived priority: 1..999 stay free for hand-set rules (maintenance pages, overrides). */
export const DERIVED_PRIORITY_MIN = 1000;
/**
 * The platform's own health check rule (`/healthz` answered by the ALB itself, see constructs/edge/health-check-rule):
 * evaluated before every service so no catch-all path pattern can shadow it.
 */
export const PLATFORM_HEALTH_RULE_PRIORITY = 1;
/** The catch-all service's rule (`routing.catchAll`): the last an ALB evaluates, after every service's own. */
export const CATCH_ALL_RULE_PRIORITY = 50000;
/** Highest derived priority (ALB allows up to 50000). */
export const DERIVED_PRIORITY_MAX = 49999;

/** 32-bit FNV-1a: tiny, stable across Node versions and platforms. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The service's listener rule priority: the configured one, else a stable hash of its name. */
export function listenerPriority(service: { readonly name: string; readonly routing: { readonly priority?: number } }): number {
  return service.routing.priority ?? DERIVED_PRIORITY_MIN + (fnv1a(service.name) % (DERIVED_PRIORITY_MAX - DERIVED_PRIORITY_MIN + 1));
}
