// What a synthesized stack's directory says about its Terraform state, for the deploy and diff commands
// (scripts/stack-command.ts): which backend the stack is synthesized for, which one its `.terraform/` was initialised
// for, and whether the stack has been applied (its state holds resources). Nothing here writes or deletes state.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** A path as a user would type it from `cwd`: relative inside it, absolute outside. */
function shownPath(path: string, cwd: string = process.cwd()): string {
  const shown = relative(cwd, path);
  return shown === "" ? "." : shown.startsWith("..") ? path : shown;
}

/** A backend as Terraform records it: its type and the settings that locate the state. */
export interface BackendSettings {
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** The backend a synthesized stack (`cdk.tf.json`) is configured for: `terraform.backend.<type>` or `terraform.cloud`. */
export function synthesizedBackend(stackJson: any): BackendSettings {
  const cloud = stackJson?.terraform?.cloud;
  if (cloud !== undefined) return { type: "cloud", config: cloud };
  const [type, config] = Object.entries<Record<string, unknown>>(stackJson?.terraform?.backend ?? {})[0] ?? ["local", {}];
  return { type, config };
}

/**
 * The backend `terraform init` last initialised the stack's directory for (`.terraform/terraform.tfstate`), or
 * undefined when the directory was never initialised.
 */
export function initialisedBackend(stackDir: string): BackendSettings | undefined {
  const path = join(stackDir, ".terraform", "terraform.tfstate");
  if (!existsSync(path)) return undefined;
  const recorded = JSON.parse(readFileSync(path, "utf8"));
  if (recorded.backend?.type === undefined) return undefined;
  return { type: recorded.backend.type, config: recorded.backend.config ?? {} };
}

/**
 * The settings that differ between what the directory was initialised for and what is synthesized now, as
 * `name: old -> new`; empty when they agree. Terraform records every argument (null when unset): only the ones the
 * synthesized backend sets, and any the old one set, are compared.
 */
export function backendDifferences(initialised: BackendSettings, synthesized: BackendSettings): string[] {
  if (initialised.type !== synthesized.type) return [`type: ${initialised.type} -> ${synthesized.type}`];
  const names = new Set([
    ...Object.keys(synthesized.config),
    ...Object.entries(initialised.config).filter(([, v]) => v !== null && v !== undefined && v !== false && v !== "").map(([k]) => k),
  ]);
  const show = (value: unknown) => (value === undefined || value === null ? "(unset)" : JSON.stringify(value));
  return [...names]
    .sort()
    .filter((name) => JSON.stringify(initialised.config[name] ?? null) !== JSON.stringify(synthesized.config[name] ?? null))
    .map((name) => `${name}: ${show(initialised.config[name])} -> ${show(synthesized.config[name])}`);
}

/**
 * Why a stack's directory cannot be used as it is: it was initialised for another backend than the synthesized one
 * (after a change of `backend:` in the environment file). Names both ways out, in that directory; never deletes state.
 */
export function backendSwitchProblem(stack: string, stackDir: string, stackJson: any, cwd: string = process.cwd()): string | undefined {
  const initialised = initialisedBackend(stackDir);
  if (initialised === undefined) return undefined;
  const differences = backendDifferences(initialised, synthesizedBackend(stackJson));
  if (differences.length === 0) return undefined;
  const dir = shownPath(stackDir, cwd);
  return [
    `${stack}: ${dir}/.terraform/ was initialised for another backend than the one synthesized now (${differences.join("; ")}).`,
    `  to move the state to the new backend:   terraform -chdir=${dir} init -migrate-state`,
    `  to use the new backend as it is:        terraform -chdir=${dir} init -reconfigure   (the old state stays where it was)`,
  ].join("\n");
}

/** backendSwitchProblem for every stack of a synthesized app (manifest.json in `outdir`), in manifest order. */
export function backendSwitchesIn(outdir: string, cwd: string = process.cwd()): string[] {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) return [];
  const stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }> = JSON.parse(readFileSync(manifestPath, "utf8")).stacks ?? {};
  return Object.entries(stacks).flatMap(([id, entry]) => {
    if (!entry.synthesizedStackPath.endsWith(".json")) return []; // HCL output: no backend to compare here
    const stackJson = JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8"));
    return backendSwitchProblem(id, join(outdir, entry.workingDirectory), stackJson, cwd) ?? [];
  });
}

/** Whether a stack has been applied: its state holds resources, holds none, or could not be read (and why). */
export type AppliedState =
  | { readonly status: "applied" }
  | { readonly status: "empty"; readonly why: string }
  | { readonly status: "unreadable"; readonly why: string };

/**
 * Whether the stack's state holds any resource: a local state file is read directly; a remote one through
 * `terraform state pull`, after `terraform init` when the directory was never initialised.
 */
export function appliedState(stackDir: string, stackJson: any): AppliedState {
  const backend = synthesizedBackend(stackJson);
  let raw: string;
  if (backend.type === "local") {
    const path = join(stackDir, String(backend.config.path ?? "terraform.tfstate"));
    if (!existsSync(path)) return { status: "empty", why: `no local state file ${path}` };
    raw = readFileSync(path, "utf8");
  } else {
    if (initialisedBackend(stackDir) === undefined) {
      const init = terraform(stackDir, ["init", "-input=false", "-no-color"]);
      if (init.status !== 0) return { status: "unreadable", why: `terraform -chdir=${shownPath(stackDir)} init failed:\n${init.output}` };
    }
    const pull = terraform(stackDir, ["state", "pull"]);
    if (pull.status !== 0) return { status: "unreadable", why: `terraform -chdir=${shownPath(stackDir)} state pull failed:\n${pull.output}` };
    raw = pull.stdout;
  }
  let resources = 0;
  try {
    resources = raw.trim() === "" ? 0 : (JSON.parse(raw).resources ?? []).length;
  } catch {
    return { status: "unreadable", why: "its state is not JSON" };
  }
  return resources > 0 ? { status: "applied" } : { status: "empty", why: `its ${backend.type} state holds no resources` };
}

function terraform(dir: string, args: readonly string[]): { status: number; stdout: string; output: string } {
  const result = spawnSync("terraform", [`-chdir=${dir}`, ...args], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error.message) : ""}`.trim();
  return { status: result.status ?? 1, stdout: result.stdout ?? "", output };
}
