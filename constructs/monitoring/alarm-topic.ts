import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../guardrails/suppressions";
import { policyDocument } from "../iam/policy-document";

/** Who receives a topic's messages: the environment's `alerts` (config/schema.ts, AlertsSchema). */
export interface AlertRecipients {
  readonly emails: readonly string[];
  readonly https: readonly string[];
  /** Why nobody receives them, instead of subscriptions: recorded as a BH-MON-1 suppression. */
  readonly none?: string;
}

export interface AlarmTopicProps {
  readonly topicName: string;
  /** KMS key that encrypts messages at rest; the publishing services need use of it. */
  readonly kmsKeyArn: string;
  readonly accountId: string;
  /** Service principals allowed to publish (e.g. `backup.amazonaws.com`, `cloudwatch.amazonaws.com`). */
  readonly publishers: string[];
  /** Subscribed to the topic; with none, `recipients.none` must say why (the synth summary prints it). */
  readonly recipients: AlertRecipients;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * An SNS topic for operational events: encrypted with KMS, publishable only by the named AWS services acting for
 * this account, with a subscription per recipient (each confirms once), or a written reason why nobody receives it.
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
    // Construct ids by position: the first e-mail keeps the id `Email` it had when one address was all there was.
    // Reordering the list re-creates subscriptions (and asks the recipients to confirm again).
    const subscribe = (protocol: "email" | "https", endpoints: readonly string[], idBase: string) =>
      endpoints.forEach((endpoint, i) => {
        new SnsTopicSubscription(this, i === 0 ? idBase : `${idBase}${i + 1}`, { topicArn: this.topic.arn, protocol, endpoint, provider: props.provider });
      });
    subscribe("email", props.recipients.emails, "Email");
    subscribe("https", props.recipients.https, "Https");
    // No recipients and no reason: BH-MON-1 fails the synth (config validation refuses that earlier).
    if (props.recipients.none !== undefined && props.recipients.emails.length + props.recipients.https.length === 0) {
      suppress(this.topic, { id: "BH-MON-1", reason: `alerts.none: ${props.recipients.none}` });
    }
  }
}
