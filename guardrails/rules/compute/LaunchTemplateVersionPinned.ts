import { launchTemplateSpecs, isMovingVersion } from "../../../models/rollout/instance-refresh";
import { findings, type Rule } from "../../rule";
import { UNKNOWN } from "../../values";

export const LaunchTemplateVersionPinned: Rule = {
  id: "BH-CMP-8",
  name: "LaunchTemplateVersionPinned",
  reason: "the Auto Scaling group uses its launch template at $Latest/$Default, so a new AMI never rolls out",
  explanation:
    "The provider starts an instance refresh only when the ASG's launch_template or mixed_instances_policy argument " +
    "changes. \"$Latest\" and \"$Default\" are the same string after a new template version, so a new AMI (a " +
    "security patch) reaches only instances launched by chance. Use the template's latest_version attribute " +
    "(models/rollout proves a new AMI then produces an instance refresh).",
  resourceTypes: ["aws_autoscaling_group"],
  check(attributes) {
    const specs = launchTemplateSpecs(attributes);
    if (specs === UNKNOWN) return "not-applicable";
    if (specs.length === 0) return "not-applicable";
    return findings(...specs.map((s) => isMovingVersion(s.version) && `${s.where}.version is ${JSON.stringify(s.version ?? "$Default (unset)")}`));
  },
};
