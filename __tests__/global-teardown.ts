// Removes the run's shared synth cache (see global-setup.ts), and fails the run if a test left cdktf.out in the
// checkout: a directory without manifest.json there makes the next `npm run synth` refuse to run (scratchOutdir).
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { CHECKOUT_OUTDIR_EXISTED_ENV_VAR, SYNTH_CACHE_ENV_VAR } from "./synth-cache";

export default function globalTeardown(): void {
  const dir = process.env[SYNTH_CACHE_ENV_VAR];
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  const checkoutOutdir = join(resolve(__dirname, ".."), "cdktf.out");
  if (process.env[CHECKOUT_OUTDIR_EXISTED_ENV_VAR] === "0" && existsSync(checkoutOutdir)) {
    rmSync(checkoutOutdir, { recursive: true, force: true });
    throw new Error("a test wrote cdktf.out into the checkout (removed): give its App an outdir, e.g. scratchOutdir() from __tests__/synth-cache.ts");
  }
}
