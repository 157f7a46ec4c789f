// What every role GitHub Actions assumes shares: GitHub's OIDC issuer, a trust policy pinned to the subjects of one
// repository (BH-IAM-4), and the role itself. The CI deploy and plan roles and the application teams' image-publish
// roles differ only in their subjects and permissions.
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";
import { policyDocument } from "./policy-document";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * Trust for the given OIDC subjects of GitHub's provider, and no others. Every repository in the world can get a
 * token from the provider, so each subject names the repository and the job kind in full (BH-IAM-4). One exact
 * subject is matched with StringEquals; a list holding a pattern (`repo:o/app:ref:refs/tags/v*`) with StringLike,
 * whose list values are ORed (a subject without wildcards still matches only itself).
 */
export function githubOidcTrustPolicy(oidcProviderArn: string, subjects: string | readonly string[]): string {
  const list = [subjects].flat();
  const pattern = list.some((s) => /[*?]/.test(s));
  const sub = { [`${GITHUB_OIDC_HOST}:sub`]: list.length === 1 ? list[0] : list };
  return policyDocument({
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: pattern
      ? { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com" }, StringLike: sub }
      : { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", ...sub } },
  });
}

export interface GithubOidcRoleProps {
  readonly name: string;
  readonly description: string;
  readonly maxSessionSeconds: number;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** The OIDC subjects that may assume the role (see githubOidcTrustPolicy). */
  readonly subjects: string | readonly string[];
}

/** An IAM role that only the given GitHub OIDC subjects can assume; created as `id` directly in `scope`. */
export function githubOidcRole(scope: Construct, id: string, props: GithubOidcRoleProps): IamRole {
  return new IamRole(scope, id, {
    name: props.name,
    description: props.description,
    maxSessionDuration: props.maxSessionSeconds,
    assumeRolePolicy: githubOidcTrustPolicy(props.oidcProviderArn, props.subjects),
  });
}
