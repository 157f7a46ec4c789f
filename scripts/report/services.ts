// Services per phase: the catalog (config.services, `phase: 1|2`) checked against the ECS services in the synthesized
// stacks. A service construct is keyed by the service name, so the name is a segment of its construct path.
import type { EnvironmentConfig } from "../../config/schema";
import { byText, resourcesOf, type SynthBlock, type SynthStack } from "./synth-model";

export type ServiceStatus = "synthesized" | "missing" | "stack not synthesized" | "in another stack";

export interface ServicePlacement {
  readonly service: string;
  /** `phase1` or `phase2`, from the catalog. */
  readonly phase: string;
  /** The stack the catalog puts it in, `<env>-<phase>`. */
  readonly stack: string;
  readonly status: ServiceStatus;
  /** The aws_ecs_service found for it, `<stack>: <address>`. */
  readonly ecsService?: string;
  readonly usesDatabase: boolean;
}

export interface ServicesReport {
  readonly placements: readonly ServicePlacement[];
  /** ECS services in the synth that no catalog entry accounts for. */
  readonly uncatalogued: readonly string[];
}

export const ECS_SERVICE_TYPE = "aws_ecs_service";

/** The catalog service an ECS service resource belongs to, by construct path segment or by its `name`. */
export function catalogNameOf(block: SynthBlock, names: readonly string[]): string | undefined {
  const segments = block.path.split("/");
  const physical = typeof block.body.name === "string" ? block.body.name : "";
  const matches = names.filter((n) => segments.includes(n) || physical === n || physical.endsWith(`-${n}`));
  return matches.sort((a, b) => b.length - a.length || byText(a, b))[0];
}

export function ecsServicesOf(stacks: readonly SynthStack[]): SynthBlock[] {
  return stacks.flatMap((s) => resourcesOf(s).filter((r) => r.type === ECS_SERVICE_TYPE));
}

export function servicesPerPhase(stacks: readonly SynthStack[], config: EnvironmentConfig): ServicesReport {
  const names = config.services.map((s) => s.name);
  const ecs = ecsServicesOf(stacks).map((block) => ({ block, service: catalogNameOf(block, names) }));
  const stackIds = new Set(stacks.map((s) => s.id));
  const placements = config.services
    .map((service): ServicePlacement => {
      const phase = `phase${service.phase}`;
      const stack = `${config.environment}-${phase}`;
      const found = ecs.filter((e) => e.service === service.name).map((e) => e.block);
      const home = found.find((b) => b.stack === stack) ?? found[0];
      const status: ServiceStatus = home ? (home.stack === stack ? "synthesized" : "in another stack") : stackIds.has(stack) ? "missing" : "stack not synthesized";
      return { service: service.name, phase, stack, status, ecsService: home ? `${home.stack}: ${home.address}` : undefined, usesDatabase: service.usesDatabase };
    })
    .sort((a, b) => byText(a.phase, b.phase) || byText(a.service, b.service));
  const uncatalogued = ecs
    .filter((e) => e.service === undefined)
    .map((e) => `${e.block.stack}: ${e.block.address} (${e.block.path})`)
    .sort(byText);
  return { placements, uncatalogued };
}
