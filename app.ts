// Builds the app: one stack per migration phase per environment, wired through typed outputs. main.ts (the CLI
// entry) and the tests both build through here, so they synthesize the same thing.
import { App } from "cdktf";
import type { EnvironmentConfig } from "./config/schema";
import { applyGuardrails } from "./guardrails/packs/braveheart-pack";
import { applyPermissionsBoundary } from "./constructs/iam/permissions-boundary";
import { ServiceFleet } from "./constructs/service/service-fleet";
import { BackupStack } from "./stacks/backup-stack";
import { GoliveStack } from "./stacks/golive-stack";
import type { PhaseStack } from "./stacks/phase-stack";
import { Phase1Stack } from "./stacks/phase1-stack";
import { Phase2Stack } from "./stacks/phase2-stack";
import { PreparationStack } from "./stacks/preparation-stack";

export interface BuildOptions {
  /** Where `app.synth()` writes. @default - CDKTF_OUTDIR, else cdktf.out */
  readonly outdir?: string;
}

/** One environment's stacks. */
export interface EnvironmentStacks {
  /** Every stack, in phase (apply) order. */
  readonly stacks: readonly PhaseStack[];
  readonly preparation: PreparationStack;
  readonly backup: BackupStack;
  readonly phase1: Phase1Stack;
  readonly phase2: Phase2Stack;
  readonly golive: GoliveStack;
}

export interface BuiltApp extends EnvironmentStacks {
  readonly app: App;
}

export function createApp(options: BuildOptions = {}): App {
  // Stack traces in construct metadata make output machine-specific; nothing reads them.
  return new App({ outdir: options.outdir, stackTraces: false });
}

/** Adds one environment's phase stacks (`<environment>-<phase>`) to an app, with the guardrails checking them. */
export function addEnvironment(app: App, config: EnvironmentConfig): EnvironmentStacks {
  const preparation = new PreparationStack(app, { config });
  const backup = new BackupStack(app, { config });
  const phase1 = new Phase1Stack(app, { config, preparation: preparation.outputs });
  const phase2 = new Phase2Stack(app, {
    config,
    preparation: preparation.outputs,
    phase1: phase1.outputs,
    // The critical services run on phase1's platform, plus the database.
    serviceFleetFactory: (scope, id, request) =>
      new ServiceFleet(scope, id, { services: request.services, platform: { ...phase1.servicePlatform, database: request.database }, dependsOn: request.dependsOn }),
  });
  const golive = new GoliveStack(app, { config, preparation: preparation.outputs, phase1: phase1.outputs, phase2: phase2.outputs });
  const stacks = [preparation, backup, phase1, phase2, golive];
  // Every role but CI's own carries the boundary, so no policy CI writes can lift a role above it.
  applyPermissionsBoundary(stacks, preparation.outputs.iam.workloadBoundaryArn, preparation.ciRoles);
  // Per environment, because rules depend on the environment (production is held to more of them).
  applyGuardrails(stacks, config);
  return { stacks, preparation, backup, phase1, phase2, golive };
}

/** The app for one environment. */
export function buildApp(config: EnvironmentConfig, options: BuildOptions = {}): BuiltApp {
  const app = createApp(options);
  return { app, ...addEnvironment(app, config) };
}

/** One app holding several environments (stack ids differ by their environment prefix). */
export function buildMultiEnvironmentApp(configs: readonly EnvironmentConfig[], options: BuildOptions = {}): { app: App; environments: EnvironmentStacks[] } {
  const app = createApp(options);
  return { app, environments: configs.map((config) => addEnvironment(app, config)) };
}
