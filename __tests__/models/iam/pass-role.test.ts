// iam:PassRole through the workload permissions boundary and the CI deploy role, evaluated with models/iam's policy
// evaluator over the synthesized policies: exhaustive over every role of both environments (plus roles the platform
// does not own) and every service that could receive them.
import { evaluate, evaluateWithBoundary, type PolicyDocument } from "../../../models/iam/policy-evaluator";
import { configFor, resourcesOf, synthStacks, type StackJson } from "../../helpers";

type Env = "staging" | "production";
const ENVS: readonly Env[] = ["staging", "production"];
/** What `${data.aws_caller_identity...account_id}` resolves to: providers are pinned to config.accountId. */
const resolveAccount = (text: string, accountId: string) => text.replace(/\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/g, accountId);
const SERVICES = ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com", "dms.amazonaws.com", "backup.amazonaws.com", "lambda.amazonaws.com", "cloudformation.amazonaws.com", "monitoring.rds.amazonaws.com"];

interface Role { readonly env: Env; readonly name: string; readonly arn: string; readonly trusted: string[] }

let stacks: Record<Env, Record<string, StackJson>>;
let roles: Role[];
const accountOf = (env: Env) => configFor(env).accountId;
beforeAll(() => {
  stacks = { staging: synthStacks(configFor("staging")), production: synthStacks(configFor("production")) };
  roles = ENVS.flatMap((env) =>
    Object.values(stacks[env]).flatMap((stack) =>
      resourcesOf(stack, "aws_iam_role").map(([, r]) => ({
        env,
        name: r.name as string,
        arn: `arn:aws:iam::${accountOf(env)}:role/${r.name}`,
        trusted: JSON.parse(r.assume_role_policy).Statement.flatMap((s: any) => [s.Principal?.Service ?? []].flat()),
      })),
    ),
  );
  // Roles nobody in this repository owns: an administrator role, and another team's role named like ours
  for (const env of ENVS) {
    roles.push({ env, name: "OrganizationAccountAccessRole", arn: `arn:aws:iam::${accountOf(env)}:role/OrganizationAccountAccessRole`, trusted: [] });
    roles.push({ env, name: "braveheart-admin", arn: `arn:aws:iam::${accountOf(env)}:role/braveheart-admin`, trusted: [] });
  }
});

const boundaryOf = (env: Env): PolicyDocument => {
  const [, policy] = resourcesOf(stacks[env][`${env}-preparation`], "aws_iam_policy").find(([, p]) => p.name === `braveheart-${env}-workload-boundary`)!;
  return JSON.parse(resolveAccount(policy.policy, accountOf(env)));
};

/** What a pull request could widen a task role to: every action on every resource. */
const WIDENED_TASK_ROLE: PolicyDocument[] = [{ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }];

