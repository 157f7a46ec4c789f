// Terraform Cloud's dynamic provider credentials, on the synthesized preparation stack of staging with a cloud
// backend: the OIDC provider, who can assume each role (IAM's condition semantics over every kind of token a run can
// present), that each role can do exactly what the GitHub CI role it stands in for can, that GitHub's CI roles are
// then not created (GitHub's OIDC provider only for the publish roles), and that nothing of Terraform Cloud's exists
// where terraform runs on the runner.
import { evaluate, type PolicyDocument } from "../../../models/iam/policy-evaluator";
import { canAssumeWithWebIdentity } from "../../../models/iam/web-identity-trust";
import { GITHUB_OIDC_HOST } from "../../../constructs/iam/github-oidc";
import { configFor, resourceAt, resourcesOf, synthStacks, terraformCloudConfig, withoutTerraformOnPath, type StackJson } from "../../helpers";

const preparation = (config: Parameters<typeof synthStacks>[0]) => withoutTerraformOnPath(() => synthStacks(config))["staging-preparation"];
const roleNamed = (stack: StackJson, name: string) => resourcesOf(stack, "aws_iam_role").find(([, r]) => r.name === name);
const ref = (type: string, stack: StackJson, path: string) => {
  const [name] = resourcesOf(stack, type).find(([, r]) => String(r["//"].metadata.path).endsWith(path))!;
  return `\${${type}.${name}.arn}`;
};

/** What a role may do, by what it is: managed policy ARNs, and inline policies by name. Resource ids left out. */
function permissionsOf(stack: StackJson, roleName: string) {
  const [logical] = roleNamed(stack, roleName)!;
  const mine = (body: any) => body.role === `\${aws_iam_role.${logical}.name}` || body.role === `\${aws_iam_role.${logical}.id}`;
  return {
    managed: resourcesOf(stack, "aws_iam_role_policy_attachment").filter(([, a]) => mine(a)).map(([, a]) => a.policy_arn).sort(),
    inline: Object.fromEntries(resourcesOf(stack, "aws_iam_role_policy").filter(([, p]) => mine(p)).map(([, p]) => [p.name, JSON.parse(p.policy)])),
  };
}

const GITHUB_CI_ROLES = ["braveheart-staging-ci-deploy", "braveheart-staging-ci-plan"];
const addressOf = (stack: StackJson, type: string, path: string) => resourcesOf(stack, type).find(([, r]) => String(r["//"].metadata.path).endsWith(path))?.[0];

