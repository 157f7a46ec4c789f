import { listSuppressions } from "../../guardrails/suppressions";
import { configFor, resourceAt, resourcesOf, synthAll, synthStacks, type StackJson } from "../helpers";

const REMOTE = /^\$\{data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+\}$/;

describe("phase1 stack (staging)", () => {
  let prep: StackJson;
  let stack: StackJson;
  beforeAll(() => {
    const stacks = synthStacks(configFor("staging"));
    prep = stacks["staging-preparation"];
    stack = stacks["staging-phase1"];
  });

  describe("cross-stack wiring", () => {
    test("reads preparation through one terraform_remote_state data source", () => {
      const remote = Object.values<any>(stack.data?.terraform_remote_state ?? {});
      expect(remote).toHaveLength(1);
      expect(remote[0]).toMatchObject({ backend: "s3", config: { bucket: "braveheart-terraform-state-staging", key: "platform/staging-preparation.tfstate" } });
    });

    test("subnets, security groups, instance profile and certificates come from remote state, never literals", () => {
      const asg = resourceAt(stack, "aws_autoscaling_group", "Capacity/AutoScalingGroup");
      for (const subnet of asg.vpc_zone_identifier) expect(subnet).toMatch(REMOTE);
      const lt = resourceAt(stack, "aws_launch_template", "Capacity/LaunchTemplate");
      expect(lt.iam_instance_profile.name).toMatch(REMOTE);
      // the platform key, whose policy lets EC2 (and so Auto Scaling) encrypt volumes with it
      expect(lt.block_device_mappings[0].ebs.kms_key_id).toMatch(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.cross-stack-output-aws_kms_keyPlatformKey_[0-9A-F]+arn\}$/);
      expect(lt.network_interfaces[0].security_groups[0]).toMatch(REMOTE);
      const alb = resourceAt(stack, "aws_lb", "LoadBalancer/Alb");
      expect(alb.security_groups[0]).toMatch(REMOTE);
      expect(resourceAt(stack, "aws_lb_listener", "LoadBalancer/HttpsListener").certificate_arn).toMatch(REMOTE);
      expect(resourceAt(stack, "aws_cloudfront_distribution", "Cdn/Distribution").viewer_certificate.acm_certificate_arn).toMatch(REMOTE);
    });

    test("preparation exports exactly the values phase1 reads, as sensitive outputs", () => {
      const used = new Set(JSON.stringify(stack).match(/terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+/g)!.map((m) => m.split(".").pop()));
      for (const name of used) expect(prep.output?.[name as string]).toMatchObject({ sensitive: true });
    });
  });

  describe("services", () => {
    test("a phase-1 service lands here and a phase-2 service does not", () => {
      const names = resourcesOf(stack, "aws_ecs_service").map(([, s]) => s.name).sort();
      expect(names).toEqual(["catalog", "web-ui"]);
    });
  });

  describe("preview hostname and health check (from phase1 on, so phase-1 services can be verified)", () => {
    test("new.<zone> aliases this stack's distribution, in preparation's zone", () => {
      const distribution = resourcesOf(stack, "aws_cloudfront_distribution")[0][0];
      for (const type of ["A", "AAAA"]) {
        const record = resourceAt(stack, "aws_route53_record", `Preview/${type}`);
        expect(record.name).toBe("new.staging.braveheart-tech.com");
        expect(record.zone_id).toMatch(REMOTE);
        expect(record.alias).toEqual({
          name: `\${aws_cloudfront_distribution.${distribution}.domain_name}`,
          zone_id: `\${aws_cloudfront_distribution.${distribution}.hosted_zone_id}`,
          evaluate_target_health: false,
        });
      }
    });

    test("no record here answers for a public cutover hostname: only new.<zone> and the ALB's origin.<zone>", () => {
      const names = resourcesOf(stack, "aws_route53_record").map(([, r]) => r.name);
      expect(new Set(names)).toEqual(new Set(["new.staging.braveheart-tech.com", "origin.staging.braveheart-tech.com"]));
    });

    test("the health check is created after both records and the /healthz rule: a failed record leaves no check behind", () => {
      const address = (type: string, path: string) => `${type}.${resourcesOf(stack, type).find(([, r]) => r["//"].metadata.path.endsWith(`/${path}`))![0]}`;
      expect([...resourceAt(stack, "aws_route53_health_check", "Preview/HealthCheck").depends_on].sort()).toEqual(
        [address("aws_route53_record", "Preview/A"), address("aws_route53_record", "Preview/AAAA"), address("aws_lb_listener_rule", "HealthCheckRule/Rule")].sort(),
      );
    });

    test("Route 53 checks https://new.<zone>/healthz", () => {
      expect(resourceAt(stack, "aws_route53_health_check", "Preview/HealthCheck")).toMatchObject({
        type: "HTTPS",
        fqdn: "new.staging.braveheart-tech.com",
        port: 443,
        resource_path: "/healthz",
        enable_sni: true,
      });
    });

    test("the HTTPS listener answers /healthz with 200 at priority 1, only with the origin-verify header", () => {
      const rule = resourceAt(stack, "aws_lb_listener_rule", "HealthCheckRule/Rule");
      const listener = resourcesOf(stack, "aws_lb_listener").find(([, l]) => l.port === 443)![0];
      expect(rule.listener_arn).toBe(`\${aws_lb_listener.${listener}.arn}`);
      expect(rule.priority).toBe(1);
      expect(rule.action).toEqual([expect.objectContaining({ type: "fixed-response", fixed_response: expect.objectContaining({ status_code: "200" }) })]);
      expect(rule.condition.map((c: any) => c.path_pattern?.values ?? c.http_header.values)).toEqual([
        [expect.stringMatching(/^\$\{aws_secretsmanager_secret_version\.[A-Za-z0-9_]+\.secret_string\}$/)],
        ["/healthz"],
      ]);
    });

    test("the preview health check is exported for golive's platform check", () => {
      const check = resourcesOf(stack, "aws_route53_health_check")[0][0];
      const exported = Object.values<any>(stack.output ?? {}).map((o) => o.value);
      expect(exported).toContain(`\${aws_route53_health_check.${check}.id}`);
    });
  });

  describe("presentation tier", () => {
    test("the distribution answers for the cutover hostnames and the preview name", () => {
      expect(resourceAt(stack, "aws_cloudfront_distribution", "Cdn/Distribution").aliases).toEqual([
        "app.staging.braveheart-tech.com",
        "new.staging.braveheart-tech.com",
        "www.staging.braveheart-tech.com",
      ]);
    });

    test("staging has the WAF too (on by default), logged like production's", () => {
      expect(resourcesOf(stack, "aws_wafv2_web_acl")).toHaveLength(1);
      expect(resourcesOf(stack, "aws_wafv2_web_acl_logging_configuration")).toHaveLength(1);
    });
  });
});

