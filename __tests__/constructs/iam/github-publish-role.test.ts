// The role an application repository's publish workflow assumes: who can assume it (a model of IAM's condition
// semantics over the synthesized trust, every kind of GitHub token a workflow can present), and what it can do.
import { Testing } from "cdktf";
import { ECR_PUSH_ACTIONS, GithubPublishRole, type GithubPublishRoleProps } from "../../../constructs/iam/github-publish-role";
import { GITHUB_OIDC_HOST } from "../../../constructs/iam/github-oidc";
import { canAssumeWithWebIdentity } from "../../../models/iam/web-identity-trust";
import { configFor, synthStacks } from "../../helpers";

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const REPO_ARN = "arn:aws:ecr:eu-west-2:111111111111:repository/braveheart/catalog";
const base: GithubPublishRoleProps = {
  namePrefix: "bh-test",
  service: "catalog",
  repository: "braveheart-tech/catalog",
  branch: "main",
  oidcProviderArn: PROVIDER,
  ecrRepositoryArn: REPO_ARN,
};

function build(props: GithubPublishRoleProps) {
  const synth = JSON.parse(Testing.synthScope((scope) => new GithubPublishRole(scope, "Publish", props)));
  const role = Object.values<any>(synth.resource.aws_iam_role)[0];
  const policies = Object.values<any>(synth.resource.aws_iam_role_policy).map((p) => JSON.parse(p.policy));
  return { role, statements: policies.flatMap((p) => p.Statement) };
}

/** Every kind of subject a GitHub Actions job can present (GitHub docs, "OpenID Connect reference"). */
const SUBJECTS = (repo: string) => [
  `repo:${repo}:ref:refs/heads/main`,
  `repo:${repo}:ref:refs/heads/feature`,
  `repo:${repo}:ref:refs/heads/main-old`,
  `repo:${repo}:ref:refs/tags/v1.2.3`,
  `repo:${repo}:ref:refs/tags/nightly`,
  `repo:${repo}:pull_request`,
  `repo:${repo}:environment:production`,
];
const TOKENS = ["braveheart-tech/catalog", "braveheart-tech/orders", "someone/catalog", "braveheart-tech/catalog-fork"].flatMap((repo) =>
  SUBJECTS(repo).flatMap((sub) => ["sts.amazonaws.com", "other"].map((aud) => ({ sub, aud }))),
);
const trusted = (role: any, provider = PROVIDER) =>
  TOKENS.filter((claims) => canAssumeWithWebIdentity(role.assume_role_policy, provider, { issuer: GITHUB_OIDC_HOST, claims })).map((c) => c.sub);

describe("GithubPublishRole", () => {
  test(`branch only: of ${TOKENS.length} tokens (4 repositories x 7 subjects x 2 audiences) only the protected branch's runs can assume it`, () => {
    expect(trusted(build(base).role)).toEqual(["repo:braveheart-tech/catalog:ref:refs/heads/main"]);
  });

  test("branch and release tags: the branch's runs and runs on tags matching the glob, nothing else", () => {
    expect(trusted(build({ ...base, tags: "v*" }).role)).toEqual(["repo:braveheart-tech/catalog:ref:refs/heads/main", "repo:braveheart-tech/catalog:ref:refs/tags/v1.2.3"]);
  });

  test("a token from another OIDC provider is never trusted", () => {
    expect(trusted(build({ ...base, tags: "v*" }).role, "arn:aws:iam::111111111111:oidc-provider/other")).toEqual([]);
  });

  test("the model can fail: a trust with a wildcard in the repository lets other repositories in", () => {
    const loose = { assume_role_policy: build({ ...base, tags: "v*" }).role.assume_role_policy.replace("braveheart-tech/catalog:ref:refs/heads/main", "braveheart-tech/*") };
    expect(trusted(loose)).toContain("repo:braveheart-tech/orders:pull_request");
  });

  test("it can log in to the registry, push to the one service repository and read that repository's scans, nothing else", () => {
    const { statements } = build(base);
    expect(statements).toEqual([
      { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Sid: "PushToTheServiceRepository", Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: REPO_ARN },
      { Sid: "ReadThePushedImageScan", Effect: "Allow", Action: ["ecr:DescribeImages", "ecr:DescribeImageScanFindings"], Resource: REPO_ARN },
    ]);
  });

  test("credentials last one hour at most", () => {
    expect(build(base).role.max_session_duration).toBe(3600);
  });
});

describe("publish roles in the preparation stack", () => {
  let prep: any;
  beforeAll(() => {
    prep = synthStacks(configFor("staging"))["staging-preparation"];
  });

  test("one role per service with a source, pushing only to that service's repository, under the workload boundary", () => {
    const roles = Object.entries<any>(prep.resource.aws_iam_role).filter(([, r]) => r.name.endsWith("-publish"));
    expect(roles.map(([, r]) => r.name).sort()).toEqual(["braveheart-staging-accounts-publish", "braveheart-staging-catalog-publish", "braveheart-staging-orders-publish", "braveheart-staging-web-ui-publish"]);
    for (const [, role] of roles) expect(role.permissions_boundary).toBeDefined();
    const policies = Object.values<any>(prep.resource.aws_iam_role_policy).filter((p) => p.name === "push-one-repository");
    const repos = Object.keys(prep.resource.aws_ecr_repository);
    const squash = (text: string) => text.toLowerCase().replace(/[^a-z]/g, "");
    for (const p of policies) {
      const push = JSON.parse(p.policy).Statement.find((s: any) => s.Sid === "PushToTheServiceRepository");
      // the role reference and the single repository reference name the same service
      const repo = repos.find((r) => push.Resource === `\${aws_ecr_repository.${r}.arn}`)!;
      const service = /publishroles_(.+)_role_[0-9a-f]+\.id/i.exec(p.role.slice(2, -1).replace("aws_iam_role.", ""))![1];
      expect(squash(repo)).toContain(squash(service));
    }
    expect(policies).toHaveLength(4);
  });

  test("each role's ARN is an output named for the service, for the team's workflow", () => {
    expect(Object.keys(prep.output).filter((o) => o.startsWith("publish_role_arn_")).sort()).toEqual([
      "publish_role_arn_accounts",
      "publish_role_arn_catalog",
      "publish_role_arn_orders",
      "publish_role_arn_web-ui",
    ]);
  });
});
