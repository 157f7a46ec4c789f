// Container definitions of an ECS task definition, as the container rules read them.
import { json, UNKNOWN, type Unknown } from "../../values";

export interface ContainerDefinition {
  readonly name?: string;
  readonly privileged?: unknown;
  readonly environment?: { name?: string; value?: unknown }[];
  readonly logConfiguration?: { logDriver?: string };
  readonly [key: string]: unknown;
}

/** The task definition's containers; UNKNOWN when the JSON is computed. */
export function containerDefinitions(value: unknown): ContainerDefinition[] | Unknown {
  const parsed = json(value);
  if (parsed === undefined) return [];
  return Array.isArray(parsed) ? (parsed as ContainerDefinition[]) : UNKNOWN;
}

export const containerLabel = (c: ContainerDefinition, i: number) => `container ${c.name ? `"${c.name}"` : `[${i}]`}`;
