// Builds the whole app for one environment: one stack per migration phase, wired through typed outputs.
// main.ts (the CLI entry) and the tests both build through here, so they synthesize the same thing.
import { App } from "cdktf";
import type { EnvironmentConfig } from "./config/schema";
import type { PhaseStack } from "./stacks/phase-stack";
import { BackupStack } from "./stacks/backup-stack";
import { Phase1Stack } from "./stacks/phase1-stack";
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
  readonly backup: BackupStack;
  readonly phase1: Phase1Stack;
}

export function buildApp(config: EnvironmentConfig, options: BuildOptions = {}): BuiltApp {
  // Stack traces in construct metadata cost synth time and make output machine-specific; we do not read them.
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const preparation = new PreparationStack(app, { config });
  const backup = new BackupStack(app, { config });
  const phase1 = new Phase1Stack(app, { config, preparation: preparation.outputs });
  return { app, stacks: [preparation, backup, phase1], preparation, backup, phase1 };
}
