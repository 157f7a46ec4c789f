import { configFor, resourceAt, resourcesOf, synthStacks, type StackJson } from "../helpers";

describe("preparation stack (staging)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = synthStacks(configFor("staging"))["staging-preparation"];
  });

  test("is named <environment>-preparation and pins the provider exactly", () => {
    expect(stack.terraform?.required_providers.aws.version).toBe("6.25.0");
    expect(stack.terraform?.required_version).toBe(">= 1.10.0");
  });

  test("tags every resource through provider default_tags (project, environment, phase, managed-by + config tags)", () => {
    expect(stack.provider?.aws[0].default_tags[0].tags).toEqual({
      owner: "platform-team",
      "cost-centre": "migration",
      project: "braveheart",
      environment: "staging",
      phase: "preparation",
      "managed-by": "cdktf",
    });
    expect(stack.provider?.aws[0].region).toBe("eu-west-2");
  });

  test("KMS keys rotate yearly, keep a 30-day deletion window, have a key policy and cannot be destroyed", () => {
    const keys = resourcesOf(stack, "aws_kms_key");
    expect(keys).toHaveLength(2);
    for (const [, key] of keys) {
      expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      const policy = JSON.parse(key.policy);
      expect(policy.Statement[0].Principal.AWS).toMatch(/^arn:aws:iam::\$\{data\.aws_caller_identity\.Account\.account_id\}:root$/);
    }
  });

  test("the platform key lets CloudWatch Logs in this region encrypt this account's log groups, as CloudWatch Logs documents", () => {
    const statements = JSON.parse(resourceAt(stack, "aws_kms_key", "PlatformKey/Key").policy).Statement;
    expect(statements.find((s: any) => s.Sid === "CloudWatchLogsEncryptsLogGroups")).toMatchObject({
      Principal: { Service: "logs.eu-west-2.amazonaws.com" },
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-2:${data.aws_caller_identity.Account.account_id}:log-group:*" } },
    });
    // The other services are scoped to the account by aws:SourceAccount.
    const services = statements.find((s: any) => s.Sid === "ServicesEncryptWithinAccount");
    expect(services.Principal.Service).toEqual(["sns.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com"]);
    expect(services.Condition.StringEquals["aws:SourceAccount"]).toBe("${data.aws_caller_identity.Account.account_id}");
  });

  test("the platform key lets EC2 encrypt the account's volumes, so Auto Scaling can launch ECS hosts with encrypted root volumes", () => {
    // GIVEN Auto Scaling launches through its service-linked role, which IAM cannot grant customer-managed keys
    const statements = JSON.parse(resourceAt(stack, "aws_kms_key", "PlatformKey/Key").policy).Statement;
    // THEN the key policy itself allows the account's principals through EC2 in this region, and nothing else
    expect(statements.find((s: any) => s.Sid === "Ec2EncryptsVolumesForTheAccount")).toEqual({
      Sid: "Ec2EncryptsVolumesForTheAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": "${data.aws_caller_identity.Account.account_id}", "kms:ViaService": "ec2.eu-west-2.amazonaws.com" } },
    });
  });

  test("ECR repositories exist per catalog service, scanned on push, immutable, KMS-encrypted", () => {
    const repos = resourcesOf(stack, "aws_ecr_repository").map(([, r]) => r);
    expect(repos.map((r) => r.name).sort()).toEqual(["braveheart/accounts", "braveheart/catalog", "braveheart/orders", "braveheart/web-ui"]);
    for (const repo of repos) {
      expect(repo).toMatchObject({
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [expect.objectContaining({ encryption_type: "KMS" })],
      });
    }
    const lifecycle = JSON.parse(resourceAt(stack, "aws_ecr_lifecycle_policy", "Ecr/orders/Lifecycle").policy);
    expect(lifecycle.rules.map((r: any) => r.selection.tagStatus)).toEqual(["untagged", "any"]);
  });

  test("the access-log bucket blocks public access, is versioned, encrypted, TLS-only, expires logs and cannot be destroyed", () => {
    expect(resourceAt(stack, "aws_s3_bucket", "AccessLogs/Bucket")).toMatchObject({ bucket: "braveheart-staging-access-logs", lifecycle: { prevent_destroy: true } });
    expect(resourceAt(stack, "aws_s3_bucket_public_access_block", "AccessLogs/PublicAccessBlock")).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(resourceAt(stack, "aws_s3_bucket_versioning", "AccessLogs/Versioning").versioning_configuration.status).toBe("Enabled");
    // ALB access logs cannot be delivered to a KMS-encrypted bucket, so this one uses SSE-S3.
    expect(resourceAt(stack, "aws_s3_bucket_server_side_encryption_configuration", "AccessLogs/Encryption").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    const policy = JSON.parse(resourceAt(stack, "aws_s3_bucket_policy", "AccessLogs/Policy").policy);
    expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(policy.Statement[1]).toMatchObject({ Sid: "AlbAccessLogDelivery", Principal: { AWS: "${data.aws_elb_service_account.ElbLogDelivery.arn}" } });
    expect(resourceAt(stack, "aws_s3_bucket_lifecycle_configuration", "AccessLogs/Lifecycle").rule[0].expiration).toEqual([{ days: 400 }]);
  });

  test("security groups chain by reference: CloudFront -> edge:443, edge -> app (unprivileged ports), app -> database port", () => {
    const ingress = resourcesOf(stack, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    const byPath = (suffix: string) => ingress.find((r) => r["//"].metadata.path.endsWith(suffix));
    expect(byPath("EdgeFromCloudFront")).toMatchObject({ from_port: 443, to_port: 443, prefix_list_id: expect.stringContaining("aws_ec2_managed_prefix_list") });
    expect(byPath("AppFromEdge")).toMatchObject({ from_port: 1024, to_port: 65535, referenced_security_group_id: expect.stringMatching(/SecurityGroups_Edge/) });
    expect(byPath("DatabaseFromApp")).toMatchObject({ from_port: 5433, to_port: 5433, referenced_security_group_id: expect.stringMatching(/SecurityGroups_App/) });
    for (const rule of ingress) expect(rule.description).toEqual(expect.any(String));
    expect(ingress.filter((r) => r.cidr_ipv4 === "0.0.0.0/0")).toEqual([]);
  });

  test("looks up the existing hosted zone by name instead of creating one", () => {
    expect(stack.data?.aws_route53_zone.Zone).toMatchObject({ name: "staging.braveheart-tech.com", private_zone: false });
    expect(stack.resource?.aws_route53_zone).toBeUndefined();
  });

  test("issues a regional and a us-east-1 certificate for the zone, both DNS-validated through one record set", () => {
    const regional = resourceAt(stack, "aws_acm_certificate", "Certificates/Regional");
    const cloudfront = resourceAt(stack, "aws_acm_certificate", "Certificates/CloudFront");
    for (const cert of [regional, cloudfront]) {
      expect(cert).toMatchObject({ domain_name: "staging.braveheart-tech.com", subject_alternative_names: ["*.staging.braveheart-tech.com"], validation_method: "DNS" });
    }
    // The us-east-1 resources go through the aliased provider, not the 6.x-only resource-level `region`
    expect(regional.region).toBeUndefined();
    expect(regional.provider).toBeUndefined();
    expect(cloudfront.region).toBeUndefined();
    expect(cloudfront.provider).toBe("aws.global");
    expect(stack.provider?.aws.find((p: any) => p.alias === "global")?.region).toBe("us-east-1");
    const records = resourceAt(stack, "aws_route53_record", "Certificates/ValidationRecords");
    expect(records.allow_overwrite).toBe(true);
    const cloudfrontValidation = resourceAt(stack, "aws_acm_certificate_validation", "Certificates/CloudFrontValidation");
    expect(cloudfrontValidation.region).toBeUndefined();
    expect(cloudfrontValidation.provider).toBe("aws.global");
  });

  test("the validation records' for_each iterates the certificate's set, keyed by domain name, so it plans before apply", () => {
    // tolist() over domain_validation_options is wholly unknown until the certificate exists, and `terraform plan`
    // refuses a for_each whose keys are unknown; the set itself has its domain names known at plan time.
    const records = resourceAt(stack, "aws_route53_record", "Certificates/ValidationRecords");
    const regional = "aws_acm_certificate.Certificates_Regional_930E0E8D";
    expect(records.for_each).toBe(`\${{ for dvo in ${regional}.domain_validation_options : dvo.domain_name => dvo }}`);
    expect(records.for_each).not.toContain("tolist(");
    expect(records).toMatchObject({ name: "${each.value.resource_record_name}", type: "${each.value.resource_record_type}", records: ["${each.value.resource_record_value}"] });
  });

  test("the CI deploy role trusts GitHub OIDC only for the configured repository's GitHub environment, not its branch", () => {
    // GIVEN the deploy role's trust policy
    const role = resourceAt(stack, "aws_iam_role", "CiDeployRole/Role");
    const trust = JSON.parse(role.assume_role_policy).Statement[0];
    // THEN only jobs in the staging environment (its reviewers, its deployment branches) may assume it: a job on main
    // without an environment presents repo:<repository>:ref:refs/heads/main, which is not trusted
    expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(trust.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:braveheart-tech/platform-infra:environment:staging",
      },
    });
    expect(resourceAt(stack, "aws_iam_openid_connect_provider", "CiDeployRole/GithubOidc")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  describe("the CI deploy role's IAM writes", () => {
    const ACCOUNT = "arn:aws:iam::${data.aws_caller_identity.Account.account_id}";
    let statements: any[];
    let boundaryArn: string;
    beforeAll(() => {
      statements = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "CiDeployRole/ProjectIam").policy).Statement;
      boundaryArn = `\${aws_iam_policy.${resourcesOf(stack, "aws_iam_policy").find(([, p]) => p.name === "braveheart-staging-workload-boundary")![0]}.arn}`;
    });
    const sid = (name: string) => statements.find((s) => s.Sid === name);

    test("reach only the project's roles and DMS's fixed role names, never iam:*", () => {
      const roles = [`${ACCOUNT}:role/braveheart-staging-*`, `${ACCOUNT}:role/dms-vpc-role`, `${ACCOUNT}:role/dms-cloudwatch-logs-role`];
      expect(sid("ManageProjectRoles").Resource).toEqual(roles);
      expect(sid("WriteRolePoliciesWithinBoundary").Resource).toEqual(roles);
      expect(sid("ManageProjectInstanceProfiles").Resource).toBe(`${ACCOUNT}:instance-profile/braveheart-staging-*`);
      expect(statements.flatMap((s) => [s.Action].flat())).not.toContain("iam:*");
    });

    test("create a role or write its policies only when the role carries the workload boundary", () => {
      expect(sid("WriteRolePoliciesWithinBoundary")).toMatchObject({
        Effect: "Allow",
        Action: expect.arrayContaining(["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"]),
        Condition: { StringEquals: { "iam:PermissionsBoundary": boundaryArn } },
      });
      // No unconditioned statement grants them.
      for (const action of sid("WriteRolePoliciesWithinBoundary").Action) {
        expect(statements.filter((s) => s.Effect === "Allow" && [s.Action].flat().includes(action))).toHaveLength(1);
      }
    });

    test("cannot create or change IAM policies, remove a boundary, or change CI's own roles", () => {
      const allowed = statements.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat());
      expect(allowed.filter((a: string) => /Policy$|PolicyVersion$/.test(a) && !/Role/.test(a) && !/^iam:(Get|List)/.test(a))).toEqual([]);
      expect(sid("KeepTheBoundary")).toMatchObject({ Effect: "Deny", Resource: boundaryArn });
      expect(sid("NoRoleLeavesTheBoundary")).toMatchObject({ Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" });
      expect(sid("NoChangesToCiRoles")).toMatchObject({ Effect: "Deny", Resource: [`${ACCOUNT}:role/braveheart-staging-ci-deploy`, `${ACCOUNT}:role/braveheart-staging-ci-plan`] });
      expect(sid("NoChangesToCiRoles").Action).toEqual(expect.arrayContaining(["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"]));
      expect(sid("NoChangesToCiRoles").Action).not.toContain("iam:PassRole");
    });

    test("the boundary allows no IAM change: only reading IAM and passing staging's roles, each to its own service", () => {
      const boundary = JSON.parse(resourcesOf(stack, "aws_iam_policy").find(([, p]) => p.name === "braveheart-staging-workload-boundary")![1].policy);
      const role = (name: string) => `arn:aws:iam::\${data.aws_caller_identity.Account.account_id}:role/${name}`;
      const pass = (Sid: string, service: string, names: string[]) => ({
        Sid,
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: names.map(role),
        Condition: { StringEquals: { "iam:PassedToService": service } },
      });
      expect(boundary.Statement).toEqual([
        { Sid: "EverythingButIdentityAndAccount", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
        { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        pass("PassRolesToEcsTasks", "ecs-tasks.amazonaws.com", ["braveheart-staging-*-task", "braveheart-staging-*-exec", "braveheart-staging-ecs-task-execution"]),
        pass("PassRolesToEc2", "ec2.amazonaws.com", ["braveheart-staging-ecs-instance"]),
        pass("PassRolesToDms", "dms.amazonaws.com", ["dms-vpc-role", "dms-cloudwatch-logs-role", "braveheart-staging-dms-source-secret", "braveheart-staging-dms-target-secret"]),
        pass("PassRolesToBackup", "backup.amazonaws.com", ["braveheart-staging-migration-backup"]),
      ]);
    });
  });

  test("the CI plan role trusts the repository's pull requests through the deploy role's OIDC provider, the only one", () => {
    // GIVEN one OIDC provider per URL and account (a second would fail to apply)
    const providers = resourcesOf(stack, "aws_iam_openid_connect_provider");
    expect(providers).toHaveLength(1);
    // THEN the plan role federates through that provider, for the subject a pull_request job presents
    const trust = JSON.parse(resourceAt(stack, "aws_iam_role", "CiPlanRole/Role").assume_role_policy).Statement[0];
    expect(trust.Principal.Federated).toBe(`\${aws_iam_openid_connect_provider.${providers[0][0]}.arn}`);
    expect(trust.Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:braveheart-tech/platform-infra:pull_request");
  });

  test("the CI plan role reads staging's state only and may refresh phase1's origin-verify secret", () => {
    const state = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "CiPlanRole/ReadState").policy).Statement;
    expect(state.find((s: any) => s.Action === "s3:GetObject").Resource).toBe("arn:aws:s3:::braveheart-terraform-state-staging/platform/staging-*.tfstate");
    const deny = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "CiPlanRole/DenySecrets").policy).Statement[0];
    expect(deny.NotResource).toEqual(["arn:aws:secretsmanager:eu-west-2:${data.aws_caller_identity.Account.account_id}:secret:braveheart-staging/alb/origin-verify-??????"]);
  });

  test("outputs the plan role's ARN under the name of the repository variable it fills", () => {
    const role = resourcesOf(stack, "aws_iam_role").find(([, r]) => r.name === "braveheart-staging-ci-plan")!;
    expect(stack.output?.PLAN_ROLE_ARN_STAGING.value).toBe(`\${aws_iam_role.${role[0]}.arn}`);
  });

  test("developers' read-only role needs MFA and is denied secret values", () => {
    const role = resourceAt(stack, "aws_iam_role", "DeveloperReadOnlyRole/Role");
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toEqual({ Bool: { "aws:MultiFactorAuthPresent": true } });
    const deny = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "DeveloperReadOnlyRole/DenySecrets").policy).Statement[0];
    expect(deny.Effect).toBe("Deny");
    expect(deny.Action).toEqual(expect.arrayContaining(["secretsmanager:GetSecretValue", "kms:Decrypt"]));
  });

  test("ECS roles: instance role with profile and SSM, task execution role with the managed execution policy", () => {
    const attachments = resourcesOf(stack, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn);
    expect(attachments).toEqual(
      expect.arrayContaining([
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      ]),
    );
    expect(resourceAt(stack, "aws_iam_instance_profile", "EcsRoles/InstanceProfile").role).toMatch(/^\$\{aws_iam_role\.EcsRoles_InstanceRole_[A-F0-9]+\.name\}$/);
    expect(JSON.parse(resourceAt(stack, "aws_iam_role", "EcsRoles/TaskExecutionRole").assume_role_policy).Statement[0].Principal.Service).toBe("ecs-tasks.amazonaws.com");
  });
});

