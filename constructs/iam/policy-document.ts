// IAM policy JSON built in TypeScript: typed, reviewable in the synthesized output as one string, and readable by
// the guardrails without a data-source round trip.

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]> | "*";
  readonly Action?: string | string[];
  /** Every action except these: for ceilings (permissions boundaries) and Deny statements, never an identity Allow (BH-IAM-1). */
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  /** Every resource except these: lets a Deny keep out all but a named few. */
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting an AWS service assume a role. */
export function serviceTrustPolicy(...services: string[]): string {
  return policyDocument({ Effect: "Allow", Principal: { Service: services.length === 1 ? services[0] : services }, Action: "sts:AssumeRole" });
}

export const AWS_MANAGED_POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** Actions that return a Secrets Manager secret's value. */
export const SECRET_VALUE_ACTIONS = ["secretsmanager:GetSecretValue"];

/** Actions that return SSM parameter values, SecureString ones decrypted on request (`GetParameterHistory` too). */
export const PARAMETER_VALUE_ACTIONS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"];
