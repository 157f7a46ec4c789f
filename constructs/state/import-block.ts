// A Terraform `import` block: brings an object that exists today into a resource's address on the next apply.
import { TerraformElement, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";

export interface ImportBlockProps {
  /** The resource whose address the existing object is imported into. */
  readonly resource: TerraformResource;
  /** The provider's import id of the existing object (for aws_route53_record, `<zone id>_<name>_<type>`). */
  readonly importId: string;
}

/**
 * The same `import` block, in JSON and in HCL, as cdktf's `resource.importFrom(id)`, without the check that method
 * adds: it runs `terraform version` through a shell at every synth, so synth fails on a machine without a terraform
 * binary (CI's synth and test jobs, a reviewer's laptop) and costs ~0.2 s per stack on one with it. The Terraform
 * that plans and applies is the one that matters, and every stack already holds it to `required_version >= 1.10.0`
 * (stacks/phase-stack.ts), above the 1.5 that import blocks need.
 */
export class ImportBlock extends TerraformElement {
  private readonly props: ImportBlockProps;

  constructor(scope: Construct, id: string, props: ImportBlockProps) {
    super(scope, id, "import");
    this.props = props;
  }

  /** `type.name` of the target: import blocks address a resource bare, not as an interpolation. */
  private get targetAddress(): string {
    return `${this.props.resource.terraformResourceType}.${this.props.resource.friendlyUniqueId}`;
  }

  public toTerraform(): Record<string, unknown> {
    return { import: [{ to: this.targetAddress, id: this.props.importId }] };
  }

  public toHclTerraform(): Record<string, unknown> {
    return {
      import: [
        {
          to: { value: this.targetAddress, type: "simple", storageClassType: "reference" },
          id: { value: this.props.importId, type: "simple", storageClassType: "string" },
        },
      ],
    };
  }

  /** Listed in the stack's metadata as cdktf lists its own imports, for tools that read it. */
  public toMetadata(): Record<string, unknown> {
    return { imports: { [this.props.resource.terraformResourceType]: [this.props.resource.friendlyUniqueId] } };
  }
}