describe("preparation stack (production)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = synthStacks(configFor("production"))["production-preparation"];
  });

  test("runs one NAT gateway per AZ and routes each private subnet through its own AZ's gateway", () => {
    expect(resourcesOf(stack, "aws_nat_gateway")).toHaveLength(3);
    for (const i of [0, 1, 2]) {
      expect(resourceAt(stack, "aws_route", `Private/DefaultRoute${i}`).nat_gateway_id).toMatch(new RegExp(`NatGateway${i}_`));
    }
  });

  test("outputs the production plan role's ARN as PLAN_ROLE_ARN_PRODUCTION", () => {
    expect(stack.output?.PLAN_ROLE_ARN_PRODUCTION.value).toMatch(/^\$\{aws_iam_role\.CiPlanRole_[A-Za-z0-9_]+\.arn\}$/);
  });

  test("stores state in S3 with encryption and Terraform's native lock file, one key per stack", () => {
    expect(stack.terraform?.backend.s3).toEqual({
      bucket: "braveheart-terraform-state-prod",
      key: "platform/production-preparation.tfstate",
      region: "eu-west-2",
      encrypt: true,
      kms_key_id: "alias/terraform-state",
      use_lockfile: true,
    });
  });
});

describe("preparation stack (staging) in an account that already has GitHub's OIDC provider", () => {
  let stack: StackJson;
  beforeAll(() => {
    // GIVEN ci.oidcProvider: existing (IAM allows one provider per URL and account)
    stack = synthStacks(configFor("staging", (raw) => (raw.ci.oidcProvider = "existing")))["staging-preparation"];
  });

  test("looks the provider up by URL instead of creating a second one", () => {
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider")).toEqual([]);
    const lookups = Object.entries<any>(stack.data?.aws_iam_openid_connect_provider ?? {});
    expect(lookups).toEqual([[expect.stringMatching(/^CiDeployRole_GithubOidc_/), expect.objectContaining({ url: "https://token.actions.githubusercontent.com" })]]);
  });

  test("both CI roles federate through the provider it found", () => {
    const [name] = Object.keys(stack.data!.aws_iam_openid_connect_provider);
    for (const role of ["CiDeployRole/Role", "CiPlanRole/Role"]) {
      const trust = JSON.parse(resourceAt(stack, "aws_iam_role", role).assume_role_policy).Statement[0];
      expect({ role, federated: trust.Principal.Federated }).toEqual({ role, federated: `\${data.aws_iam_openid_connect_provider.${name}.arn}` });
    }
  });

  test("the deploy role may list OIDC providers, which finding one by URL takes, and nothing more", () => {
    const policy = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "CiDeployRole/ProjectIam").policy);
    expect(policy.Statement.find((s: any) => s.Sid === "FindOidcProviders")).toEqual({
      Sid: "FindOidcProviders",
      Effect: "Allow",
      Action: "iam:ListOpenIDConnectProviders",
      Resource: "*",
    });
  });
});

describe("preparation stack (staging) creating GitHub's OIDC provider (the default)", () => {
  test("does not grant listing OIDC providers, which only a lookup needs", () => {
    const stack = synthStacks(configFor("staging"))["staging-preparation"];
    const policy = JSON.parse(resourceAt(stack, "aws_iam_role_policy", "CiDeployRole/ProjectIam").policy);
    expect(policy.Statement.map((s: any) => s.Sid)).not.toContain("FindOidcProviders");
    expect(policy.Statement.flatMap((s: any) => [s.Action].flat())).not.toContain("iam:ListOpenIDConnectProviders");
  });
});
