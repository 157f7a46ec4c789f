// A new AMI must reach the running instances: the plan after an AMI change, as models/rollout reads it from the
// synthesized phase1 stack (the lead's offline `terraform plan` runs the real thing; this is the reasoning test).
import { amiChangeRollout } from "../../../models/rollout/instance-refresh";
import { configFor, synthStacks, type StackJson } from "../../helpers";

describe.each(["staging", "production"] as const)("%s: a new ECS-optimized AMI", (env) => {
  let phase1: StackJson;
  beforeAll(() => {
    phase1 = synthStacks(configFor(env))[`${env}-phase1`];
  });

  test("changes the ASG's launch template version and starts an instance refresh", () => {
    // GIVEN the launch template reads its image from AWS's public SSM parameter
    // WHEN the parameter names a new AMI (a new template version, a new latest_version)
    const verdicts = amiChangeRollout(phase1);
    // THEN every ASG's launch template argument changes, and the provider starts a rolling instance refresh
    expect(verdicts.length).toBe(1);
    for (const v of verdicts) expect(v).toMatchObject({ templateArgumentChanges: true, instanceRefresh: true });
    // production uses a mixed-instances policy, staging a plain launch_template: both paths are covered
    expect(verdicts[0].why).toContain(env === "production" ? "mixed_instances_policy" : "launch_template.version");
  });

  test("known bad: the same stack at $Latest never refreshes (the model can fail)", () => {
    const bad = structuredClone(phase1) as any;
    for (const asg of Object.values(bad.resource.aws_autoscaling_group) as any[]) {
      if (asg.launch_template) asg.launch_template.version = "$Latest";
      const spec = asg.mixed_instances_policy?.launch_template?.launch_template_specification;
      if (spec) spec.version = "$Latest";
    }
    const [verdict] = amiChangeRollout(bad);
    expect(verdict).toMatchObject({ templateArgumentChanges: false, instanceRefresh: false });
    expect(verdict.why).toContain('"$Latest" does not change');
  });
});

describe("the rollout model's semantics", () => {
  const stack = (asg: Record<string, unknown>, lt: Record<string, unknown> = {}) => ({
    resource: {
      aws_launch_template: { Lt: { image_id: "${data.aws_ssm_parameter.Ami.insecure_value}", ...lt } },
      aws_autoscaling_group: { Asg: { instance_refresh: { strategy: "Rolling" }, ...asg } },
    },
  });
  const version = (v: unknown) => ({ launch_template: { id: "${aws_launch_template.Lt.id}", version: v } });

  test("$Default with update_default_version: the default moves, the ASG's argument does not", () => {
    expect(amiChangeRollout(stack(version("$Default"), { update_default_version: true }))[0].instanceRefresh).toBe(false);
  });
  test("default_version with update_default_version: a refresh", () => {
    expect(amiChangeRollout(stack(version("${aws_launch_template.Lt.default_version}"), { update_default_version: true }))[0].instanceRefresh).toBe(true);
  });
  test("default_version without update_default_version: the default stays, no refresh", () => {
    expect(amiChangeRollout(stack(version("${aws_launch_template.Lt.default_version}")))[0].instanceRefresh).toBe(false);
  });
  test("latest_version without an instance_refresh block: the argument changes, no refresh", () => {
    const s = stack(version("${aws_launch_template.Lt.latest_version}"));
    delete (s.resource.aws_autoscaling_group.Asg as Record<string, unknown>).instance_refresh;
    expect(amiChangeRollout(s)[0]).toMatchObject({ templateArgumentChanges: true, instanceRefresh: false });
  });
  test("a literal AMI id: nothing changes when AWS publishes a new image", () => {
    const s = stack(version("${aws_launch_template.Lt.latest_version}"), { image_id: "ami-0123456789abcdef0" });
    expect(amiChangeRollout(s)[0].instanceRefresh).toBe(false);
  });
});
