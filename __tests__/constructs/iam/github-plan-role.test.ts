// Who may assume the pull-request plan role (only the pull_request subject of one repository), and that pull-request
// code running with it can read this environment's state but neither write anything nor read secret values.
import { Testing } from "cdktf";
import { GithubPlanRole, type GithubPlanRoleProps } from "../../../constructs/iam/github-plan-role";

const PROVIDER_ARN = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const base: GithubPlanRoleProps = {
  namePrefix: "bh-test",
  accountId: "111111111111",
  region: "eu-west-2",
  environment: "staging",
  repository: "braveheart-tech/platform-infra",
  oidcProviderArn: PROVIDER_ARN,
  backend: { type: "s3", bucket: "state-bucket", keyPrefix: "platform", kmsKeyId: "alias/terraform-state" },
};

// Parsed policy JSON: loosely typed on purpose, the assertions say what each field must hold.
type Statement = Record<string, any>;

/** The synthesized resources, the trust statements and every inline policy statement of a plan role. */
function build(props: GithubPlanRoleProps) {
  const synth = JSON.parse(Testing.synthScope((scope) => new GithubPlanRole(scope, "CiPlanRole", props)));
  const role = Object.values<any>(synth.resource.aws_iam_role)[0];
  const policies: Record<string, Statement[]> = Object.fromEntries(
    Object.values<any>(synth.resource.aws_iam_role_policy).map((p) => [p.name, JSON.parse(p.policy).Statement]),
  );
  const statements = Object.values(policies).flat();
  return {
    resource: synth.resource,
    role,
    trust: JSON.parse(role.assume_role_policy).Statement as Statement[],
    policies,
    allows: statements.filter((s) => s.Effect === "Allow"),
    deny: (sid: string): Statement => one(statements, (s) => s.Effect === "Deny" && s.Sid === sid),
  };
}
/** The one statement matching, or a failure naming what was missing (never undefined, so no check passes vacuously). */
function one(statements: Statement[], match: (s: Statement) => boolean): Statement {
  const found = statements.filter(match);
  if (found.length !== 1) throw new Error(`expected one matching statement, found ${found.length}: ${JSON.stringify(statements)}`);
  return found[0];
}
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

