import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyDocument } from "../iam/policy-document";

export interface AlarmTopicProps {
  readonly topicName: string;
  /** KMS key that encrypts messages at rest; the publishing services need use of it. */
  readonly kmsKeyArn: string;
  readonly accountId: string;
  /** Service principals allowed to publish (e.g. `backup.amazonaws.com`, `cloudwatch.amazonaws.com`). */
  readonly publishers: string[];
  /** E-mail address subscribed to the topic. @default - no subscription (subscribe a pager or chat integration later) */
  readonly email?: string;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * An SNS topic for operational events: encrypted with KMS, publishable only by the named AWS services acting for
 * this account, with an optional e-mail subscription (which the recipient must confirm).
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "Topic", { name: props.topicName, kmsMasterKeyId: props.kmsKeyArn, provider: props.provider });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, "Policy", {
      arn: this.topic.arn,
      provider: props.provider,
      policy: policyDocument({
        Sid: "ServicesPublishForThisAccount",
        Effect: "Allow",
        Principal: { Service: props.publishers },
        Action: "sns:Publish",
        Resource: this.topic.arn,
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      }),
    });
    if (props.email) {
      new SnsTopicSubscription(this, "Email", { topicArn: this.topic.arn, protocol: "email", endpoint: props.email, provider: props.provider });
    }
  }
}
