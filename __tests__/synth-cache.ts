import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Environment variable naming the directory where one jest run shares synthesized JSON between test files. */
export const SYNTH_CACHE_ENV_VAR = "BRAVEHEART_SYNTH_CACHE";
/** "1" when the checkout had a cdktf.out before the run (a developer's synth), so only a new one fails it. */
export const CHECKOUT_OUTDIR_EXISTED_ENV_VAR = "BRAVEHEART_CHECKOUT_OUTDIR_EXISTED";

/**
 * A fresh output directory for an App a test builds: cdktf makes `<outdir>/stacks` as soon as an App exists, and
 * its default outdir is the checkout's cdktf.out, which the next `npm run synth` then refuses to replace (it holds
 * no manifest). Made inside the run's cache directory, so global-teardown.ts removes it.
 */
export function scratchOutdir(): string {
  return mkdtempSync(join(process.env[SYNTH_CACHE_ENV_VAR] ?? tmpdir(), "app-"));
}
