import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { KmsKey } from "../security/kms-key";

/** WAF delivers to CloudWatch Logs only into log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";
/** Request headers never written to the WAF log: session tokens and credentials (lower case, as WAF requires). */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;

export interface WebAclLoggingProps {
  readonly namePrefix: string;
  /** The web ACL whose requests are logged. */
  readonly webAclArn: string;
  readonly accountId: string;
  /** The web ACL's region: us-east-1 for CloudFront. The log group and its key must be in the same region. */
  readonly region: string;
  readonly provider: TerraformProvider;
  /** @default 90 */
  readonly retentionDays?: number;
}

/**
 * Logs every request the web ACL evaluates (which rule matched, the action, the client, the headers) into a
 * KMS-encrypted CloudWatch log group with retention, with the `authorization` and `cookie` headers redacted: the log
 * is what an incident responder and a tuning change read, and it must not become a store of session tokens.
 *
 * The key is the log group's own, in the web ACL's region (a log group can only use a key of its region). WAF adds the
 * log group's resource policy for `delivery.logs.amazonaws.com` itself when logging is first enabled (the deploy
 * role may call logs:PutResourcePolicy).
 */
export class WebAclLogging extends Construct {
  static readonly DEFAULT_RETENTION_DAYS = 90;

  readonly key: KmsKey;
  readonly logGroup: CloudwatchLogGroup;
  readonly configuration: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WebAclLoggingProps) {
    super(scope, id);
    this.key = new KmsKey(this, "Key", {
      alias: `${props.namePrefix}-waf-logs`,
      description: `${props.namePrefix}: WAF request logs of the CloudFront web ACL`,
      accountId: props.accountId,
      cloudWatchLogsRegion: props.region,
      provider: props.provider,
    });
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `${WAF_LOG_GROUP_PREFIX}${props.namePrefix}-edge`,
      retentionInDays: props.retentionDays ?? WebAclLogging.DEFAULT_RETENTION_DAYS,
      kmsKeyId: this.key.arn,
      provider: props.provider,
    });
    this.configuration = new Wafv2WebAclLoggingConfiguration(this, "Configuration", {
      resourceArn: props.webAclArn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
      provider: props.provider,
    });
  }
}
