import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Construct } from "constructs";
import { physicalName } from "../../config/physical-names";

/** TLS 1.3 with TLS 1.2 fallback and forward-secret ciphers only. */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Header CloudFront adds to every origin request; requests without it get the listener's 404. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

export interface LoadBalancerProps {
  readonly namePrefix: string;
  readonly publicSubnetIds: string[];
  /** The edge security group: HTTPS from CloudFront's origin-facing prefix list only. */
  readonly edgeSecurityGroupId: string;
  readonly certificateArn: string;
  readonly accessLogBucketName: string;
  /** Hosted zone for the ALB's own name, `origin.<zone>`. */
  readonly zoneId: string;
  readonly zoneName: string;
  /** KMS key for the origin-verify secret. */
  readonly kmsKeyArn: string;
  /**
   * Refuse deletion through the API; turn off in an explicit change before decommissioning.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The internet-facing ALB. Only CloudFront can reach it: the edge security group admits CloudFront's origin-facing
 * addresses only, and every service's listener rule also requires the secret origin-verify header, so other
 * CloudFront distributions cannot use it as their origin. The default action is a 404.
 *
 * It also owns its DNS name `origin.<zone>`: CloudFront validates the origin's certificate against the origin
 * domain name, which the ALB's own `*.elb.amazonaws.com` name would fail.
 */
export class LoadBalancer extends Construct {
  /** The origin-verify secret's name: the CI plan role may read this one secret (its value is in state anyway). */
  static originVerifySecretName(namePrefix: string): string {
    return `${namePrefix}/alb/origin-verify`;
  }

  readonly alb: Lb;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
  readonly originRecord: Route53Record;
  readonly originFqdn: string;
  /** The secret header value; stable across plans (see the secret version's ignore_changes). */
  readonly originVerifyValue: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? true;

    this.alb = new Lb(this, "Alb", {
      name: physicalName(props.namePrefix, "loadBalancer"),
      internal: false,
      loadBalancerType: "application",
      securityGroups: [props.edgeSecurityGroupId],
      subnets: props.publicSubnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: deletionProtection,
      desyncMitigationMode: "defensive",
      enableHttp2: true,
      idleTimeout: 60,
      accessLogs: { bucket: props.accessLogBucketName, prefix: "alb", enabled: true },
    });

    // The value is generated once: the data source yields a new password on every read, so the secret version
    // ignores later changes and everything else reads the stored version. Rotate by replacing the version
    // (`terraform apply -replace`), which CloudFront and the listener rules pick up in the same apply.
    const password = new DataAwsSecretsmanagerRandomPassword(this, "OriginVerifyRandom", { passwordLength: 48, excludePunctuation: true });
    const secret = new SecretsmanagerSecret(this, "OriginVerifySecret", {
      name: LoadBalancer.originVerifySecretName(props.namePrefix),
      description: "Shared secret CloudFront sends to the ALB; requests without it are not routed",
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: 7,
      // Rotation replaces the version below, never the secret, so the secret itself can be protected.
      lifecycle: { preventDestroy: true },
    });
    const version = new SecretsmanagerSecretVersion(this, "OriginVerifyValue", {
      secretId: secret.id,
      secretString: password.randomPassword,
      lifecycle: { ignoreChanges: ["secret_string"] },
    });
    this.originVerifyValue = version.secretString;

    this.httpsListener = new LbListener(this, "HttpsListener", {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: ALB_TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
    });
    this.httpListener = new LbListener(this, "HttpListener", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });

    this.originFqdn = `origin.${props.zoneName}`;
    this.originRecord = new Route53Record(this, "OriginRecord", {
      zoneId: props.zoneId,
      name: this.originFqdn,
      type: "A",
      alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
    });
  }
}
