// HCL for reviewers: every stack's cdk.tf, parsed back with HashiCorp's HCL parser (@cdktf/hcl2json), says what the
// JSON synth of the same environment says.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraformDifferences } from "../../scripts/hcl/hcl-compare";
import { collapseEmptyLists, repairTerraformBlock, synthHcl, unwrapSoleInterpolations, type HclStack } from "../../scripts/hcl/hcl-synth";
import { escapeQuotedTemplate, soleInterpolation } from "../../scripts/hcl/hcl-template";
import { addressesOf, configFor, synthStacks, type ShippedEnvironment, type StackJson } from "../helpers";

const terraformOnPath = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

/** `type.name` of every block under a top-level key (`data`, `resource`), as hcl2json or JSON holds them. */
function blockAddresses(doc: Record<string, any>, key: "data" | "resource"): string[] {
  return Object.entries<Record<string, unknown>>(doc[key] ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

// Production only: staging is built by the same code from a file that differs in values alone, and production has
// every optional resource staging lacks (WAF, a NAT gateway per zone, Multi-AZ). An HCL synth costs ~1 s, and
// synthHcl proves every run's round trip anyway, so `npm run synth:hcl` of staging fails loudly if it ever differs.
describe.each<ShippedEnvironment>(["production"])("HCL synth of %s", (env) => {
  let outdir: string;
  let hcl: HclStack[];
  let json: Record<string, StackJson>;
  let parsed: Record<string, Record<string, any>>;

  beforeAll(async () => {
    // GIVEN the shipped environment, synthesized once as JSON and once as HCL
    const config = configFor(env);
    outdir = mkdtempSync(join(tmpdir(), "braveheart-hcl-"));
    json = synthStacks(config);
    hcl = await synthHcl(config, { outdir });
    // WHEN each cdk.tf is parsed back (synthHcl parses what it wrote: a second parse costs ~0.5 s of WebAssembly)
    parsed = Object.fromEntries(hcl.map((s) => [s.stack, s.parsed]));
    // ~3 s alone; on a machine shared with other test runs it has taken over jest's default 5 s.
  }, 30_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("writes one cdk.tf per stack of the JSON synth, holding the HCL that was parsed back", () => {
    expect(hcl.map((s) => s.stack).sort()).toEqual(Object.keys(json).sort());
    expect(hcl.every((s) => s.file === `stacks/${s.stack}/cdk.tf`)).toBe(true);
    for (const s of hcl) expect(readFileSync(join(outdir, s.file), "utf8")).toBe(s.hcl);
  });

  test("each cdk.tf holds the same resource addresses as the JSON", () => {
    for (const stack of Object.keys(json)) {
      expect({ stack, addresses: blockAddresses(parsed[stack], "resource") }).toEqual({ stack, addresses: addressesOf(json[stack]) });
    }
  });

  test("each cdk.tf holds the same data sources and outputs as the JSON", () => {
    for (const stack of Object.keys(json)) {
      expect(blockAddresses(parsed[stack], "data")).toEqual(blockAddresses(json[stack], "data"));
      expect(Object.keys(parsed[stack].output ?? {}).sort()).toEqual(Object.keys(json[stack].output ?? {}).sort());
    }
  });

  test("every attribute, block and expression matches the JSON (layout aside)", () => {
    for (const stack of Object.keys(json)) expect({ stack, differences: terraformDifferences(json[stack], parsed[stack]) }).toEqual({ stack, differences: [] });
  });

  test("policies that interpolate ARNs keep their quotes and references", () => {
    const stack = Object.keys(json).find((id) => id.endsWith("-preparation"))!;
    const [name, key] = Object.entries<any>(json[stack].resource!.aws_kms_key)[0];
    expect(key.policy).toMatch(/"Version":"2012-10-17".*\$\{data\.aws_caller_identity\.\w+\.account_id\}/);
    expect(parsed[stack].resource.aws_kms_key[name][0].policy).toBe(key.policy);
  });

  test("the terraform block keeps required_version, the provider pin and the backend", () => {
    for (const stack of Object.keys(json)) {
      const [terraform] = parsed[stack].terraform;
      expect(terraform.required_version).toBe(json[stack].terraform!.required_version);
      expect(terraform.required_providers[0].aws.version).toBe(json[stack].terraform!.required_providers.aws.version);
      expect(Object.keys(terraform.backend)).toEqual(Object.keys(json[stack].terraform!.backend));
    }
  });

  test("references are written as expressions, not interpolation-only strings", () => {
    const text = hcl.map((s) => s.hcl).join("\n");
    expect(text).toMatch(/^\s+vpc_id\s+= aws_vpc\.\w+\.id$/m);
    expect(text).not.toMatch(/= "\$\{[\w.-]+\}"$/m);
  });

  (terraformOnPath ? test : test.skip)("is already in `terraform fmt` style (runs only where terraform is installed)", () => {
    const run = spawnSync("terraform", ["fmt", "-check", "-recursive", outdir], { encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
    expect({ status: run.status, unformatted: run.stdout.trim() }).toEqual({ status: 0, unformatted: "" });
  });
});

describe("HCL repairs of cdktf 0.21's renderer", () => {
  test("quotes and backslashes are escaped in literal text, never inside an interpolation", () => {
    expect(escapeQuotedTemplate('{"Arn":"${aws_s3_bucket.b.arn}/*","Re":"a\\\\b"}')).toBe('{\\"Arn\\":\\"${aws_s3_bucket.b.arn}/*\\",\\"Re\\":\\"a\\\\\\\\b\\"}');
    expect(escapeQuotedTemplate('x-${lookup(var.m, "k", "}")}-"')).toBe('x-${lookup(var.m, "k", "}")}-\\"');
  });

  test("literal `$${` escapes stay as they are", () => {
    expect(escapeQuotedTemplate('$${aws:username} "x"')).toBe('$${aws:username} \\"x\\"');
  });

  test("only a template that is exactly one interpolation is unwrapped", () => {
    expect(soleInterpolation("${aws_vpc.v.id}")).toBe("aws_vpc.v.id");
    expect(soleInterpolation("${a.b}-${c.d}")).toBeUndefined();
    expect(soleInterpolation("arn:${a.b}")).toBeUndefined();
    expect(unwrapSoleInterpolations('  vpc_id = "${aws_vpc.v.id}"\n  name = "${a}-x"\n  "${b.c}",')).toBe('  vpc_id = aws_vpc.v.id\n  name = "${a}-x"\n  b.c,');
  });

  test("heredoc bodies are left untouched", () => {
    const heredoc = 'user_data = <<EOF\n"${var.x}"\nEOF\nid = "${a.b}"';
    expect(unwrapSoleInterpolations(heredoc)).toBe('user_data = <<EOF\n"${var.x}"\nEOF\nid = a.b');
  });

  test("the terraform block's attributes replace cdktf's `0 = \"required_version\"` line", () => {
    const broken = 'terraform {\n  backend "local" {\n  }\n\n  0 = "required_version"\n}\nresource "a" "b" {\n  0 = "x"\n}';
    expect(repairTerraformBlock(broken, { required_version: ">= 1.10.0" })).toBe(
      'terraform {\n  backend "local" {\n  }\n\n  required_version = ">= 1.10.0"\n}\nresource "a" "b" {\n  0 = "x"\n}',
    );
  });

  test("an empty list cdktf spreads over three lines becomes []", () => {
    expect(collapseEmptyLists("  ingress = [\n\n  ]\n")).toBe("  ingress = []\n");
  });

  test("import and moved addresses compare equal although HCL writes them bare", () => {
    const fromJson = { import: [{ to: "aws_route53_record.www", id: "Z1_www_A" }], moved: [{ from: "aws_s3_bucket.a", to: "aws_s3_bucket.b" }] };
    const fromHcl = { import: [{ to: "${aws_route53_record.www}", id: "Z1_www_A" }], moved: [{ from: "${aws_s3_bucket.a}", to: "${aws_s3_bucket.b}" }] };
    expect(terraformDifferences(fromJson, fromHcl)).toEqual([]);
  });

  test("a difference between JSON and HCL is reported with its path", () => {
    const fromJson = { resource: { aws_vpc: { v: { cidr_block: "10.0.0.0/16", tags: { a: "1" } } } } };
    const fromHcl = { resource: { aws_vpc: { v: [{ tags: { a: 1 } }] } } };
    expect(terraformDifferences(fromJson, fromHcl)).toEqual(['resource.aws_vpc.v.cidr_block: json "10.0.0.0/16", hcl (absent)']);
  });
});