/** The boundary before issue 22: PassRole on every role, to every service. */
const OLD_BOUNDARY: PolicyDocument = {
  Statement: [
    { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
    { Effect: "Allow", Action: ["iam:PassRole", "iam:Get*", "iam:List*"], Resource: "*" },
  ],
};

/** The service each of an environment's roles is made for (the boundary's passableRoles, by role name). */
const intendedService = (env: Env, name: string): string | undefined => {
  const p = `braveheart-${env}-`;
  if (name === `${p}ecs-task-execution` || (name.startsWith(p) && /-(task|exec)$/.test(name))) return "ecs-tasks.amazonaws.com";
  if (name === `${p}ecs-instance`) return "ec2.amazonaws.com";
  if (["dms-vpc-role", "dms-cloudwatch-logs-role", `${p}dms-source-secret`, `${p}dms-target-secret`].includes(name)) return "dms.amazonaws.com";
  if (name === `${p}migration-backup`) return "backup.amazonaws.com";
  return undefined;
};

describe.each(ENVS)("%s: a task role widened to Action * Resource * under the workload boundary", (env) => {
  test("passes this environment's roles only to the service each is made for; every other (role, service) pair is denied", () => {
    const boundary = boundaryOf(env);
    let allowed = 0;
    let cases = 0;
    for (const role of roles) {
      for (const service of SERVICES) {
        cases++;
        const decision = evaluateWithBoundary(WIDENED_TASK_ROLE, boundary, { action: "iam:PassRole", resource: role.arn, context: { "iam:PassedToService": service } });
        // A role of the other environment lives in another account: never passable. DMS's fixed names are this account's.
        const expected = role.env === env && intendedService(env, role.name) === service ? "Allow" : "ImplicitDeny";
        expect({ role: `${role.env}/${role.name}`, service, decision }).toEqual({ role: `${role.env}/${role.name}`, service, decision: expected });
        if (decision === "Allow") allowed++;
      }
    }
    // both environments' roles, 2 unowned roles each, 7 services: the allowed pairs are the intended ones only
    expect(cases).toBe(roles.length * SERVICES.length);
    expect(allowed).toBeGreaterThanOrEqual(8);
  });

  test("the administrator role cannot be passed to ECS: denied by the boundary", () => {
    const admin = `arn:aws:iam::${accountOf(env)}:role/OrganizationAccountAccessRole`;
    const request = { action: "iam:PassRole", resource: admin, context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } };
    expect(evaluate(WIDENED_TASK_ROLE, request)).toBe("Allow"); // the widened role alone would
    expect(evaluateWithBoundary(WIDENED_TASK_ROLE, boundaryOf(env), request)).toBe("ImplicitDeny");
  });

  test("known bad: the old boundary (PassRole on *) let the widened role pass the administrator role anywhere", () => {
    const admin = `arn:aws:iam::${accountOf(env)}:role/OrganizationAccountAccessRole`;
    for (const service of SERVICES) {
      expect(evaluateWithBoundary(WIDENED_TASK_ROLE, OLD_BOUNDARY, { action: "iam:PassRole", resource: admin, context: { "iam:PassedToService": service } })).toBe("Allow");
    }
  });

  test("the boundary still lets no role change IAM, whatever its own policy says", () => {
    for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "organizations:LeaveOrganization"]) {
      expect(evaluateWithBoundary(WIDENED_TASK_ROLE, boundaryOf(env), { action, resource: "*" })).toBe("ImplicitDeny");
    }
  });
});

describe.each(ENVS)("%s: the CI deploy role passes project roles", (env) => {
  const deployPolicies = (): PolicyDocument[] =>
    resourcesOf(stacks[env][`${env}-preparation`], "aws_iam_role_policy")
      .filter(([, p]) => p.name === "manage-project-iam")
      .map(([, p]) => JSON.parse(resolveAccount(p.policy, accountOf(env))));

  test("every role of every phase, to every service it trusts (so no apply fails on PassRole)", () => {
    const own = roles.filter((r) => r.env === env && r.trusted.length > 0);
    expect(own.length).toBeGreaterThan(10);
    for (const role of own) {
      for (const service of role.trusted) {
        const decision = evaluate(deployPolicies(), { action: "iam:PassRole", resource: role.arn, context: { "iam:PassedToService": service } });
        expect({ role: role.name, service, decision }).toEqual({ role: role.name, service, decision: "Allow" });
      }
    }
  });

  test("no role it does not own, and no project role to a service no project role trusts", () => {
    const admin = `arn:aws:iam::${accountOf(env)}:role/OrganizationAccountAccessRole`;
    const own = `arn:aws:iam::${accountOf(env)}:role/braveheart-${env}-orders-task`;
    expect(evaluate(deployPolicies(), { action: "iam:PassRole", resource: admin, context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } })).toBe("ImplicitDeny");
    expect(evaluate(deployPolicies(), { action: "iam:PassRole", resource: own, context: { "iam:PassedToService": "lambda.amazonaws.com" } })).toBe("ImplicitDeny");
  });
});