describe.each(["remote", "agent"] as const)("staging on Terraform Cloud with %s execution", (executionMode) => {
  let stack: StackJson;
  /** The same environment with local execution: GitHub's CI roles, which Terraform Cloud's stand in for. */
  let onRunner: StackJson;
  beforeAll(() => {
    stack = preparation(terraformCloudConfig(executionMode));
    onRunner = preparation(terraformCloudConfig("local"));
  });
  const trustOf = (name: string) => JSON.parse(roleNamed(stack, name)![1].assume_role_policy).Statement;

  test("creates an IAM OIDC provider for https://app.terraform.io with the audience aws.workload.identity, next to GitHub's (the publish roles')", () => {
    expect(resourceAt(stack, "aws_iam_openid_connect_provider", "TerraformCloudRoles/Provider")).toMatchObject({
      url: "https://app.terraform.io",
      client_id_list: ["aws.workload.identity"],
    });
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider").map(([, p]) => p.url).sort()).toEqual(["https://app.terraform.io", `https://${GITHUB_OIDC_HOST}`]);
  });

  test.each([
    ["braveheart-staging-tfc-plan", "plan"],
    ["braveheart-staging-tfc-apply", "apply"],
  ])("%s trusts, through that provider, the %s phase of the project's platform-staging-* workspaces only", (name, phase) => {
    expect(trustOf(name)).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: ref("aws_iam_openid_connect_provider", stack, "TerraformCloudRoles/Provider") },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
          StringLike: { "app.terraform.io:sub": `organization:braveheart:project:Default Project:workspace:platform-staging-*:run_phase:${phase}` },
        },
      },
    ]);
  });

  describe("who can assume each role (models/iam/web-identity-trust over the synthesized trust)", () => {
    const ORGS = ["braveheart", "braveheart-labs", "someone"];
    const PROJECTS = ["Default Project", "Sandbox"];
    const WORKSPACES = ["platform-staging-preparation", "platform-staging-golive", "platform-production-preparation", "platform-stagingx-phase1", "other-staging-phase1"];
    const PHASES = ["plan", "apply"];
    const TOKENS = ORGS.flatMap((org) =>
      PROJECTS.flatMap((project) =>
        WORKSPACES.flatMap((ws) =>
          PHASES.flatMap((phase) => ["aws.workload.identity", "sts.amazonaws.com"].map((aud) => ({ sub: `organization:${org}:project:${project}:workspace:${ws}:run_phase:${phase}`, aud }))),
        ),
      ),
    );
    const trusted = (name: string, issuer = "app.terraform.io", provider?: string) => {
      const policy = roleNamed(stack, name)![1].assume_role_policy;
      const arn = provider ?? ref("aws_iam_openid_connect_provider", stack, "TerraformCloudRoles/Provider");
      return TOKENS.filter((claims) => canAssumeWithWebIdentity(policy, arn, { issuer, claims })).map((c) => c.sub);
    };

    test(`of ${TOKENS.length} tokens (3 organizations x 2 projects x 5 workspaces x 2 phases x 2 audiences), the plan role takes staging's plan phases`, () => {
      expect(trusted("braveheart-staging-tfc-plan")).toEqual([
        "organization:braveheart:project:Default Project:workspace:platform-staging-preparation:run_phase:plan",
        "organization:braveheart:project:Default Project:workspace:platform-staging-golive:run_phase:plan",
      ]);
    });

    test("and the apply role staging's apply phases: a plan-phase token (a speculative plan of any pull request) never applies", () => {
      expect(trusted("braveheart-staging-tfc-apply")).toEqual([
        "organization:braveheart:project:Default Project:workspace:platform-staging-preparation:run_phase:apply",
        "organization:braveheart:project:Default Project:workspace:platform-staging-golive:run_phase:apply",
      ]);
    });

    test("a token of GitHub's provider, or of another host, is never trusted", () => {
      const github = ref("aws_iam_openid_connect_provider", stack, "CiDeployRole/GithubOidc");
      expect(trusted("braveheart-staging-tfc-apply", GITHUB_OIDC_HOST, github)).toEqual([]);
      expect(trusted("braveheart-staging-tfc-apply", "tfe.example.com")).toEqual([]);
    });
  });

  test("GitHub's CI plan and deploy roles are not created, and no output names them: nothing in these modes assumes them", () => {
    expect(resourcesOf(stack, "aws_iam_role").map(([, r]) => r.name).filter((name: string) => GITHUB_CI_ROLES.includes(name))).toEqual([]);
    const paths = [...resourcesOf(stack, "aws_iam_role_policy"), ...resourcesOf(stack, "aws_iam_role_policy_attachment")].map(([, r]) => String(r["//"].metadata.path));
    expect(paths.filter((path) => /\/Ci(Deploy|Plan)Role\//.test(path))).toEqual([]);
    const outputs = JSON.stringify(stack.output ?? {});
    expect(Object.keys(stack.output ?? {}).filter((name) => /PLAN_ROLE_ARN_|DEPLOY_ROLE_ARN/.test(name))).toEqual([]);
    expect(outputs).not.toMatch(/ci-deploy|ci-plan|CiDeployRole_Role|CiPlanRole_Role/);
    // In the same environment with local execution they are there (the comparison below reads them)
    expect(GITHUB_CI_ROLES.map((name) => roleNamed(onRunner, name)?.[1].name)).toEqual(GITHUB_CI_ROLES);
  });

  test.each([
    ["braveheart-staging-tfc-plan", "braveheart-staging-ci-plan"],
    ["braveheart-staging-tfc-apply", "braveheart-staging-ci-deploy"],
  ])("%s may do exactly what %s (local execution) may, with the same longest session", (tfc, github) => {
    // The CI roles each deny list names differ by mode (below); everything else is the same grant.
    const withoutCiRoleNames = (permissions: ReturnType<typeof permissionsOf>) =>
      JSON.parse(JSON.stringify(permissions, (_key, value) => (value?.Sid === "NoChangesToCiRoles" ? { ...value, Resource: "<CI roles>" } : value)));
    const [tfcPermissions, githubPermissions] = [permissionsOf(stack, tfc), permissionsOf(onRunner, github)];
    expect(Object.keys(tfcPermissions.inline).length + tfcPermissions.managed.length).toBeGreaterThanOrEqual(2);
    expect(withoutCiRoleNames(tfcPermissions)).toEqual(withoutCiRoleNames(githubPermissions));
    expect(roleNamed(stack, tfc)![1].max_session_duration).toBe(roleNamed(onRunner, github)![1].max_session_duration);
  });

  test("the apply role may change none of the CI roles, nor create a role under GitHub's CI role names, and still manages the project's other roles", () => {
    const account = configFor("staging").accountId;
    const resolve = (p: any): PolicyDocument => JSON.parse(JSON.stringify(p).replace(/\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/g, account));
    const policies = Object.values(permissionsOf(stack, "braveheart-staging-tfc-apply").inline).map(resolve);
    const boundary = { "iam:PermissionsBoundary": `arn:aws:iam::${account}:policy/braveheart-staging-workload-boundary` };
    for (const target of ["ci-deploy", "ci-plan", "tfc-plan", "tfc-apply"]) {
      for (const action of ["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRole", "iam:CreateRole"]) {
        const decision = evaluate(policies, { action, resource: `arn:aws:iam::${account}:role/braveheart-staging-${target}`, context: boundary });
        expect({ target, action, decision }).toEqual({ target, action, decision: "ExplicitDeny" });
      }
    }
    expect(evaluate(policies, { action: "iam:UpdateAssumeRolePolicy", resource: `arn:aws:iam::${account}:role/braveheart-staging-orders-task` })).toBe("Allow");
  });

  test("the roles carry no workload boundary (they create the roles that do), like GitHub's CI roles", () => {
    for (const name of ["braveheart-staging-tfc-plan", "braveheart-staging-tfc-apply"]) expect(roleNamed(stack, name)![1].permissions_boundary).toBeUndefined();
    expect(roleNamed(stack, "braveheart-staging-ecs-instance")![1].permissions_boundary).toBeDefined();
  });

  test("outputs both role ARNs under the names of the workspace variables they fill", () => {
    expect(stack.output?.TFC_AWS_PLAN_ROLE_ARN.value).toBe(`\${aws_iam_role.${roleNamed(stack, "braveheart-staging-tfc-plan")![0]}.arn}`);
    expect(stack.output?.TFC_AWS_APPLY_ROLE_ARN.value).toBe(`\${aws_iam_role.${roleNamed(stack, "braveheart-staging-tfc-apply")![0]}.arn}`);
    expect(stack.output?.TFC_AWS_PLAN_ROLE_ARN.description).toContain("TFC_AWS_PLAN_ROLE_ARN of the platform-staging-* workspaces");
  });

  test("the cloud block names the project the roles trust, for every stack", () => {
    const stacks = withoutTerraformOnPath(() => synthStacks(terraformCloudConfig(executionMode)));
    for (const [id, json] of Object.entries(stacks)) {
      expect(json.terraform?.cloud).toEqual({ hostname: "app.terraform.io", organization: "braveheart", workspaces: { name: `platform-${id}`, project: "Default Project" } });
    }
  });
});

