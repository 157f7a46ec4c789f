// The migration phases as data: what scripts and CI need to know about stacks without loading cdktf or the provider.
import type { EnvironmentConfig } from "../config/schema";

/** The migration phases, in apply order. A stack may only read phases before its own. */
export const PHASES = ["preparation", "backup", "phase1", "phase2", "golive"] as const;
export type Phase = (typeof PHASES)[number];

/** `<environment>-<phase>`: the stack's id, directory under cdktf.out/stacks and state key. */
export function stackId(config: EnvironmentConfig, phase: Phase): string {
  return `${config.environment}-${phase}`;
}
