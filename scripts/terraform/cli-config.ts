// The project's own Terraform CLI configuration for the runs it makes itself (validate, the offline plan): the
// aws provider from a local filesystem mirror when the machine has one (else the registry, through a plugin cache),
// no checkpoint calls. The
// environment's TF_CLI_CONFIG_FILE is never read or changed: each run gets this file through its own environment.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export const AWS_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";
/** Names a mirror explicitly (a laptop's or runner's own); otherwise the usual places are searched. */
export const MIRROR_ENV_VAR = "BRAVEHEART_TF_PROVIDER_MIRROR";
/** Where the plugin cache lives when the provider comes from the registry; one per machine by default. */
export const PLUGIN_CACHE_ENV_VAR = "BRAVEHEART_TF_PLUGIN_CACHE";

/** Terraform's implied local mirror directories (CLI configuration docs, "Implied Local Mirror Directories"), and the machine image's. */
export function candidateMirrors(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? homedir();
  const xdgData = env.XDG_DATA_HOME ?? join(home, ".local/share");
  return ["/opt/tf-plugins", join(home, ".terraform.d/plugins"), join(xdgData, "terraform/plugins"), "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"];
}

const platform = () => `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;

/** The aws provider versions a mirror holds for this platform, unpacked (`<v>/<os_arch>/`) or packed (`.zip`), newest first. */
export function mirroredVersions(mirror: string): string[] {
  const dir = join(mirror, AWS_PROVIDER_SOURCE);
  if (!existsSync(dir)) return [];
  const versions = readdirSync(dir).flatMap((entry) => {
    if (existsSync(join(dir, entry, platform()))) return [entry];
    const packed = new RegExp(`^terraform-provider-aws_(\\d+\\.\\d+\\.\\d+)_${platform()}\\.zip$`).exec(entry);
    return packed ? [packed[1]] : [];
  });
  const key = (v: string) => v.split(".").map((n) => n.padStart(6, "0")).join(".");
  return [...new Set(versions)].sort((a, b) => key(b).localeCompare(key(a)));
}

export interface ProviderSource {
  /** The mirror directory, or undefined: the registry (a machine with internet). */
  readonly mirror?: string;
  /** The versions it holds, newest first (empty for the registry: any). */
  readonly versions: readonly string[];
}

/** The mirror named by BRAVEHEART_TF_PROVIDER_MIRROR, else the first usual place that holds the aws provider. */
export function findProviderSource(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = candidateMirrors(env)): ProviderSource {
  const named = env[MIRROR_ENV_VAR];
  if (named) {
    const versions = mirroredVersions(named);
    if (versions.length === 0) throw new Error(`${MIRROR_ENV_VAR}=${named} holds no ${AWS_PROVIDER_SOURCE} for ${platform()} (expected <mirror>/${AWS_PROVIDER_SOURCE}/<version>/${platform()}/)`);
    return { mirror: named, versions };
  }
  for (const mirror of candidates) {
    const versions = mirroredVersions(mirror);
    if (versions.length > 0) return { mirror, versions };
  }
  return { versions: [] };
}

/**
 * The provider version to check with: the pin when the source has it (or is the registry), else the newest mirrored
 * one, with the reason (docs/ci.md, "What a 5.x check proves about 6.x").
 */
export function checkProviderVersion(source: ProviderSource, pinned: string): { version: string; note?: string } {
  if (!source.mirror || source.versions.includes(pinned)) return { version: pinned };
  const version = source.versions[0];
  return { version, note: `aws provider ${pinned} (the pin) is not in ${source.mirror}; checking with ${version}, the newest there` };
}

/**
 * With a mirror, no plugin cache: Terraform links each stack's `.terraform/providers` straight to the unpacked mirror
 * (nothing is copied or written, so concurrent runs in other processes cannot race). With the registry, a plugin
 * cache, whose installs take turns through a lock file (terraform-cli.ts withFileLock): it is not concurrency-safe.
 */
export function cliConfigText(source: ProviderSource, pluginCacheDir: string): string {
  const lines = ["# Written by scripts/terraform/cli-config.ts for the project's own terraform runs.", "disable_checkpoint = true"];
  if (source.mirror) {
    lines.push(
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(source.mirror)}`,
      `    include = [${JSON.stringify(AWS_PROVIDER_SOURCE)}]`,
      "  }",
      "  direct {",
      `    exclude = [${JSON.stringify(AWS_PROVIDER_SOURCE)}]`,
      "  }",
      "}",
    );
  } else {
    lines.push(`plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`);
  }
  return `${lines.join("\n")}\n`;
}

export interface CliConfig {
  readonly path: string;
  readonly source: ProviderSource;
  readonly pluginCacheDir: string;
}

/** Writes the CLI configuration into `dir` and makes the plugin cache directory. */
export function writeCliConfig(dir: string, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const source = findProviderSource(env);
  const pluginCacheDir = env[PLUGIN_CACHE_ENV_VAR] ?? join(tmpdir(), "braveheart-terraform-plugin-cache");
  mkdirSync(pluginCacheDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "terraform.tfrc");
  writeFileSync(path, cliConfigText(source, pluginCacheDir));
  return { path, source, pluginCacheDir };
}
