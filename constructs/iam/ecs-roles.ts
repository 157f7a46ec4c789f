import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AWS_MANAGED_POLICY, serviceTrustPolicy } from "./policy-document";
import { physicalName } from "../../config/physical-names";

export interface EcsRolesProps {
  readonly namePrefix: string;
}

/**
 * The roles ECS on EC2 runs with: the container-instance role (joins the cluster, reachable through SSM instead
 * of SSH) with its instance profile, and the shared task execution role (pulls images, writes logs). Services
 * that read secrets get their own execution role (constructs/service) so one service cannot read another's.
 */
export class EcsRoles extends Construct {
  readonly instanceRole: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly taskExecutionRole: IamRole;

  constructor(scope: Construct, id: string, props: EcsRolesProps) {
    super(scope, id);
    this.instanceRole = new IamRole(this, "InstanceRole", {
      name: physicalName(props.namePrefix, "ecsInstanceRole"),
      description: "ECS container instances: register with the cluster; SSM Session Manager instead of SSH",
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    for (const [cid, policy] of [
      ["EcsForEc2", "service-role/AmazonEC2ContainerServiceforEC2Role"],
      ["SsmCore", "AmazonSSMManagedInstanceCore"],
    ] as const) {
      new IamRolePolicyAttachment(this, `InstanceRole${cid}`, { role: this.instanceRole.name, policyArn: AWS_MANAGED_POLICY(policy) });
    }
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", {
      name: `${props.namePrefix}-ecs-instance`,
      role: this.instanceRole.name,
    });

    this.taskExecutionRole = new IamRole(this, "TaskExecutionRole", {
      name: physicalName(props.namePrefix, "ecsTaskExecutionRole"),
      description: "ECS agent on behalf of tasks without secrets: pull images from ECR, write container logs",
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "TaskExecutionRolePolicy", {
      role: this.taskExecutionRole.name,
      policyArn: AWS_MANAGED_POLICY("service-role/AmazonECSTaskExecutionRolePolicy"),
    });
  }
}