describe("ECS Exec (staging's catalog service asks for it)", () => {
  test("only catalog enables it; its task role may open sessions and write the cluster's encrypted exec audit log", () => {
    const stack = synthStacks(configFor("staging"))["staging-phase1"];
    const flags = Object.fromEntries(resourcesOf(stack, "aws_ecs_service").map(([, s]) => [s.name, s.enable_execute_command]));
    expect(flags).toEqual({ "web-ui": false, catalog: true });
    const policy = resourceAt(stack, "aws_iam_role_policy", "Services/catalog/TaskRoleExec");
    const audit = resourceAt(stack, "aws_cloudwatch_log_group", "Capacity/ExecAuditLogs");
    expect(audit.kms_key_id).toBeDefined();
    const write = JSON.parse(policy.policy).Statement.find((st: any) => st.Sid === "WriteAuditLog");
    expect(write.Resource).toMatch(/^\$\{aws_cloudwatch_log_group\.Capacity_ExecAuditLogs_[A-F0-9]+\.arn\}:\*$/);
    const cluster = resourceAt(stack, "aws_ecs_cluster", "Capacity/Cluster");
    expect(cluster.configuration.execute_command_configuration.log_configuration.cloud_watch_log_group_name).toBe(`\${aws_cloudwatch_log_group.${write.Resource.split(".")[1]}.name}`);
  });

  test("production enables it nowhere", () => {
    const stacks = synthStacks(configFor("production"));
    for (const stack of Object.values(stacks)) for (const [, s] of resourcesOf(stack, "aws_ecs_service")) expect(s.enable_execute_command).toBe(false);
  });
});

describe("WAF in every environment", () => {
  test("staging runs exactly production's rules: the same managed rule groups, overrides and actions", () => {
    const aclOf = (env: "staging" | "production") => resourceAt(synthStacks(configFor(env))[`${env}-phase1`], "aws_wafv2_web_acl", "Cdn/WebAcl");
    const [staging, production] = [aclOf("staging"), aclOf("production")];
    expect(staging.rule_json).toBe(production.rule_json);
    expect(staging.default_action).toEqual(production.default_action);
  });

  test("both log to a KMS-encrypted aws-waf-logs-* group in us-east-1 with the environment's retention, authorization and cookie redacted", () => {
    for (const env of ["staging", "production"] as const) {
      const config = configFor(env);
      const stack = synthStacks(config)[`${env}-phase1`];
      const group = resourceAt(stack, "aws_cloudwatch_log_group", "Cdn/WebAclLogging/LogGroup");
      expect(group).toMatchObject({ name: `aws-waf-logs-braveheart-${env}-edge`, retention_in_days: config.logRetentionDays, provider: "aws.global" });
      expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.Cdn_WebAclLogging_Key_[A-F0-9]+\.arn\}$/);
      const logging = resourceAt(stack, "aws_wafv2_web_acl_logging_configuration", "Cdn/WebAclLogging/Configuration");
      expect(logging.redacted_fields).toEqual([{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }]);
    }
  });

  test("turned off with a reason: no web ACL, and the reason is a BH-EDGE-7 suppression the synth summary prints", () => {
    const REASON = "a load-test environment: the rate of test traffic would trip the IP reputation list";
    const result = synthAll(configFor("staging", (raw) => (raw.edge.waf = { enabled: false, reason: REASON })));
    expect(resourcesOf(result.stacks["staging-phase1"], "aws_wafv2_web_acl")).toHaveLength(0);
    const records = listSuppressions(result.built.app).filter((r) => r.id === "BH-EDGE-7");
    expect(records.map(({ path, reason, used }) => ({ path, reason, used }))).toEqual([
      { path: "staging-phase1/Cdn/Distribution", reason: `edge.waf.enabled is false: ${REASON}`, used: true },
    ]);
  });
});

