// Builds the whole app for one environment: one stack per migration phase, wired through typed outputs.
// main.ts (the CLI entry) and the tests both build through here, so they synthesize the same thing.
import { App } from "cdktf";
import type { EnvironmentConfig } from "./config/schema";
import { applyGuardrails } from "./guardrails/packs/braveheart-pack";
import type { PhaseStack } from "./stacks/phase-stack";
import { PreparationStack } from "./stacks/preparation-stack";

export interface BuildOptions {
  /** Where `app.synth()` writes. @default - CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
}

export interface BuiltApp {
  readonly app: App;
  /** Every stack, in phase (apply) order. */
  readonly stacks: readonly PhaseStack[];
  readonly preparation: PreparationStack;
}

export function buildApp(config: EnvironmentConfig, options: BuildOptions = {}): BuiltApp {
  // Stack traces in construct metadata cost synth time and make output machine-specific; we do not read them.
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const preparation = new PreparationStack(app, { config });
  // Last, so that it covers every stack above: a guardrail violation fails synth (docs/guardrails.md).
  applyGuardrails(app, config);
  return { app, stacks: [preparation], preparation };
}
