import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct, type IConstruct } from "constructs";
import { suppress } from "../../guardrails/suppressions";
import { policyDocument } from "./policy-document";

export interface WorkloadPermissionsBoundaryProps {
  readonly namePrefix: string;
}

/**
 * The ceiling of every role this project creates (except the CI deploy role, which creates them). CI may write a
 * role's policies only while the role carries this boundary (GithubDeployRole), so no policy CI writes can lift a
 * role above it: everything except IAM, Organizations and account settings, plus passing roles and reading IAM. Without
 * it, CI could put an administrator policy on a task role and run a task with it.
 */
export class WorkloadPermissionsBoundary extends Construct {
  /** The policy's name, known before it exists: the deploy role's conditions name its ARN. */
  static policyName(namePrefix: string): string {
    return `${namePrefix}-workload-boundary`;
  }

  readonly policy: IamPolicy;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WorkloadPermissionsBoundaryProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, "Policy", {
      name: WorkloadPermissionsBoundary.policyName(props.namePrefix),
      description: "Permissions boundary of every workload role: no IAM changes, whatever the role's own policies say",
      policy: policyDocument(
        {
          Sid: "EverythingButIdentityAndAccount",
          Effect: "Allow",
          NotAction: ["iam:*", "organizations:*", "account:*"],
          Resource: "*",
        },
        {
          // Backup restores pass roles; reading IAM changes nothing (the developers' read-only role relies on it).
          Sid: "PassAndReadIam",
          Effect: "Allow",
          Action: ["iam:PassRole", "iam:Get*", "iam:List*"],
          Resource: "*",
        },
      ),
    });
    suppress(this.policy, {
      id: "BH-IAM-1",
      reason:
        "a permissions boundary grants nothing: it caps the roles that carry it, which get their permissions from their own " +
        "least-privilege policies. Its NotAction keeps IAM, Organizations and account changes out of every workload role.",
    });
    this.arn = this.policy.arn;
  }
}

/** Sets `boundaryArn` as the permissions boundary of every IAM role under `scopes`, except those in `except`. */
export function applyPermissionsBoundary(scopes: readonly IConstruct[], boundaryArn: string, except: readonly IamRole[] = []): void {
  for (const scope of scopes) {
    for (const node of scope.node.findAll()) {
      if (node instanceof IamRole && !except.includes(node)) node.permissionsBoundary = boundaryArn;
    }
  }
}
