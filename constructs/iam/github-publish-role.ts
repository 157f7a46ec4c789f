import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { servicePhysicalName } from "../../config/physical-names";
import { githubOidcRole } from "./github-oidc";
import { policyDocument } from "./policy-document";

/** What `docker buildx build --push` needs on the repository (the ECR docs' push permissions). */
export const ECR_PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
] as const;
/** What the publish workflow reads back: the pushed image's digest and its scan findings (`aws ecr wait image-scan-complete`). */
export const ECR_SCAN_READ_ACTIONS = ["ecr:DescribeImages", "ecr:DescribeImageScanFindings"] as const;

export interface GithubPublishRoleProps {
  readonly namePrefix: string;
  /** The service whose image the repository publishes. */
  readonly service: string;
  /** `owner/name` of the application repository. */
  readonly repository: string;
  /** Its protected branch: runs on it may publish. */
  readonly branch: string;
  /**
   * A release-tag glob (`v*`): runs on matching tags may publish too.
   * @default - none: only `branch`
   */
  readonly tags?: string;
  /** ARN of the account's GitHub OIDC provider (GithubDeployRole creates or finds it). */
  readonly oidcProviderArn: string;
  /** The service's ECR repository: the only one the role can push to. */
  readonly ecrRepositoryArn: string;
}

/**
 * The role an application repository's publish workflow assumes (.github/workflows/publish-image.yml): it can push
 * to one ECR repository, read that image's scan, and log in to the registry, nothing else. Only runs on the
 * repository's protected branch (or release tags) can assume it: a pull request, another branch or another repository
 * presents a different OIDC subject. The repository's tags are immutable, so a published tag is never overwritten.
 */
export class GithubPublishRole extends Construct {
  /** One hour: a build, a push and a scan; leaked credentials expire soon. */
  static readonly MAX_SESSION_SECONDS = 3600;

  readonly role: IamRole;
  /** The OIDC subjects the role trusts. */
  readonly subjects: readonly string[];

  constructor(scope: Construct, id: string, props: GithubPublishRoleProps) {
    super(scope, id);
    this.subjects = [
      `repo:${props.repository}:ref:refs/heads/${props.branch}`,
      ...(props.tags === undefined ? [] : [`repo:${props.repository}:ref:refs/tags/${props.tags}`]),
    ];
    this.role = githubOidcRole(this, "Role", {
      name: servicePhysicalName(props.namePrefix, props.service, "publishRole"),
      description: `${props.repository} publishes the ${props.service} image from ${props.branch}${props.tags ? ` and tags ${props.tags}` : ""} through GitHub OIDC`,
      maxSessionSeconds: GithubPublishRole.MAX_SESSION_SECONDS,
      oidcProviderArn: props.oidcProviderArn,
      subjects: this.subjects,
    });
    new IamRolePolicy(this, "Push", {
      role: this.role.id,
      name: "push-one-repository",
      policy: policyDocument(
        // GetAuthorizationToken has no resource-level scope: the token alone opens no repository.
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "PushToTheServiceRepository", Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: props.ecrRepositoryArn },
        { Sid: "ReadThePushedImageScan", Effect: "Allow", Action: [...ECR_SCAN_READ_ACTIONS], Resource: props.ecrRepositoryArn },
      ),
    });
  }
}
