import type { Rule } from "../../rule";

export const AlarmTopicSubscribed: Rule = {
  id: "BH-MON-1",
  name: "AlarmTopicSubscribed",
  reason: "SNS topic has no subscription: its alarms and events reach no one",
  explanation:
    "The backup-event, DMS-lag and cutover topics are the gates of the runbook: an alarm nobody receives is not a " +
    "gate. Every topic gets the environment's alerts (config alerts.emails / alerts.https); an environment that " +
    "really wants none says why in alerts.none, which becomes a suppression printed in every synth summary.",
  resourceTypes: ["aws_sns_topic"],
  check(_attributes, { stack, address }) {
    return stack.referencing("aws_sns_topic_subscription", "topic_arn", address).length > 0 ? "compliant" : "noncompliant";
  },
};
