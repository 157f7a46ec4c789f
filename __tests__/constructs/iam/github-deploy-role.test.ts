// Who may assume the CI deploy role (the OIDC subject it trusts), how long its credentials may last, and that the
// written exception for its PowerUserAccess says who may.
import { Testing } from "cdktf";
import { GithubDeployRole, type GithubDeployRoleProps } from "../../../constructs/iam/github-deploy-role";
import { suppressionsOn } from "../../../guardrails/suppressions";

const BOUNDARY = "arn:aws:iam::111111111111:policy/bh-test-workload-boundary";
const base: GithubDeployRoleProps = { namePrefix: "bh-test", accountId: "111111111111", repository: "braveheart-tech/platform-infra", branch: "main", workloadBoundaryArn: BOUNDARY };

/** The role's resource JSON, its subject condition, and its PowerUser suppression reason. */
function build(props: GithubDeployRoleProps) {
  let construct: GithubDeployRole | undefined;
  const synth = JSON.parse(Testing.synthScope((scope) => (construct = new GithubDeployRole(scope, "CiDeployRole", props))));
  const role = Object.values<any>(synth.resource.aws_iam_role)[0];
  const subject = JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
  const reason = suppressionsOn(construct!.node.findChild("PowerUser"))[0].reason;
  return { role, subject, reason };
}

describe("GithubDeployRole", () => {
  test("with a GitHub environment, only that environment's jobs are trusted, not the branch", () => {
    // GIVEN a role for the production environment
    const { subject, reason } = build({ ...base, githubEnvironment: "production" });
    // THEN a job on main without the environment (and so without its reviewers) cannot assume it
    expect(subject).toBe("repo:braveheart-tech/platform-infra:environment:production");
    expect(reason).toContain("Only jobs in the GitHub environment production of braveheart-tech/platform-infra");
  });

  test("without a GitHub environment, the branch's jobs are trusted", () => {
    const { subject, reason } = build(base);
    expect(subject).toBe("repo:braveheart-tech/platform-infra:ref:refs/heads/main");
    expect(reason).toContain("Only jobs on the main branch of braveheart-tech/platform-infra");
  });

  test("a session lasts up to 4 hours, so the first apply of every phase does not outlive its credentials", () => {
    // GIVEN the 1-hour default, which a first apply of RDS Multi-AZ, DMS and CloudFront can outlast
    // THEN the role lets a job ask for up to 4 hours (the workflow asks for the length of its deploy jobs' timeout)
    expect(build(base).role.max_session_duration).toBe(14400);
  });

  test.each([
    ["create", { resource: 1, data: 0 }],
    ["existing", { resource: 0, data: 1 }],
  ] as const)("oidcProvider %s: the provider is a resource of this stack or a lookup, never both", (oidcProvider, counts) => {
    const synth = JSON.parse(Testing.synthScope((scope) => new GithubDeployRole(scope, "CiDeployRole", { ...base, oidcProvider })));
    const count = (block: Record<string, any> | undefined) => Object.keys(block?.aws_iam_openid_connect_provider ?? {}).length;
    expect({ resource: count(synth.resource), data: count(synth.data) }).toEqual(counts);
  });
});
