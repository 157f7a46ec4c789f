// Shared test harness: load the shipped environments (optionally edited), synthesize the whole app once, and read
// the synthesized JSON. Full app synth is what the CLI does; it is the only way cross-stack outputs and
// terraform_remote_state data sources appear (Testing.synth skips prepareStack).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import type { BuiltApp } from "../app";
import { ConfigError, REPO_ROOT, validateConfig } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { SYNTH_CACHE_ENV_VAR } from "./synth-cache";

export type ShippedEnvironment = "staging" | "production";

export function shippedConfigPath(env: ShippedEnvironment): string {
  return resolve(REPO_ROOT, "config", `${env}.yaml`);
}

const parsedShipped = new Map<ShippedEnvironment, Record<string, any>>();
/** The raw (unvalidated) YAML document of a shipped environment, as a plain object to edit (a fresh copy each call). */
export function rawConfig(env: ShippedEnvironment): Record<string, any> {
  // Parsed once per test file: configFor runs hundreds of times a run, and YAML parsing was ~1 s of it.
  if (!parsedShipped.has(env)) parsedShipped.set(env, parse(readFileSync(shippedConfigPath(env), "utf8")));
  return structuredClone(parsedShipped.get(env)!);
}

/** A shipped environment, optionally edited before validation (the edit receives the raw document). */
export function configFor(env: ShippedEnvironment, edit?: (raw: Record<string, any>) => void): EnvironmentConfig {
  const raw = rawConfig(env);
  edit?.(raw);
  // The edited document is validated as parseConfig validates the file's, without writing and re-reading it as YAML
  // (~3 ms a call, a few hundred calls a run).
  return validateConfig(raw, `config/${env}.yaml`);
}

/**
 * GIVEN a shipped environment with an edit, WHEN it is validated, THEN this is the whole ConfigError message (the
 * test fails if the edit is accepted or fails any other way).
 */
export function configProblems(edit: (raw: Record<string, any>) => void, env: ShippedEnvironment = "staging"): string {
  try {
    configFor(env, edit);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

/** Synthesized Terraform JSON of one stack. */
export type StackJson = {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
  terraform?: Record<string, any>;
  provider?: Record<string, any>;
  moved?: any[];
  import?: any[];
};

export interface SynthResult {
  readonly built: BuiltApp;
  /** stack id -> parsed cdk.tf.json */
  readonly stacks: Record<string, StackJson>;
}

/**
 * Builds and fully synthesizes the app for a config into a temporary directory, then removes it. For tests that need
 * the construct tree (`built`); tests that only read JSON use synthStacks, which shares synths between files.
 */
export function synthAll(config: EnvironmentConfig): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), "braveheart-test-"));
  try {
    // Loaded on first use: test files that only validate config then never load the app's stacks and the provider
    // modules (~0.7 s each; setup.ts still loads cdktf itself for its matchers).
    const { buildApp } = require("../app") as typeof import("../app");
    const built = buildApp(config, { outdir });
    built.app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const stacks: Record<string, StackJson> = {};
    for (const [id, entry] of Object.entries<any>(manifest.stacks)) {
      stacks[id] = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8"));
    }
    return { built, stacks };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The synthesized JSON of every stack of the app `buildApp` makes for `config`. Test files that only read JSON share
 * one synth per distinct config within a jest run (the cache directory is made fresh by __tests__/global-setup.ts
 * and removed after the run, so it never outlives the code that filled it): the shipped staging and production
 * files were synthesized 21 times per run before.
 */
export function synthStacks(config: EnvironmentConfig): Record<string, StackJson> {
  const cacheDir = process.env[SYNTH_CACHE_ENV_VAR];
  if (cacheDir === undefined) return synthAll(config).stacks;
  const file = join(cacheDir, `${createHash("sha256").update(JSON.stringify(config)).digest("hex")}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    const { stacks } = synthAll(config);
    const scratch = `${file}.${process.pid}`;
    writeFileSync(scratch, JSON.stringify(stacks));
    renameSync(scratch, file); // atomic: another worker reads a whole file or none
    return stacks;
  }
}

/** All resources of a type in a stack's JSON: [logical name, body] pairs. */
export function resourcesOf(stack: StackJson, type: string): [string, any][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** The single resource of a type whose construct path ends with `pathSuffix`. */
export function resourceAt(stack: StackJson, type: string, pathSuffix: string): any {
  const matches = resourcesOf(stack, type).filter(([, body]) => String(body["//"]?.metadata?.path ?? "").endsWith(pathSuffix));
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} at ...${pathSuffix}, found ${matches.length}: ${resourcesOf(stack, type).map(([n]) => n).join(", ")}`);
  }
  return matches[0][1];
}

/** Every resource address (`type.name`) in a stack. */
export function addressesOf(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();
}

/**
 * Runs `fn` with a PATH that holds no terraform binary, as on CI's test job and a reviewer's laptop: synth must not
 * need one (cdktf's importFrom and CloudBackend shell out to `terraform version` unless kept from it).
 */
export function withoutTerraformOnPath<T>(fn: () => T): T {
  const emptyDir = mkdtempSync(join(tmpdir(), "braveheart-no-terraform-"));
  const path = process.env.PATH;
  process.env.PATH = emptyDir;
  try {
    return fn();
  } finally {
    process.env.PATH = path;
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

/**
 * A shipped environment on a Terraform Cloud backend with this execution mode: the fixture of the dynamic provider
 * credentials tests. One definition, so the tests that synthesize it share one synth (synthStacks' cache).
 */
export function terraformCloudConfig(executionMode: "local" | "remote" | "agent", env: ShippedEnvironment = "staging"): EnvironmentConfig {
  return configFor(env, (raw) => (raw.backend = { type: "cloud", organization: "braveheart", workspacePrefix: "platform", executionMode }));
}
