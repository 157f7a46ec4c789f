// What the platform knows about each database engine it supports: which major versions have an RDS parameter
// group family, and the engine's well-known port (the platform deliberately listens elsewhere). Both the config
// checks and the Database construct read this table, so a version the checks accept is one the construct can build.
import type { EnvironmentConfig } from "./schema";

export type DatabaseEngine = EnvironmentConfig["database"]["engine"];

interface EngineFacts {
  /** Major versions RDS still offers (standard support), in the form the family uses. */
  readonly supportedMajors: readonly string[];
  /** How many dot-separated parts make the major version: PostgreSQL `16`, MySQL `8.0`. */
  readonly majorParts: number;
  /** The port every scanner tries first. */
  readonly wellKnownPort: number;
}

export const ENGINE_FACTS: Readonly<Record<DatabaseEngine, EngineFacts>> = {
  postgres: { supportedMajors: ["13", "14", "15", "16", "17"], majorParts: 1, wellKnownPort: 5432 },
  mysql: { supportedMajors: ["8.0", "8.4"], majorParts: 2, wellKnownPort: 3306 },
};

/** `16.4` -> `16` for PostgreSQL, `8.0.39` -> `8.0` for MySQL. */
export function engineMajorVersion(engine: DatabaseEngine, version: string): string {
  return version.split(".").slice(0, ENGINE_FACTS[engine].majorParts).join(".");
}

/** The RDS parameter group family: `postgres16`, `mysql8.0`. */
export function parameterGroupFamily(engine: DatabaseEngine, version: string): string {
  return `${engine}${engineMajorVersion(engine, version)}`;
}

/** Whether RDS has a parameter group family for this engine version. */
export function isSupportedEngineVersion(engine: DatabaseEngine, version: string): boolean {
  const major = engineMajorVersion(engine, version);
  // MySQL needs both parts: `8` alone names no family.
  return version.split(".").length >= ENGINE_FACTS[engine].majorParts && ENGINE_FACTS[engine].supportedMajors.includes(major);
}
