import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AWS_MANAGED_POLICY, serviceTrustPolicy } from "../iam/policy-document";

/**
 * The two roles DMS looks up BY NAME in the account (pitfall 9): `dms-vpc-role` lets it place replication
 * instances in our subnets, `dms-cloudwatch-logs-role` lets it write task logs. The names are fixed by AWS and
 * global to the account, so:
 * - if the account already has them (another team's DMS, an earlier console setup), import them into this stack
 *   before the first apply (docs/phase2.md, "DMS service roles already exist") instead of creating them;
 * - retiring the migration deletes them; another DMS user in the account would have to recreate them.
 */
export class DmsServiceRoles extends Construct {
  /** Names AWS DMS expects; not configurable. */
  static readonly VPC_ROLE_NAME = "dms-vpc-role";
  static readonly LOGS_ROLE_NAME = "dms-cloudwatch-logs-role";

  readonly vpcRole: IamRole;
  readonly logsRole: IamRole;
  /**
   * The policy attachments. DMS resources depend on these (not only on the roles): a role without its policy is
   * what fails the first replication subnet group. IAM is eventually consistent even then; see docs/phase2.md.
   */
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = (rid: string, name: string, policy: string, description: string): [IamRole, IamRolePolicyAttachment] => {
      const created = new IamRole(this, rid, { name, description, assumeRolePolicy: serviceTrustPolicy("dms.amazonaws.com") });
      const attachment = new IamRolePolicyAttachment(this, `${rid}Policy`, { role: created.name, policyArn: AWS_MANAGED_POLICY(policy) });
      return [created, attachment];
    };
    const [vpcRole, vpcPolicy] = role("VpcRole", DmsServiceRoles.VPC_ROLE_NAME, "service-role/AmazonDMSVPCManagementRole", "AWS DMS manages network interfaces of replication instances");
    const [logsRole, logsPolicy] = role("LogsRole", DmsServiceRoles.LOGS_ROLE_NAME, "service-role/AmazonDMSCloudWatchLogsRole", "AWS DMS writes replication task logs to CloudWatch Logs");
    this.vpcRole = vpcRole;
    this.logsRole = logsRole;
    this.attachments = [vpcPolicy, logsPolicy];
  }
}
