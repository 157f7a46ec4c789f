// A Terraform `removed` block: the stack stops managing an object without destroying it (Terraform >= 1.7).
import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";

export interface RemovedBlockProps {
  /** `type.name` address the stack's state may still hold, e.g. `aws_route53_record.Preview_A_1A2B3C4D`. */
  readonly from: string;
}

/**
 * `removed { from = <address>; lifecycle { destroy = false } }`: on the next apply Terraform forgets the object
 * instead of destroying it (a no-op where the state never held it). For a resource that moved to another stack,
 * whose state imports it: without this block, applying the old stack would destroy what the new one now manages.
 * Like ImportBlock, written by hand because cdktf 0.21 has no construct for it (nor an HCL renderer: scripts/hcl); the stacks already require
 * Terraform >= 1.10 (stacks/phase-stack.ts).
 */
export class RemovedBlock extends TerraformElement {
  readonly from: string;

  constructor(scope: Construct, id: string, props: RemovedBlockProps) {
    super(scope, id, "removed");
    if (!/^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(props.from)) {
      throw new Error(`RemovedBlock ${this.node.path}: "${props.from}" is not a resource address (type.name)`);
    }
    this.from = props.from;
  }

  public toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.from, lifecycle: [{ destroy: false }] }] };
  }

  /** Nothing for cdktf's HCL renderer, which drops blocks it does not know; scripts/hcl writes `hclText()` instead. */
  public toHclTerraform(): Record<string, unknown> {
    return {};
  }

  public hclText(): string {
    return `removed {\n  from = ${this.from}\n  lifecycle {\n    destroy = false\n  }\n}\n`;
  }
}
