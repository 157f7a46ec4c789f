// A minimal stack that passes the stack-scoped rules (tagged provider, pinned version), with the pack applied, for
// tests that add one resource and look at what the guardrails report.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AnnotationMetadataEntryType, App, Aspects, LocalBackend, TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import { BraveheartGuardrails } from "../../guardrails/packs/braveheart-pack";
import type { Rule } from "../../guardrails/rule";
import { scratchOutdir } from "../synth-cache";

export interface Fixture {
  readonly app: App;
  readonly stack: TerraformStack;
}

export function fixtureStack(options: { production?: boolean; rules?: readonly Rule[]; outdir?: string } = {}): Fixture {
  const app = new App({ stackTraces: false, outdir: options.outdir ?? scratchOutdir() });
  const stack = new TerraformStack(app, "fixture");
  new AwsProvider(stack, "aws", { region: "eu-west-2", allowedAccountIds: ["123456789012"], defaultTags: [{ tags: { project: "fixture" } }] });
  new LocalBackend(stack, { path: "fixture.tfstate" });
  stack.addOverride("terraform.required_providers.aws.version", "6.25.0");
  Aspects.of(stack).add(new BraveheartGuardrails({ config: { production: options.production ?? false }, rules: options.rules }));
  return { app, stack };
}

/** Runs the aspects (as synth does) and returns `[path] message` of every annotation of one level. */
export function annotations(stack: TerraformStack, level: "error" | "warn" = "error"): string[] {
  Testing.synth(stack);
  const type = level === "error" ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN;
  return stack.node
    .findAll()
    .flatMap((c: IConstruct) => c.node.metadata.filter((m) => m.type === type).map((m) => `[${c.node.path}] ${m.data}`));
}
