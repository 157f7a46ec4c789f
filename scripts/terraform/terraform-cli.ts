// Runs the terraform binary for the project's checks: its own CLI configuration, no AWS credentials or profiles of
// the caller (an offline check must never reach a real account), machine-readable output, and Terraform's own
// diagnostics kept word for word for the report.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, rmSync, statSync } from "node:fs";

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** The terraform binary's version, or undefined when there is none on PATH. */
export function terraformVersion(): string | undefined {
  const run = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (run.status !== 0) return undefined;
  try {
    return JSON.parse(run.stdout).terraform_version as string;
  } catch {
    return undefined;
  }
}

/** The environment of every terraform process: the caller's, minus anything that could select real AWS credentials. */
export function terraformEnv(cliConfigPath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|TF_)/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigPath,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

export function runTerraform(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 10 * 60_000): Promise<TerraformRun> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}

/** The diagnostics of a `-json` run (validate prints one document; plan prints one JSON message per line). */
export function diagnosticsOf(stdout: string): Diagnostic[] {
  const trimmed = stdout.trim();
  if (trimmed.startsWith("{") && !trimmed.includes("\n{")) {
    try {
      return (JSON.parse(trimmed).diagnostics ?? []) as Diagnostic[];
    } catch {
      // not one document: fall through to lines
    }
  }
  return trimmed
    .split("\n")
    .flatMap((line) => {
      try {
        const message = JSON.parse(line);
        return message.type === "diagnostic" ? [message.diagnostic as Diagnostic] : [];
      } catch {
        return [];
      }
    });
}

/** `Plan: N to add, ...` of a `terraform plan -json` run. */
export function changeSummaryOf(stdout: string): { add: number; change: number; remove: number } | undefined {
  for (const line of stdout.split("\n").reverse()) {
    try {
      const message = JSON.parse(line);
      if (message.type === "change_summary") return message.changes;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

/** One diagnostic as Terraform prints it: summary, where, and its detail. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.address, d.range ? `${d.range.filename} line ${d.range.start.line}` : undefined].filter(Boolean).join(", ");
  return `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${where ? ` (${where})` : ""}${d.detail ? `\n    ${d.detail.replace(/\n/g, "\n    ")}` : ""}`;
}

/**
 * Runs `fn` holding an exclusive lock file, across processes: Terraform's plugin cache (used when the provider comes
 * from the registry) is not safe for concurrent installs, so every `terraform init` of every check on this machine
 * takes turns (each is ~1 s once the provider is there).
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, staleMs = 5 * 60_000): Promise<T> {
  for (;;) {
    try {
      closeSync(openSync(lockPath, "wx"));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        // A holder that died leaves the file: take it over once it is older than any init could take.
        if (Date.now() - statSync(lockPath).mtimeMs > staleMs) rmSync(lockPath, { force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
