import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { AWS_MANAGED_POLICY, PARAMETER_VALUE_ACTIONS, policyDocument, SECRET_VALUE_ACTIONS } from "./policy-document";
import { physicalName } from "../../config/physical-names";

export interface ReadOnlyRoleProps {
  readonly namePrefix: string;
  readonly accountId: string;
}

/**
 * Developers' read-only role: assumable by the account's IAM users and SSO roles with MFA; sees configuration, logs
 * and metrics, but is explicitly denied secret values and decryption.
 */
export class ReadOnlyRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ReadOnlyRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "Role", {
      name: physicalName(props.namePrefix, "developerReadOnlyRole"),
      description: "Developers: read-only view of the platform, no secret values",
      maxSessionDuration: 3600 * 4,
      assumeRolePolicy: policyDocument({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": true } },
      }),
    });
    new IamRolePolicyAttachment(this, "ReadOnly", { role: this.role.name, policyArn: AWS_MANAGED_POLICY("ReadOnlyAccess") });
    new IamRolePolicy(this, "DenySecrets", {
      role: this.role.id,
      name: "deny-secret-values",
      policy: policyDocument({
        Sid: "NoSecretValues",
        Effect: "Deny",
        Action: [...SECRET_VALUE_ACTIONS, ...PARAMETER_VALUE_ACTIONS, "kms:Decrypt"],
        Resource: "*",
      }),
    });
  }
}