describe("phase1 stack (production)", () => {
  let stack: StackJson;
  beforeAll(() => {
    stack = synthStacks(configFor("production"))["production-phase1"];
  });

  test("puts a WAF web ACL with AWS managed rule groups, in us-east-1, in front of the distribution", () => {
    const acl = resourceAt(stack, "aws_wafv2_web_acl", "Cdn/WebAcl");
    expect(acl).toMatchObject({ scope: "CLOUDFRONT", provider: "aws.global", default_action: { allow: {} } });
    expect(acl.region).toBeUndefined();
    expect(stack.provider?.aws.find((p: any) => p.alias === "global")?.region).toBe("us-east-1");
    expect(JSON.parse(acl.rule_json).map((r: any) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
    ]);
    // Every rule enforced (OverrideAction None) except the 8 KB body limit, which only counts: it would block uploads.
    const rules = JSON.parse(acl.rule_json);
    expect(rules.map((r: any) => r.OverrideAction)).toEqual([{ None: {} }, { None: {} }, { None: {} }]);
    expect(rules.map((r: any) => r.Statement.ManagedRuleGroupStatement.RuleActionOverrides)).toEqual([
      [{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }],
      undefined,
      undefined,
    ]);
    expect(resourceAt(stack, "aws_cloudfront_distribution", "Cdn/Distribution").web_acl_id).toMatch(/^\$\{aws_wafv2_web_acl\.Cdn_WebAcl_[A-F0-9]+\.arn\}$/);
  });

  test("mixes the configured instance types in the ASG", () => {
    const asg = resourceAt(stack, "aws_autoscaling_group", "Capacity/AutoScalingGroup");
    expect(asg.launch_template).toBeUndefined();
    expect(asg.mixed_instances_policy.launch_template.override.map((o: any) => o.instance_type)).toEqual(["m6i.xlarge", "m6a.xlarge", "m5.xlarge"]);
  });
});

describe("catalog edits leave other services untouched", () => {
  /** Every resource body under Services/<name>/, keyed by address. */
  const serviceResources = (stack: StackJson, name: string) =>
    Object.fromEntries(
      Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
        Object.entries<any>(byName)
          .filter(([, body]) => String(body["//"]?.metadata?.path).includes(`/Services/${name}/`))
          .map(([logical, body]) => [`${type}.${logical}`, body]),
      ),
    );

  let base: StackJson;
  let added: StackJson;
  let removed: StackJson;
  let reordered: StackJson;
  beforeAll(() => {
    base = synthStacks(configFor("staging"))["staging-phase1"];
    added = synthStacks(
      configFor("staging", (raw) => {
        raw.services.unshift({ ...raw.services[0], name: "aaa-first", routing: { paths: ["/aaa/*"] } });
      }),
    )["staging-phase1"];
    // catalog, not web-ui: web-ui is the catch-all that serves `/` and the rest of the legacy route inventory.
    removed = synthStacks(configFor("staging", (raw) => raw.services.splice(1, 1)))["staging-phase1"];
    reordered = synthStacks(configFor("staging", (raw) => raw.services.reverse()))["staging-phase1"];
  });

  test("adding a service before the others leaves their resources byte-identical (listener priority included)", () => {
    expect(serviceResources(added, "catalog")).toEqual(serviceResources(base, "catalog"));
    expect(serviceResources(added, "web-ui")).toEqual(serviceResources(base, "web-ui"));
    expect(Object.keys(serviceResources(added, "aaa-first")).length).toBeGreaterThan(5);
  });

  test("removing a service leaves the others byte-identical", () => {
    expect(Object.keys(serviceResources(removed, "catalog"))).toEqual([]);
    expect(serviceResources(removed, "web-ui")).toEqual(serviceResources(base, "web-ui"));
  });

  test("reordering the catalog changes nothing at all", () => {
    expect(reordered.resource).toEqual(base.resource);
  });
});