describe("GithubPlanRole", () => {
  describe("with S3 state encrypted by KMS and no state-held secrets", () => {
    let built: ReturnType<typeof build>;
    beforeAll(() => {
      built = build(base);
    });

    test("trusts exactly the pull_request subject of the repository, with the STS audience", () => {
      expect(built.trust).toHaveLength(1);
      expect(built.trust[0].Condition).toEqual({
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/platform-infra:pull_request",
        },
      });
    });

    test("trusts no branch or environment subject, so it is no way around the deploy role's environment", () => {
      const subjects = JSON.stringify(built.trust);
      expect(subjects).not.toMatch(/:ref:|:environment:/);
      expect(subjects).not.toContain("StringLike");
    });

    test("federates through the OIDC provider passed in and creates none of its own", () => {
      expect(built.trust[0].Principal).toEqual({ Federated: PROVIDER_ARN });
      expect(built.resource.aws_iam_openid_connect_provider).toBeUndefined();
    });

    test("attaches the AWS managed ReadOnlyAccess for the refresh, and nothing else managed", () => {
      const attachments = Object.values<any>(built.resource.aws_iam_role_policy_attachment).map((a) => a.policy_arn);
      expect(attachments).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    });

    test("sessions last at most one hour, the plan job's timeout", () => {
      expect(built.role.max_session_duration).toBe(3600);
    });

    test("reads only this environment's state objects and lists the state bucket", () => {
      const state = built.policies["read-terraform-state"];
      expect(one(state, (s) => s.Action === "s3:GetObject").Resource).toBe("arn:aws:s3:::state-bucket/platform/staging-*.tfstate");
      expect(one(state, (s) => s.Action === "s3:ListBucket").Resource).toBe("arn:aws:s3:::state-bucket");
    });

    test("may decrypt only through S3 in the state's region, only for the state bucket and this environment's objects", () => {
      const decrypt = built.allows.filter((s) => actionsOf([s]).includes("kms:Decrypt"));
      expect(decrypt).toHaveLength(1);
      expect(decrypt[0].Condition).toEqual({
        StringEquals: { "kms:ViaService": "s3.eu-west-2.amazonaws.com" },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::state-bucket", "arn:aws:s3:::state-bucket/platform/staging-*.tfstate"] },
      });
      // and every other decryption path (SecureString parameters, direct calls) is denied outright
      expect(built.deny("DecryptOnlyForState").Condition).toEqual({ StringNotEquals: { "kms:ViaService": ["s3.eu-west-2.amazonaws.com"] } });
    });

    test("every secret value and the account's own parameter values are denied", () => {
      expect(built.deny("NoSecretValues")).toMatchObject({ Action: ["secretsmanager:GetSecretValue"], Resource: "*" });
      expect(built.deny("NoParameterValues")).toMatchObject({
        Action: expect.arrayContaining(["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]),
        // AWS's public parameters (the ECS-optimized AMI a plan reads) are not the account's
        Resource: "arn:aws:ssm:*:111111111111:parameter/*",
      });
    });

    test("allows only reads: no S3 writes, not even the lock file", () => {
      const actions = actionsOf(built.allows);
      expect(actions).not.toEqual(expect.arrayContaining(["s3:PutObject"]));
      expect(actions).not.toEqual(expect.arrayContaining(["s3:DeleteObject"]));
      expect(actions.every((a) => /^[a-z0-9-]+:(Get|List|Decrypt)/.test(a))).toBe(true);
    });
  });

  test("a state key given as a key ARN scopes kms:Decrypt to that key", () => {
    const keyArn = "arn:aws:kms:eu-west-2:111111111111:key/0a1b2c3d-0000-0000-0000-000000000000";
    const { allows } = build({ ...base, backend: { type: "s3", bucket: "state-bucket", keyPrefix: "platform", kmsKeyId: keyArn } });
    expect(one(allows, (s) => s.Action === "kms:Decrypt").Resource).toBe(keyArn);
  });

  test("S3 state without a KMS key gets no kms:Decrypt, and the decrypt deny is unconditional", () => {
    const built = build({ ...base, backend: { type: "s3", bucket: "state-bucket", keyPrefix: "platform" } });
    expect(actionsOf(built.allows)).not.toContain("kms:Decrypt");
    expect(built.deny("DecryptOnlyForState").Condition).toBeUndefined();
  });

  test.each(["cloud", "local"] as const)("a %s backend gets no state statements at all", (type) => {
    const backend = type === "cloud" ? ({ type, organization: "braveheart", hostname: "app.terraform.io", workspacePrefix: "braveheart", project: "Default Project", oidcProvider: "create", executionMode: "local" } as const) : ({ type } as const);
    const built = build({ ...base, backend });
    expect(built.policies["read-terraform-state"]).toBeUndefined();
    expect(built.allows).toEqual([]);
    expect(built.deny("DecryptOnlyForState").Condition).toBeUndefined();
  });

  describe("with a secret whose value the state holds", () => {
    let built: ReturnType<typeof build>;
    const secretArn = "arn:aws:secretsmanager:eu-west-2:111111111111:secret:bh-test/alb/origin-verify-??????";
    beforeAll(() => {
      built = build({ ...base, stateHeldSecrets: [{ name: "bh-test/alb/origin-verify", kmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/platform" }] });
    });

    test("may read that secret, so the plan can refresh its secret version", () => {
      const read = one(built.allows, (s) => actionsOf([s]).includes("secretsmanager:GetSecretValue"));
      expect(read.Resource).toEqual([secretArn]);
      const decrypt = one(built.allows, (s) => s.Sid === "DecryptStateHeldSecrets");
      expect(decrypt).toMatchObject({
        Resource: ["arn:aws:kms:eu-west-2:111111111111:key/platform"],
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-2.amazonaws.com" }, StringLike: { "kms:EncryptionContext:SecretARN": [secretArn] } },
      });
    });

    test("every other secret value stays denied", () => {
      const deny = built.deny("NoSecretValues");
      expect(deny.NotResource).toEqual([secretArn]);
      expect(deny.Resource).toBeUndefined();
    });
  });
});
