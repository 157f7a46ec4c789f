// Alerts that reach someone: every SNS topic of every phase carries every configured subscription, or the
// environment says `alerts.none` with a reason that the synth summary prints (a BH-MON-1 suppression per topic).
import { formatSuppressions, listSuppressions } from "../../guardrails/suppressions";
import { configFor, resourcesOf, synthAll, synthStacks, type StackJson } from "../helpers";

const topicsAndSubscriptions = (stacks: Record<string, StackJson>) =>
  Object.entries(stacks).flatMap(([stack, json]) =>
    resourcesOf(json, "aws_sns_topic").map(([name, topic]) => ({
      stack,
      topic: topic.name as string,
      endpoints: resourcesOf(json, "aws_sns_topic_subscription")
        .filter(([, s]) => s.topic_arn === `\${aws_sns_topic.${name}.arn}`)
        .map(([, s]) => `${s.protocol}:${s.endpoint}`)
        .sort(),
    })),
  );

describe.each([
  ["staging", ["email:platform-team@braveheart-tech.com"]],
  ["production", ["email:platform-oncall@braveheart-tech.com"]],
] as const)("%s: alarm topics", (env, expected) => {
  test("backup events, DMS lag, cutover and global cutover topics each reach the configured recipients", () => {
    const topics = topicsAndSubscriptions(synthStacks(configFor(env)));
    expect(topics.map((t) => t.topic).sort()).toEqual(
      [`braveheart-${env}-backup-events`, `braveheart-${env}-cutover-alarms`, `braveheart-${env}-cutover-alarms-global`, `braveheart-${env}-dms-alarms`].sort(),
    );
    for (const t of topics) expect({ topic: t.topic, endpoints: t.endpoints }).toEqual({ topic: t.topic, endpoints: [...expected] });
  });
});

describe("alerts with several recipients", () => {
  test("every topic gets every e-mail and HTTPS subscription; the first e-mail keeps the address `Email`", () => {
    const stacks = synthStacks(
      configFor("staging", (raw) => (raw.alerts = { emails: ["a@example.com", "b@example.com"], https: ["https://hooks.example.com/sns"] })),
    );
    for (const t of topicsAndSubscriptions(stacks)) {
      expect(t.endpoints).toEqual(["email:a@example.com", "email:b@example.com", "https:https://hooks.example.com/sns"]);
    }
    const backup = resourcesOf(stacks["staging-backup"], "aws_sns_topic_subscription").map(([, s]) => s["//"].metadata.path);
    expect(backup.sort()).toEqual(["staging-backup/Notifications/Email", "staging-backup/Notifications/Email2", "staging-backup/Notifications/Https"]);
  });
});

describe("alerts: none", () => {
  const REASON = "a sandbox nobody is on call for; the alarms are read on the dashboard";
  let result: ReturnType<typeof synthAll>;
  beforeAll(() => {
    // synthAll throws on a guardrail error, so reaching the tests means BH-MON-1 was suppressed, not violated
    result = synthAll(configFor("staging", (raw) => (raw.alerts = { none: REASON })));
  });

  test("no topic has a subscription", () => {
    for (const t of topicsAndSubscriptions(result.stacks)) expect(t.endpoints).toEqual([]);
  });

  test("the synth summary prints the reason once per topic, as a used BH-MON-1 suppression", () => {
    const records = listSuppressions(result.built.app).filter((s) => s.id === "BH-MON-1");
    expect(records.map((r) => r.path).sort()).toEqual([
      "staging-backup/Notifications/Topic",
      "staging-golive/AlarmTopic/Topic",
      "staging-golive/GlobalAlarmTopic/Topic",
      "staging-phase2/DataMigration/AlarmTopic/Topic",
    ]);
    expect(records.every((r) => r.used)).toBe(true);
    expect(formatSuppressions(records)).toContain(`BH-MON-1 at staging-backup/Notifications/Topic: alerts.none: ${REASON}`);
  });
});

describe("known bad: a topic with no subscription and no reason", () => {
  test("fails synth with BH-MON-1 (the rule can fire on the real stacks)", () => {
    const { buildApp } = require("../../app") as typeof import("../../app");
    const { mkdtempSync, rmSync } = require("node:fs") as typeof import("node:fs");
    const outdir = mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "alerts-bad-"));
    try {
      const config = configFor("staging");
      // What config validation refuses, forced past it: no subscriptions and no reason
      const built = buildApp({ ...config, alerts: { emails: [], https: [] } }, { outdir });
      expect(() => built.app.synth()).toThrow(/BH-MON-1/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
