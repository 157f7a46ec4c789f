import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";

export interface EcrRepositoriesProps {
  readonly project: string;
  /** One repository per service name. */
  readonly serviceNames: readonly string[];
  readonly kmsKeyArn: string;
  /**
   * Tagged images kept per repository; older ones expire.
   * @default 50
   */
  readonly keepTaggedImages?: number;
}

/**
 * One ECR repository per catalog service: scanned on push, immutable tags (a tag always means the same image, so
 * a rollback really rolls back), KMS-encrypted, with a lifecycle policy that bounds storage.
 * Each repository's construct id is the service name, so catalog order never changes an address.
 */
export class EcrRepositories extends Construct {
  static readonly DEFAULT_KEEP_TAGGED_IMAGES = 50;

  /** `<project>/<service>`: the repository a service's images are pushed to. */
  static repositoryName(project: string, service: string): string {
    return `${project}/${service}`;
  }

  readonly repositories: Record<string, EcrRepository> = {};

  constructor(scope: Construct, id: string, props: EcrRepositoriesProps) {
    super(scope, id);
    const keep = props.keepTaggedImages ?? EcrRepositories.DEFAULT_KEEP_TAGGED_IMAGES;
    for (const service of props.serviceNames) {
      const scopeForService = new Construct(this, service);
      const repository = new EcrRepository(scopeForService, "Repository", {
        name: EcrRepositories.repositoryName(props.project, service),
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      });
      new EcrLifecyclePolicy(scopeForService, "Lifecycle", {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: "Expire untagged images after 7 days",
              selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: `Keep the newest ${keep} images`,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
              action: { type: "expire" },
            },
          ],
        }),
      });
      this.repositories[service] = repository;
    }
  }
}
