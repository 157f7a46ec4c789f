// The Braveheart guardrails pack: a cdktf Aspect added to every stack (app.ts). When it visits a stack it reads the
// stack's synthesized JSON once (references resolved, exactly what Terraform will see), runs every rule over the
// resources of the rule's types and the stack-scoped rules over the stack, and reports each violation as an error
// annotation on the owning construct, so synth fails with `[stack/path] BH-XXX-N: reason`. Suppressed findings are
// not reported; suppressions that matched nothing become warnings.
import { Annotations, Aspects, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { EnvironmentConfig } from "../../config/schema";
import { ALL_RULES } from "../rules";
import { STACK_SCOPE, type Finding, type Rule, type RuleContext, type RuleResult } from "../rule";
import { StackView, type StackJson } from "../stack-view";
import { findSuppression, markUsed, suppressionsOn, isUsed } from "../suppressions";

export interface BraveheartGuardrailsProps {
  /** The environment: `production` switches on the production-only rules. */
  readonly config: Pick<EnvironmentConfig, "production">;
  /**
   * The rules to run.
   * @default ALL_RULES
   */
  readonly rules?: readonly Rule[];
}

/** The error text of one finding (cdktf prefixes the construct path). */
export function violationMessage(rule: Rule, finding?: Finding): string {
  return `${rule.id}: ${rule.reason}${finding?.detail ? ` (${finding.detail})` : ""}`;
}

export class BraveheartGuardrails implements IAspect {
  private readonly production: boolean;
  private readonly rules: readonly Rule[];
  private readonly byType = new Map<string, Rule[]>();
  /** Stacks already checked: a second synth of the same app must not report everything twice. */
  private readonly checked = new WeakSet<TerraformStack>();

  constructor(props: BraveheartGuardrailsProps) {
    this.production = props.config.production;
    this.rules = props.rules ?? ALL_RULES;
    for (const rule of this.rules) {
      for (const type of rule.resourceTypes) this.byType.set(type, [...(this.byType.get(type) ?? []), rule]);
    }
  }

  visit(node: IConstruct): void {
    // Everything happens once per stack: companion rules need all resources, unused suppressions need all findings.
    if (!TerraformStack.isStack(node) || this.checked.has(node)) return;
    this.checked.add(node);
    this.checkStack(node);
  }

  private checkStack(stack: TerraformStack): void {
    const json = stack.toTerraform();
    if (this.isLastAspect(stack)) handToWriter(stack, json);
    const view = new StackView(stack.node.id, json as StackJson);
    const owners = new Map<string, IConstruct>();
    for (const c of stack.node.findAll()) {
      if (TerraformResource.isTerraformResource(c)) owners.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    }

    for (const resource of view.resources()) {
      const rules = this.byType.get(resource.type);
      if (!rules) continue;
      const owner = owners.get(resource.address) ?? stack;
      const context: RuleContext = { production: this.production, stack: view, type: resource.type, address: resource.address };
      for (const rule of rules) this.report(owner, rule, () => rule.check(resource.attributes, context));
    }
    const stackContext: RuleContext = { production: this.production, stack: view, type: STACK_SCOPE, address: stack.node.id };
    for (const rule of this.byType.get(STACK_SCOPE) ?? []) this.report(stack, rule, () => rule.check(view.json, stackContext));

    const known = new Set(this.rules.map((r) => r.id));
    for (const c of stack.node.findAll()) {
      for (const s of suppressionsOn(c)) {
        if (!known.has(s.id)) {
          Annotations.of(c).addWarning(`Guardrail suppression ${s.id} names no rule of this pack (see docs/guardrails.md); remove or correct it`);
        } else if (!isUsed(s)) {
          Annotations.of(c).addWarning(`Guardrail suppression ${s.id} is unused: nothing here violates it any more; remove it`);
        }
      }
    }
  }

  /** No aspect can change the stack after this pack has read it: it is the stack's last, and none sits lower. */
  private isLastAspect(stack: TerraformStack): boolean {
    const aspects = Aspects.of(stack).all;
    return aspects[aspects.length - 1] === this && stack.node.children.every(function noAspects(c: IConstruct): boolean {
      return Aspects.of(c).all.length === 0 && c.node.children.every(noAspects);
    });
  }

  private report(owner: IConstruct, rule: Rule, run: () => RuleResult): void {
    let result: RuleResult;
    try {
      result = run();
    } catch (err) {
      // A rule that cannot read a resource is a bug in the rule, but it must not let the resource through unchecked.
      Annotations.of(owner).addError(`${rule.id}: the rule failed to evaluate this resource: ${(err as Error).message}`);
      return;
    }
    const list: readonly Finding[] = result === "noncompliant" ? [{ detail: "" }] : typeof result === "string" ? [] : result;
    if (list.length === 0) return;
    const suppression = findSuppression(owner, rule.id);
    if (suppression) {
      markUsed(suppression);
      return;
    }
    for (const finding of list) Annotations.of(owner).addError(violationMessage(rule, finding));
  }
}

/**
 * cdktf resolves a stack twice within its synthesis: for the aspects (the guardrails read the JSON) and, moments
 * later, to write cdk.tf.json. Nothing between the two changes the stack once no aspect runs after the guardrails
 * (validations read, annotations only annotate), so the writer gets the JSON the guardrails checked: the same
 * object, resolved once fewer per stack (~60 ms of a 0.7 s synth). The hand-over is taken by the next toTerraform
 * call only; later ones resolve afresh.
 */
function handToWriter(stack: TerraformStack, json: ReturnType<TerraformStack["toTerraform"]>): void {
  const instance = stack as { toTerraform: TerraformStack["toTerraform"] };
  instance.toTerraform = () => {
    delete (instance as Partial<typeof instance>).toTerraform;
    return json;
  };
}

/** Adds one pack to the given stacks (aspects on the App itself are not run by cdktf). */
export function applyGuardrails(stacks: Iterable<IConstruct>, config: Pick<EnvironmentConfig, "production">): BraveheartGuardrails {
  const pack = new BraveheartGuardrails({ config });
  for (const stack of stacks) {
    if (TerraformStack.isStack(stack)) Aspects.of(stack).add(pack);
  }
  return pack;
}
