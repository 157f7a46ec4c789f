// What every role GitHub Actions assumes shares: GitHub's OIDC issuer, a trust policy pinned to the subjects of one
// repository (BH-IAM-4), and the role itself. The CI deploy and plan roles and the application teams' image-publish
// roles differ only in their subjects and permissions.
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";
import { type OidcIssuer, oidcRole, oidcTrustPolicy } from "./oidc-role";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** GitHub's issuer as configure-aws-credentials asks for tokens: audience `sts.amazonaws.com`. */
export const GITHUB_OIDC_ISSUER: OidcIssuer = { host: GITHUB_OIDC_HOST, audience: "sts.amazonaws.com" };

/**
 * Trust for the given OIDC subjects of GitHub's provider, and no others. Every repository in the world can get a
 * token from the provider, so each subject names the repository and the job kind in full (BH-IAM-4).
 */
export function githubOidcTrustPolicy(oidcProviderArn: string, subjects: string | readonly string[]): string {
  return oidcTrustPolicy(oidcProviderArn, GITHUB_OIDC_ISSUER, subjects);
}

export interface GithubOidcRoleProps {
  readonly name: string;
  readonly description: string;
  readonly maxSessionSeconds: number;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** The OIDC subjects that may assume the role (see oidcTrustPolicy). */
  readonly subjects: string | readonly string[];
}

/** An IAM role that only the given GitHub OIDC subjects can assume; created as `id` directly in `scope`. */
export function githubOidcRole(scope: Construct, id: string, props: GithubOidcRoleProps): IamRole {
  const { oidcProviderArn, ...rest } = props;
  return oidcRole(scope, id, { ...rest, providerArn: oidcProviderArn, issuer: GITHUB_OIDC_ISSUER });
}
