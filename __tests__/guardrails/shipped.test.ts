// The shipped environments pass every guardrail; the only exceptions are the listed, justified suppressions.
import { AnnotationMetadataEntryType } from "cdktf";
import { listSuppressions } from "../../guardrails/suppressions";
import { configFor, synthAll, type ShippedEnvironment } from "../helpers";

describe.each<ShippedEnvironment>(["staging", "production"])("%s: guardrails on the shipped stacks", (env) => {
  let result: ReturnType<typeof synthAll>;
  beforeAll(() => {
    // synthAll throws on the first guardrail error, so reaching the tests means zero violations.
    result = synthAll(configFor(env));
  });

  test("every stack synthesizes with no guardrail error or warning", () => {
    const annotations = result.built.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN));
    expect(annotations).toEqual([]);
  });

  test("the only suppressions are the workload boundary's NotAction, the CI deploy role's PowerUserAccess and the access-log bucket's own logging, all in use", () => {
    expect(listSuppressions(result.built.app).map(({ path, id, used }) => ({ path, id, used }))).toEqual([
      { path: `${env}-preparation/WorkloadBoundary/Policy`, id: "BH-IAM-1", used: true },
      { path: `${env}-preparation/CiDeployRole/PowerUser`, id: "BH-IAM-3", used: true },
      { path: `${env}-preparation/AccessLogs/Bucket`, id: "BH-S3-6", used: true },
    ]);
  });
});
