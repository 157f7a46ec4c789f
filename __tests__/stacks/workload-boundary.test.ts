import { configFor, resourcesOf, synthStacks, type StackJson } from "../helpers";

const CI_ROLES = (env: string) => [`braveheart-${env}-ci-deploy`, `braveheart-${env}-ci-plan`];

describe.each(["staging", "production"] as const)("%s: the workload permissions boundary", (env) => {
  let stacks: Record<string, StackJson>;
  let boundaryAddress: string;
  beforeAll(() => {
    stacks = synthStacks(configFor(env));
    const [address] = resourcesOf(stacks[`${env}-preparation`], "aws_iam_policy").find(([, p]) => p.name === `braveheart-${env}-workload-boundary`)!;
    boundaryAddress = address;
  });

  test("every role of every phase carries it, except CI's own two", () => {
    // GIVEN CI may write a role's policies only while the role carries the boundary
    const roles = Object.entries(stacks).flatMap(([name, stack]) => resourcesOf(stack, "aws_iam_role").map(([, role]) => ({ stack: name, role })));
    const workload = roles.filter(({ role }) => !CI_ROLES(env).includes(role.name));
    // THEN there are roles in more than one phase, and each is capped: in preparation by reference, elsewhere
    // through preparation's remote state
    expect(new Set(workload.map((r) => r.stack)).size).toBeGreaterThanOrEqual(3);
    for (const { stack, role } of workload) {
      expect({ role: role.name, boundary: role.permissions_boundary }).toEqual({
        role: role.name,
        boundary:
          stack === `${env}-preparation`
            ? `\${aws_iam_policy.${boundaryAddress}.arn}`
            : expect.stringMatching(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.cross-stack-output-aws_iam_policyWorkloadBoundary_Policy_[0-9A-F]+arn\}$/),
      });
    }
  });

  test("CI's roles do not carry it: CI cannot change them, and the deploy role creates the others", () => {
    const prep = resourcesOf(stacks[`${env}-preparation`], "aws_iam_role").map(([, r]) => r);
    const ci = prep.filter((r) => CI_ROLES(env).includes(r.name));
    expect(ci).toHaveLength(2);
    for (const role of ci) expect(role.permissions_boundary).toBeUndefined();
  });
});
