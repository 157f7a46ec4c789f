import { AlarmTopicSubscribed } from "../../../guardrails/rules/monitoring/AlarmTopicSubscribed";
import { describeRule } from "../rule-cases";

const topic = { name: "braveheart-staging-backup-events", kms_master_key_id: "${aws_kms_key.Backup.arn}" };
const subscription = (topicArn: string, protocol = "email", endpoint = "ops@example.com") => ({ topic_arn: topicArn, protocol, endpoint });

describeRule(AlarmTopicSubscribed, {
  compliant: [
    { name: "an e-mail subscription", attributes: topic, others: { aws_sns_topic_subscription: { Email: subscription("${aws_sns_topic.Subject.arn}") } } },
    { name: "an HTTPS endpoint only", attributes: topic, others: { aws_sns_topic_subscription: { Hook: subscription("${aws_sns_topic.Subject.arn}", "https", "https://hooks.example.com/sns") } } },
  ],
  noncompliant: [
    { name: "no subscription at all", attributes: topic },
    { name: "a subscription on another topic", attributes: topic, others: { aws_sns_topic_subscription: { Email: subscription("${aws_sns_topic.Other.arn}") } } },
  ],
});
