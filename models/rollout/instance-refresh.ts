// Does a new AMI reach the running instances? A pure model of what `terraform plan` proposes, read from the
// synthesized JSON, when the AMI a launch template reads changes. Documented semantics it encodes:
//
// - aws_launch_template: changing `image_id` is an in-place update that creates a new template version. The new
//   `latest_version` is known after apply; `default_version` moves too when `update_default_version = true`. `id`,
//   `name` and `arn` stay the same.
// - An argument that references a changing attribute shows a diff (known after apply); a literal never does.
// - aws_autoscaling_group: "A refresh is started when any of the following Auto Scaling Group properties change:
//   launch_configuration, launch_template, mixed_instances_policy" (provider docs, `instance_refresh`), and only when
//   an `instance_refresh` block is set. `version = "$Latest"` or `"$Default"` is the same string before and after, so
//   no refresh starts: new instances get the new AMI, the running ones never do.
import { block, blocks, UNKNOWN } from "../../guardrails/values";

type Resources = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/** One launch template an ASG uses, as the ASG names it. */
export interface TemplateSpec {
  /** Where in the ASG: `launch_template` or `mixed_instances_policy.launch_template.launch_template_specification`. */
  readonly where: string;
  /** The template id/name expression. */
  readonly template: unknown;
  /** The version as written; undefined means AWS's default, `$Default`. */
  readonly version: unknown;
}

/** Every launch template specification of an ASG's attributes; UNKNOWN when a block cannot be read (dynamic). */
export function launchTemplateSpecs(asg: Readonly<Record<string, unknown>>): TemplateSpec[] | typeof UNKNOWN {
  const direct = blocks(asg.launch_template);
  const mixed = block(asg.mixed_instances_policy);
  if (direct === UNKNOWN || mixed === UNKNOWN) return UNKNOWN;
  const specs: TemplateSpec[] = direct.map((lt) => ({ where: "launch_template", template: lt.id ?? lt.name, version: lt.version }));
  if (mixed) {
    const lt = block(mixed.launch_template);
    const spec = lt === UNKNOWN ? UNKNOWN : block(lt?.launch_template_specification);
    if (spec === UNKNOWN) return UNKNOWN;
    if (spec) {
      specs.push({
        where: "mixed_instances_policy.launch_template.launch_template_specification",
        template: spec.launch_template_id ?? spec.launch_template_name,
        version: spec.version,
      });
    }
  }
  return specs;
}

/** What the plan says about one ASG after the AMI changes. */
export interface RolloutVerdict {
  readonly asg: string;
  /** The ASG's launch template argument shows a diff. */
  readonly templateArgumentChanges: boolean;
  /** The provider starts an instance refresh: every running instance is replaced with the new AMI. */
  readonly instanceRefresh: boolean;
  readonly why: string;
}

const AMI_SOURCES = /\$\{data\.(aws_ssm_parameter|aws_ami)\.[\w-]+\./;

/** Attributes of each launch template that change when its AMI changes (`aws_launch_template.<name>` -> attributes). */
function changedTemplateAttributes(resources: Resources): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const [name, lt] of Object.entries(resources.aws_launch_template ?? {})) {
    if (typeof lt.image_id !== "string" || !AMI_SOURCES.test(lt.image_id)) continue;
    const updatesDefault = lt.update_default_version === true || lt.update_default_version === "true";
    changed.set(`aws_launch_template.${name}`, ["latest_version", ...(updatesDefault ? ["default_version"] : [])]);
  }
  return changed;
}

/**
 * For every ASG of a stack: does a new AMI id (a new value of the SSM parameter or AMI data source a launch template
 * reads its `image_id` from) produce an instance refresh in the plan?
 */
export function amiChangeRollout(stack: { resource?: Resources }): RolloutVerdict[] {
  const resources = stack.resource ?? {};
  const changed = changedTemplateAttributes(resources);
  return Object.entries(resources.aws_autoscaling_group ?? {}).map(([name, asg]) => {
    const asgAddress = `aws_autoscaling_group.${name}`;
    const specs = launchTemplateSpecs(asg);
    if (specs === UNKNOWN) return { asg: asgAddress, templateArgumentChanges: false, instanceRefresh: false, why: "a dynamic launch template block" };
    const changing = specs.filter((spec) => {
      if (typeof spec.version !== "string") return false;
      const version = spec.version;
      return [...changed].some(([template, attrs]) => attrs.some((attr) => version.includes(`${template}.${attr}`)));
    });
    const refreshBlock = blocks(asg.instance_refresh);
    const hasRefresh = refreshBlock !== UNKNOWN && refreshBlock.length > 0;
    const templateArgumentChanges = changing.length > 0;
    const why = !templateArgumentChanges
      ? `version ${specs.map((s) => JSON.stringify(s.version ?? "$Default")).join(", ")} does not change when a new template version is created`
      : hasRefresh
        ? `${changing[0].where}.version follows the template's new version; instance_refresh starts`
        : `${changing[0].where}.version changes, but there is no instance_refresh block: running instances keep the old AMI`;
    return { asg: asgAddress, templateArgumentChanges, instanceRefresh: templateArgumentChanges && hasRefresh, why };
  });
}

/** A spec's version is a moving alias that hides new template versions from the ASG's arguments. */
export function isMovingVersion(version: unknown): boolean {
  return version === undefined || version === "$Latest" || version === "$Default";
}