describe("where terraform runs on the runner, nothing of Terraform Cloud's credentials exists", () => {
  test.each([
    ["cloud backend, local execution", () => terraformCloudConfig("local")],
    ["s3 backend (the shipped staging file)", () => configFor("staging")],
  ])("%s: GitHub's CI roles and PLAN_ROLE_ARN output; no provider for Terraform Cloud, no tfc roles, no TFC outputs, and the deploy role denies changes to GitHub's two CI roles only", (_name, config) => {
    const stack = preparation(config());
    expect(GITHUB_CI_ROLES.map((name) => roleNamed(stack, name)?.[1].name)).toEqual(GITHUB_CI_ROLES);
    expect(stack.output?.PLAN_ROLE_ARN_STAGING.value).toBe(`\${aws_iam_role.${roleNamed(stack, "braveheart-staging-ci-plan")![0]}.arn}`);
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider").map(([, p]) => p.url)).toEqual([`https://${GITHUB_OIDC_HOST}`]);
    expect(resourcesOf(stack, "aws_iam_role").map(([, r]) => r.name).filter((n: string) => n.includes("tfc"))).toEqual([]);
    expect(Object.keys(stack.output ?? {}).filter((k) => k.startsWith("TFC_"))).toEqual([]);
    const deploy = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "CiDeployRole/ProjectIam").policy).Statement;
    expect(deploy.find((s: any) => s.Sid === "NoChangesToCiRoles").Resource.map((arn: string) => arn.split("/")[1])).toEqual(["braveheart-staging-ci-deploy", "braveheart-staging-ci-plan"]);
  });
});

