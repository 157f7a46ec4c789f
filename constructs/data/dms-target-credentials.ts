import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";

export interface DmsTargetCredentialsProps {
  /** `<project>-<environment>` */
  readonly namePrefix: string;
  /** Encrypts the secret; DMS's target role decrypts with it. */
  readonly dataKmsKeyArn: string;
}

/**
 * The secret DMS signs in to the new database with: `{"username","password","host","port"}` of the migration user,
 * written by the runbook's bootstrap when it creates that user (docs/phase2.md, "Before starting the task"), never by
 * Terraform, so no password reaches state or the synthesized JSON.
 *
 * Why a secret and not IAM database authentication: the DMS endpoint's IAM arguments
 * (`postgres_settings.authentication_method`, `service_access_role_arn`) exist only in aws provider 6.x, and every
 * stack must stay valid under 5.x too, where the real `terraform validate` and offline plan run (docs/ci.md).
 * Why not the RDS-managed master secret: DMS needs host and port inside the secret, which that one lacks, and the
 * migration must not run as the master user.
 *
 * It lives outside {@link DataMigration} and outlives its retirement: a secret carries `prevent_destroy`, and a
 * retired migration removes every other DMS resource (docs/phase2.md, "Retire").
 */
export class DmsTargetCredentials extends Construct {
  /** The database user the bootstrap creates for DMS, with write grants on the migrated schemas only. */
  static readonly USERNAME = "dms_migration";
  readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: DmsTargetCredentialsProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, "Secret", {
      name: DmsTargetCredentials.secretName(props.namePrefix),
      description: `DMS sign-in to the new database as ${DmsTargetCredentials.USERNAME} (written by the bootstrap, docs/phase2.md)`,
      kmsKeyId: props.dataKmsKeyArn,
      recoveryWindowInDays: 7,
      lifecycle: { preventDestroy: true },
    });
  }

  static secretName(namePrefix: string): string {
    return `${namePrefix}/dms/target-credentials`;
  }
}
