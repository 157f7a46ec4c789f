// Upstream outputs for the offline plan: every output the shipped stacks export gets a value of the form AWS gives
// it (the provider validates ids and ARNs at plan time), and anything it cannot value is an error that names it.
import { outputsState, outputValue, VALUED_ATTRIBUTES } from "../../../scripts/terraform/upstream-state";
import { configFor, synthStacks, type ShippedEnvironment } from "../../helpers";

const context = { region: "eu-west-2", accountId: "123456789012" };

/** The form of each valued attribute, as AWS documents it. */
const FORMS: Record<string, RegExp> = {
  "aws_vpc.id": /^vpc-[0-9a-f]{17}$/,
  "aws_subnet.id": /^subnet-[0-9a-f]{17}$/,
  "aws_security_group.id": /^sg-[0-9a-f]{17}$/,
  "aws_kms_key.arn": /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
  "aws_iam_role.arn": /^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/,
  "aws_iam_policy.arn": /^arn:aws:iam::\d{12}:policy\/[\w+=,.@-]+$/,
  "aws_acm_certificate_validation.certificate_arn": /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
  "aws_ecr_repository.repository_url": /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9/_-]+$/,
  "aws_ecs_cluster.arn": /^arn:aws:ecs:[a-z0-9-]+:\d{12}:cluster\/[\w-]+$/,
  "aws_lb.arn_suffix": /^app\/[\w-]+\/[0-9a-f]{16}$/,
  "aws_lb_target_group.arn_suffix": /^targetgroup\/[\w-]{1,32}\/[0-9a-f]{16}$/,
  "aws_lb_listener.arn": /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[\w-]+\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
  "aws_sns_topic.arn": /^arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]+$/,
  "aws_backup_vault.arn": /^arn:aws:backup:[a-z0-9-]+:\d{12}:backup-vault:[\w.-]+$/,
  "aws_cloudfront_distribution.domain_name": /^d[a-z0-9]{13}\.cloudfront\.net$/,
  "aws_cloudfront_distribution.hosted_zone_id": /^Z2FDTNDATAQYW2$/,
  "data.aws_route53_zone.zone_id": /^Z[A-Z0-9]{13}$/,
};

describe.each<ShippedEnvironment>(["staging", "production"])("upstream outputs of %s", (env) => {
  const stacks = synthStacks(configFor(env));

  test("every output of every upstream stack gets a value of its attribute's AWS form", () => {
    let checked = 0;
    // golive is no stack's upstream (the offline plan never writes its state); its outputs forward upstream values.
    for (const [id, stack] of Object.entries(stacks).filter(([id]) => id !== `${env}-golive`)) {
      const state = outputsState(id, stack as never, context);
      expect(state).toMatchObject({ version: 4, resources: [] });
      for (const [name, output] of Object.entries<any>(stack.output ?? {})) {
        const m = /^\$\{(data\.)?([a-z0-9_]+)\.[^.]+\.([a-z0-9_]+)\}$/.exec(String(output.value));
        const form = m ? FORMS[`${m[1] ?? ""}${m[2]}.${m[3]}`] : undefined;
        if (form) {
          expect(state.outputs[name].value).toMatch(form);
          checked++;
        }
        expect(state.outputs[name].type).toBeDefined();
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  test("a resource on an aliased provider gets that provider's region in its ARN", () => {
    const prep = stacks[`${env}-preparation`];
    const state = outputsState(`${env}-preparation`, prep as never, context);
    const certificates = Object.entries<any>(prep.output ?? {}).filter(([, o]) => String(o.value).includes("aws_acm_certificate_validation"));
    const regions = certificates.map(([name]) => String(state.outputs[name].value).split(":")[3]).sort();
    expect(regions).toEqual(["eu-west-2", "us-east-1"]);
  });
});

describe("upstream outputs that cannot be valued", () => {
  test("an unknown resource attribute is an error naming the output and the table to extend", () => {
    expect(() => outputValue("s-prep", "out1", "${aws_efs_file_system.Fs.dns_name}", {}, context)).toThrow(
      "s-prep output out1: no offline value for aws_efs_file_system.dns_name; add one to scripts/terraform/upstream-state.ts",
    );
  });

  test("an expression that is not one reference is refused, not guessed", () => {
    expect(() => outputValue("s-prep", "out2", "${join(\",\", aws_subnet.A.*.id)}", {}, context)).toThrow(/is not a single reference/);
  });

  test("literal outputs pass through", () => {
    expect(outputValue("s", "o", { "www.example.com": 0 }, {}, context)).toEqual({ "www.example.com": 0 });
  });

  test("the table covers only attributes, no duplicates", () => {
    expect(new Set(VALUED_ATTRIBUTES).size).toBe(VALUED_ATTRIBUTES.length);
  });
});