describe("Terraform Cloud's credentials on a Terraform Enterprise host, another project, and an existing provider", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = preparation(
      configFor("staging", (raw) => {
        raw.backend = { type: "cloud", organization: "braveheart", hostname: "tfe.braveheart-tech.com", project: "Platform", workspacePrefix: "platform", executionMode: "agent", oidcProvider: "existing" };
      }),
    );
  });

  test("looks the host's provider up by URL instead of creating a second one, and the apply role may list providers for it", () => {
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider").map(([, p]) => p.url)).toEqual([`https://${GITHUB_OIDC_HOST}`]);
    expect(Object.values<any>(stack.data?.aws_iam_openid_connect_provider ?? {}).map((d) => d.url)).toEqual(["https://tfe.braveheart-tech.com"]);
    expect(permissionsOf(stack, "braveheart-staging-tfc-apply").inline["manage-project-iam"].Statement).toContainEqual({
      Sid: "FindOidcProviders",
      Effect: "Allow",
      Action: "iam:ListOpenIDConnectProviders",
      Resource: "*",
    });
  });

  test("the trust's condition keys are the host's, and the subject names the configured project", () => {
    const trust = JSON.parse(roleNamed(stack, "braveheart-staging-tfc-plan")![1].assume_role_policy).Statement[0];
    expect(trust.Principal.Federated).toMatch(/^\$\{data\.aws_iam_openid_connect_provider\./);
    expect(trust.Condition).toEqual({
      StringEquals: { "tfe.braveheart-tech.com:aud": "aws.workload.identity" },
      StringLike: { "tfe.braveheart-tech.com:sub": "organization:braveheart:project:Platform:workspace:platform-staging-*:run_phase:plan" },
    });
    expect(stack.terraform?.cloud.workspaces).toEqual({ name: "platform-staging-preparation", project: "Platform" });
  });
});

describe("GitHub's OIDC provider with remote execution: only for the application teams' publish roles", () => {
  const withoutSources = (raw: Record<string, any>) => raw.services.forEach((service: Record<string, unknown>) => delete service.source);
  const remote = (edit?: (raw: Record<string, any>) => void, oidcProvider?: "existing") =>
    preparation(
      configFor("staging", (raw) => {
        raw.backend = { type: "cloud", organization: "braveheart", workspacePrefix: "platform", executionMode: "remote" };
        if (oidcProvider) raw.ci = { ...raw.ci, oidcProvider };
        edit?.(raw);
      }),
    );

  test("with publish roles, the provider keeps the address it has with s3 or local execution, and the publish roles trust it", () => {
    const stack = remote();
    const s3 = preparation(configFor("staging"));
    const github = addressOf(stack, "aws_iam_openid_connect_provider", "CiDeployRole/GithubOidc");
    // The same Terraform address as where GitHub's deploy role creates it: a change of executionMode keeps it in place
    expect(github).toBeDefined();
    expect(github).toBe(addressOf(s3, "aws_iam_openid_connect_provider", "CiDeployRole/GithubOidc"));
    const publish = resourcesOf(stack, "aws_iam_role").filter(([, r]) => String(r.name).endsWith("-publish"));
    expect(publish.length).toBeGreaterThan(0);
    for (const [, role] of publish) expect(JSON.parse(role.assume_role_policy).Statement[0].Principal.Federated).toBe(`\${aws_iam_openid_connect_provider.${github}.arn}`);
    expect(Object.keys(stack.output ?? {}).filter((name) => name.startsWith("publish_role_arn_")).length).toBe(publish.length);
  });

  test("without any services[].source, no GitHub OIDC provider at all: nothing federates through it", () => {
    const stack = remote(withoutSources);
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider").map(([, p]) => p.url)).toEqual(["https://app.terraform.io"]);
    expect(Object.values<any>(stack.data?.aws_iam_openid_connect_provider ?? {})).toEqual([]);
    expect(resourcesOf(stack, "aws_iam_role").filter(([, r]) => String(r.assume_role_policy).includes(GITHUB_OIDC_HOST))).toEqual([]);
  });

  test("ci.oidcProvider: existing looks GitHub's provider up only while publish roles need it, and lists providers only then", () => {
    const lists = (stack: StackJson) =>
      JSON.parse(resourceAt(stack, "aws_iam_role_policy", "TerraformCloudRoles/ApplyRole/ProjectIam").policy).Statement.some((s: any) => s.Sid === "FindOidcProviders");
    const withPublishers = remote(undefined, "existing");
    expect(Object.values<any>(withPublishers.data?.aws_iam_openid_connect_provider ?? {}).map((d) => d.url)).toEqual([`https://${GITHUB_OIDC_HOST}`]);
    expect(lists(withPublishers)).toBe(true);
    const without = remote(withoutSources, "existing");
    expect(without.data?.aws_iam_openid_connect_provider).toBeUndefined();
    expect(lists(without)).toBe(false);
  });
});
