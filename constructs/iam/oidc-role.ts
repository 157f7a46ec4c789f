// What every role assumed through an OIDC provider shares, whoever issues the tokens (GitHub Actions, Terraform
// Cloud): the account's provider for the issuer (created here or looked up), a trust policy pinned to the issuer's
// audience and to named subjects (BH-IAM-4), and the role itself.
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";
import { policyDocument } from "./policy-document";

/** An OIDC token issuer as IAM sees it: condition keys are `<host>:aud` and `<host>:sub`. */
export interface OidcIssuer {
  /** The issuer's host, without `https://`: the provider's URL and the prefix of its condition keys. */
  readonly host: string;
  /** The audience (`aud`) its tokens for AWS carry, the provider's client id. */
  readonly audience: string;
}

/** Where the account's provider for an issuer comes from (config `ci.oidcProvider`, `backend.oidcProvider`). */
export type OidcProviderSource = "create" | "existing";

/**
 * ARN of the account's OIDC provider for `issuer`: a new `aws_iam_openid_connect_provider` (created as `id` directly
 * in `scope`), or, with `existing`, the one the account has, looked up by URL. IAM allows one provider per URL and
 * account, so a second stack creating it fails with EntityAlreadyExists. No thumbprint list: the argument is optional,
 * and without it IAM retrieves the thumbprint of the issuer's top intermediate CA itself (CreateOpenIDConnectProvider).
 */
export function oidcProviderArn(scope: Construct, id: string, issuer: OidcIssuer, source: OidcProviderSource = "create"): string {
  const url = `https://${issuer.host}`;
  return (
    source === "existing"
      ? new DataAwsIamOpenidConnectProvider(scope, id, { url })
      : new IamOpenidConnectProvider(scope, id, { url, clientIdList: [issuer.audience] })
  ).arn;
}

/**
 * Trust for the given subjects of `issuer`'s tokens carrying its audience, and no others. One exact subject is
 * matched with StringEquals; a list holding a pattern (`repo:o/app:ref:refs/tags/v*`) with StringLike, whose list
 * values are ORed (a subject without wildcards still matches only itself).
 */
export function oidcTrustPolicy(providerArn: string, issuer: OidcIssuer, subjects: string | readonly string[]): string {
  const list = [subjects].flat();
  const pattern = list.some((s) => /[*?]/.test(s));
  const aud = { [`${issuer.host}:aud`]: issuer.audience };
  const sub = { [`${issuer.host}:sub`]: list.length === 1 ? list[0] : list };
  return policyDocument({
    Effect: "Allow",
    Principal: { Federated: providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: pattern ? { StringEquals: aud, StringLike: sub } : { StringEquals: { ...aud, ...sub } },
  });
}

export interface OidcRoleProps {
  readonly name: string;
  readonly description: string;
  readonly maxSessionSeconds: number;
  /** ARN of the account's provider for `issuer`. */
  readonly providerArn: string;
  readonly issuer: OidcIssuer;
  /** The subjects that may assume the role (see oidcTrustPolicy). */
  readonly subjects: string | readonly string[];
}

/** An IAM role that only the given subjects of one OIDC issuer can assume; created as `id` directly in `scope`. */
export function oidcRole(scope: Construct, id: string, props: OidcRoleProps): IamRole {
  return new IamRole(scope, id, {
    name: props.name,
    description: props.description,
    maxSessionDuration: props.maxSessionSeconds,
    assumeRolePolicy: oidcTrustPolicy(props.providerArn, props.issuer, props.subjects),
  });
}
