import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct, type IConstruct } from "constructs";
import { suppress } from "../../guardrails/suppressions";
import { physicalName, SERVICE_NAMES } from "../../config/physical-names";
import { DmsServiceRoles } from "../data/dms-service-roles";
import { policyDocument } from "./policy-document";

export interface WorkloadPermissionsBoundaryProps {
  readonly namePrefix: string;
  /** The account whose roles may be passed (role ARNs name it). */
  readonly accountId: string;
}

/** The services a workload role may pass roles to, and which of this environment's roles each may receive. */
export function passableRoles(namePrefix: string): Readonly<Record<string, readonly string[]>> {
  const perService = (key: keyof typeof SERVICE_NAMES) => `${namePrefix}-*-${SERVICE_NAMES[key].suffix}`;
  return {
    // Task and execution roles of every service, and the shared execution role.
    "ecs-tasks.amazonaws.com": [perService("taskRole"), perService("executionRole"), physicalName(namePrefix, "ecsTaskExecutionRole")],
    // The container instances' role, through their instance profile.
    "ec2.amazonaws.com": [physicalName(namePrefix, "ecsInstanceRole")],
    // The two roles DMS finds by their fixed names, and the endpoints' secret-reading roles.
    "dms.amazonaws.com": [DmsServiceRoles.VPC_ROLE_NAME, DmsServiceRoles.LOGS_ROLE_NAME, physicalName(namePrefix, "dmsSourceRole"), physicalName(namePrefix, "dmsTargetRole")],
    // The role backup jobs (and restores) run with.
    "backup.amazonaws.com": [physicalName(namePrefix, "backupRole")],
  };
}

/**
 * The ceiling of every role this project creates (except the CI deploy role, which creates them). CI may write a
 * role's policies only while the role carries this boundary (GithubDeployRole), so no policy CI writes can lift a
 * role above it: everything except IAM, Organizations and account settings, plus reading IAM and passing this
 * environment's own roles to the one service each is made for (`passableRoles`). Without
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
          // Reading IAM changes nothing (the developers' read-only role relies on it).
          Sid: "ReadIam",
          Effect: "Allow",
          Action: ["iam:Get*", "iam:List*"],
          Resource: "*",
        },
        // Passing a role hands its permissions to a service. Only this environment's own roles, and each only to
        // the service it is made for: a task role widened in a pull request still cannot pass an administrator role
        // (or another environment's) to anything, and cannot pass the backup role to ECS.
        ...Object.entries(passableRoles(props.namePrefix)).map(([service, names]) => ({
          Sid: `PassRolesTo${service.split(".")[0].replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`,
          Effect: "Allow" as const,
          Action: "iam:PassRole",
          Resource: names.map((name) => `arn:aws:iam::${props.accountId}:role/${name}`),
          Condition: { StringEquals: { "iam:PassedToService": service } },
        })),
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
