// Removes the run's shared synth cache (see global-setup.ts).
import { rmSync } from "node:fs";
import { SYNTH_CACHE_ENV_VAR } from "./synth-cache";

export default function globalTeardown(): void {
  const dir = process.env[SYNTH_CACHE_ENV_VAR];
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}
