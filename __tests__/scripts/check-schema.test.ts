// The offline schema check: each rule fires on a small hand-written stack against a small hand-written schema and
// stays quiet on a valid one; the shipped environments' full synth passes against the real aws provider schema.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { COMMITTED_SCHEMA, inPhaseOrder, runCheckSchema, selectedSchemaPath } from "../../scripts/check-schema";
import { bindingDirectoryOf, bindingLookup, camelCase } from "../../scripts/schema/bindings";
import { checkStack, checkStackWithCounts, type Finding, type FindingCategory } from "../../scripts/schema/check-stack";
import { AWS_PROVIDER_SOURCE, loadProviderSchemaFile, type ProviderSchemaFile } from "../../scripts/schema/provider-schema";
import { expressionsOf, referencesInString } from "../../scripts/schema/references";
import { REPO_ROOT } from "../../config/load";
import { PHASES } from "../../stacks/phases";
import type { EnvironmentConfig } from "../../config/schema";
import { configFor, synthStacks } from "../helpers";
import { runInProcess } from "../run-in-process";
import { join } from "node:path";

/** A tiny provider: a bucket-like resource with a required argument, a max-1 block and a required block. */
const SCHEMA: ProviderSchemaFile = {
  provider_schemas: {
    [AWS_PROVIDER_SOURCE]: {
      provider: {
        block: {
          attributes: { region: { type: "string", optional: true } },
          block_types: { default_tags: { nesting_mode: "list", max_items: 1, block: { attributes: { tags: { type: ["map", "string"], optional: true } } } } },
        },
      },
      resource_schemas: {
        aws_thing: {
          block: {
            attributes: {
              name: { type: "string", required: true },
              arn: { type: "string", computed: true },
              id: { type: "string", optional: true, computed: true },
              tags: { type: ["map", "string"], optional: true },
              ports: { type: ["list", "number"], optional: true },
            },
            block_types: {
              settings: {
                nesting_mode: "list",
                max_items: 1,
                block: {
                  attributes: { enabled: { type: "bool", optional: true } },
                  block_types: { limits: { nesting_mode: "list", block: { attributes: { max: { type: "number", required: true } } } } },
                },
              },
              target: { nesting_mode: "list", min_items: 1, block: { attributes: { value: { type: "string", required: true } } } },
            },
          },
        },
      },
      data_source_schemas: {
        aws_region: { block: { attributes: { name: { type: "string", optional: true, computed: true } } } },
      },
    },
  },
  _assembled_from: { provider_version: "test", missing_files: ["resource_schemas/aws_lost.json"] },
};

/** A stack that satisfies every rule; each test breaks one thing in a copy. */
function validStack(): any {
  return {
    provider: { aws: [{ region: "eu-west-2", default_tags: [{ tags: { project: "x" } }] }, { alias: "us_east_1", region: "us-east-1" }] },
    data: {
      aws_region: { current: {} },
      terraform_remote_state: { prep: { backend: "local", config: { path: "../prep.tfstate" } } },
    },
    resource: {
      aws_thing: {
        first: {
          "//": { metadata: { path: "stack/first" } },
          name: "first-${data.aws_region.current.name}",
          settings: { enabled: true, limits: [{ max: 3 }, { max: 4 }] },
          target: [{ value: "${data.terraform_remote_state.prep.outputs.vpc_id}" }],
          ports: [80, 443],
          provider: "aws.us_east_1",
          lifecycle: { prevent_destroy: true },
        },
        second: {
          name: "${aws_thing.first.arn}",
          target: { value: "${join(\",\", [for t in aws_thing.first.target : t.value])}" },
          depends_on: ["aws_thing.first"],
        },
      },
    },
    output: { first_arn: { value: "${aws_thing.first.arn}" } },
  };
}

function errorsOf(findings: Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === "error");
}

function only(findings: Finding[], category: FindingCategory): Finding {
  const errors = errorsOf(findings);
  expect(errors).toHaveLength(1);
  expect(errors[0].category).toBe(category);
  return errors[0];
}

describe("checkStack on hand-written fixtures", () => {
  test("a valid stack has no findings", () => {
    // GIVEN a stack using every construct the checker understands WHEN checked THEN nothing is reported
    expect(checkStack(validStack(), SCHEMA)).toEqual([]);
  });

  test("counts resources and data sources", () => {
    const result = checkStackWithCounts(validStack(), SCHEMA);
    expect([result.resources, result.dataSources]).toEqual([2, 2]);
  });

  test("a resource type the provider does not have is an error", () => {
    const stack = validStack();
    stack.resource.aws_thingy = { x: { name: "x" } };
    expect(only(checkStack(stack, SCHEMA), "unknown-type")).toMatchObject({ address: "aws_thingy.x", path: "type" });
  });

  test("a data source type the provider does not have is an error", () => {
    const stack = validStack();
    stack.data.aws_regionz = { x: {} };
    expect(only(checkStack(stack, SCHEMA), "unknown-type").address).toBe("data.aws_regionz.x");
  });

  test("a type the schema file's exporter could not include is a warning, not an error", () => {
    const stack = validStack();
    stack.resource.aws_lost = { x: { anything: 1 } };
    const findings = checkStack(stack, SCHEMA);
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", category: "type-not-in-schema-file", address: "aws_lost.x" })]);
  });

  test("an unknown top-level argument is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.nmae = "typo";
    expect(only(checkStack(stack, SCHEMA), "unknown-argument")).toMatchObject({ address: "aws_thing.first", path: "nmae" });
  });

  test("an unknown argument two blocks deep is an error with its full path", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.settings.limits[1].min = 1;
    expect(only(checkStack(stack, SCHEMA), "unknown-argument").path).toBe("settings.limits[1].min");
  });

  test("an unknown argument the bindings know is a warning (newer provider than the schema)", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.settings.shiny = true;
    const findings = checkStack(stack, SCHEMA, { bindingKnows: (kind, type, argument) => kind === "resource" && type === "aws_thing" && argument === "shiny" });
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", category: "newer-than-schema", path: "settings.shiny" })]);
  });

  test("a missing required argument is an error", () => {
    const stack = validStack();
    delete stack.resource.aws_thing.second.name;
    expect(only(checkStack(stack, SCHEMA), "missing-required")).toMatchObject({ address: "aws_thing.second", path: "name" });
  });

  test("a missing required argument inside a nested block is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.settings.limits.push({});
    expect(only(checkStack(stack, SCHEMA), "missing-required").path).toBe("settings.limits[2].max");
  });

  test("a missing block with min_items is an error", () => {
    const stack = validStack();
    delete stack.resource.aws_thing.first.target;
    expect(only(checkStack(stack, SCHEMA), "missing-block").path).toBe("target");
  });

  test("a dynamic block satisfies min_items and its content is checked", () => {
    const stack = validStack();
    delete stack.resource.aws_thing.first.target;
    stack.resource.aws_thing.first.dynamic = { target: { for_each: "${var.targets}", content: { value: "${target.value}", valeu: "typo" } } };
    stack.variable = { targets: { type: "list(string)" } };
    expect(only(checkStack(stack, SCHEMA), "unknown-argument").path).toBe("dynamic.target.content.valeu");
  });

  test("two blocks where max_items is 1 is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.settings = [{ enabled: true }, { enabled: false }];
    expect(only(checkStack(stack, SCHEMA), "too-many-blocks").path).toBe("settings");
  });

  test("setting a computed-only attribute is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.arn = "arn:aws:thing:::first";
    expect(only(checkStack(stack, SCHEMA), "computed-only").path).toBe("arn");
  });

  test("setting an optional+computed attribute is allowed", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.id = "first";
    expect(checkStack(stack, SCHEMA)).toEqual([]);
  });

  test("a value of the wrong shape is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.ports = "80";
    expect(only(checkStack(stack, SCHEMA), "wrong-shape").path).toBe("ports");
  });

  test("a reference to an undeclared resource is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.second.name = "${aws_thing.third.arn}";
    expect(only(checkStack(stack, SCHEMA), "dangling-reference")).toMatchObject({ address: "aws_thing.second", path: "name" });
  });

  test("a reference inside a for expression to an undeclared resource is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.second.target.value = "${join(\",\", [for t in aws_thing.missing.target : t.value])}";
    expect(only(checkStack(stack, SCHEMA), "dangling-reference").path).toBe("target.value");
  });

  test("a reference to an undeclared remote state is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.target[0].value = "${data.terraform_remote_state.other.outputs.vpc_id}";
    expect(only(checkStack(stack, SCHEMA), "dangling-reference").path).toBe("target[0].value");
  });

  test("a reference to an attribute the type does not have is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.second.name = "${aws_thing.first.arnn}";
    expect(only(checkStack(stack, SCHEMA), "unknown-attribute").path).toBe("name");
  });

  test("a depends_on entry naming an undeclared resource is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.second.depends_on = ["aws_thing.gone"];
    expect(only(checkStack(stack, SCHEMA), "dangling-reference").path).toBe("depends_on[0]");
  });

  test("a provider alias that is not configured is an error", () => {
    const stack = validStack();
    stack.resource.aws_thing.first.provider = "aws.eu_west_1";
    expect(only(checkStack(stack, SCHEMA), "dangling-reference").path).toBe("provider");
  });

  test("an unknown argument in the provider block is an error", () => {
    const stack = validStack();
    stack.provider.aws[0].regoin = "eu-west-2";
    expect(only(checkStack(stack, SCHEMA), "unknown-argument")).toMatchObject({ address: "provider.aws[0]", path: "regoin" });
  });

  test("an output referring to an undeclared resource is an error", () => {
    const stack = validStack();
    stack.output.gone = { value: "${aws_thing.gone.arn}" };
    expect(only(checkStack(stack, SCHEMA), "dangling-reference").address).toBe("output.gone");
  });
});

describe("reference extraction", () => {
  test("reads only the expression parts of a string, not escaped or literal text", () => {
    expect(expressionsOf("arn:aws_thing.literal $${aws_thing.escaped} ${aws_thing.a.id}-%{ for x in aws_thing.b }x%{ endfor }")).toEqual([
      "aws_thing.a.id",
      " for x in aws_thing.b ",
      " endfor ",
    ]);
  });

  test("an attribute of each/count values is not taken for a resource reference", () => {
    expect(referencesInString("${each.value.aws_thing.x}")).toEqual([]);
  });

  test("finds the type, name and attribute after an index", () => {
    expect(referencesInString('${data.aws_region.current[0].name} ${aws_thing.x["k"].arn}')).toEqual([
      expect.objectContaining({ kind: "data", type: "aws_region", name: "current", attribute: "name" }),
      expect.objectContaining({ kind: "resource", type: "aws_thing", name: "x", attribute: "arn" }),
    ]);
  });
});

describe("provider bindings lookup", () => {
  const knows = bindingLookup(join(REPO_ROOT, "node_modules", "@cdktf", "provider-aws"));

  test("maps types to the bindings' directories", () => {
    expect([bindingDirectoryOf("resource", "aws_s3_bucket"), bindingDirectoryOf("data", "aws_s3_bucket"), bindingDirectoryOf("provider", "aws")]).toEqual([
      "s3-bucket",
      "data-aws-s3-bucket",
      "provider",
    ]);
    expect(camelCase("ipv6_cidr_block")).toBe("ipv6CidrBlock");
  });

  test("knows an argument the generated bindings declare and not a misspelt one", () => {
    expect(knows("resource", "aws_s3_bucket", "force_destroy")).toBe(true);
    expect(knows("resource", "aws_s3_bucket", "force_destroi")).toBe(false);
  });
});

test("stacks are listed in phase order (PHASES), a stack of no known phase last", () => {
  const ids = PHASES.map((phase) => `prod-${phase}`);
  expect(inPhaseOrder(["prod-extras", ...ids].reverse())).toEqual([...ids, "prod-extras"]);
});

describe("the schema the checks use lives in the repository: a clone needs nothing beside it", () => {
  const withSchemaVariable = <T>(value: string | undefined, read: () => T): T => {
    const saved = process.env.AWS_PROVIDER_SCHEMA;
    if (value === undefined) delete process.env.AWS_PROVIDER_SCHEMA;
    else process.env.AWS_PROVIDER_SCHEMA = value;
    try {
      return read();
    } finally {
      if (saved === undefined) delete process.env.AWS_PROVIDER_SCHEMA;
      else process.env.AWS_PROVIDER_SCHEMA = saved;
    }
  };

  test("without AWS_PROVIDER_SCHEMA (unset or empty) the committed file is used, and git tracks it", () => {
    expect(withSchemaVariable(undefined, selectedSchemaPath)).toBe(COMMITTED_SCHEMA);
    expect(withSchemaVariable("", selectedSchemaPath)).toBe(COMMITTED_SCHEMA);
    expect(COMMITTED_SCHEMA.startsWith(`${REPO_ROOT}/`)).toBe(true);
    // Tracked, not merely present in this checkout: a clone gets it.
    const tracked = spawnSync("git", ["ls-files", "--error-unmatch", COMMITTED_SCHEMA], { cwd: REPO_ROOT, encoding: "utf8" });
    expect({ status: tracked.status, stderr: tracked.stderr }).toEqual({ status: 0, stderr: "" });
    expect(loadProviderSchemaFile(COMMITTED_SCHEMA)._assembled_from?.provider_version).toBe("6.19.0");
  });

  test("AWS_PROVIDER_SCHEMA still overrides it (CI's export of the pinned provider)", () => {
    expect(withSchemaVariable("/tmp/aws-6.25.0.json.gz", selectedSchemaPath)).toBe("/tmp/aws-6.25.0.json.gz");
  });
});

describe("check-schema CLI: a file it cannot use is one line and exit 1, never a stack trace", () => {
  let scratch: string;
  let outdir: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "braveheart-check-schema-"));
    outdir = join(scratch, "out");
    // An app with no stacks: the schema is read before any stack, so nothing else is needed.
    mkdirSync(outdir);
    writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ stacks: {} }));
    writeFileSync(join(scratch, "plain.json.gz"), JSON.stringify(SCHEMA));
    writeFileSync(join(scratch, "truncated.json"), '{"provider_schemas": {');
    writeFileSync(join(scratch, "other-provider.json.gz"), gzipSync(JSON.stringify({ provider_schemas: { "registry.terraform.io/hashicorp/google": {} } })));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** In-process (runCheckSchema, what the built file calls): a child process each cost ~0.35 s. */
  const run = (dir: string, schema: string) => runInProcess(() => runCheckSchema([dir]), { AWS_PROVIDER_SCHEMA: join(scratch, schema) });

  test.each([
    ["named .gz but not gzipped", "plain.json.gz", /plain\.json\.gz cannot be read as a provider schema \(.*\): is it the output of `terraform providers schema -json` \(gzipped if named \.gz\)\?$/],
    ["not JSON", "truncated.json", /truncated\.json cannot be read as a provider schema/],
    ["JSON without the aws provider", "other-provider.json.gz", /other-provider\.json\.gz has no provider_schemas\["registry\.terraform\.io\/hashicorp\/aws"\]/],
  ])("a schema file that is %s", async (_, schema, message) => {
    // GIVEN a synthesized app and AWS_PROVIDER_SCHEMA naming an unusable file
    const result = await run(outdir, schema);
    // THEN one line says which file and why
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(message)]);
  });

  test("a missing manifest (no synthesized app)", async () => {
    const result = await run(join(scratch, "never-synthesized"), "plain.json.gz");
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^No .*never-synthesized\/manifest\.json: synthesize first/)]);
  });

  test("the built script (dist/scripts/check-schema.js) reads its argument and exits 1 with the line on stderr", () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "dist/scripts/check-schema.js"), join(scratch, "never-synthesized")], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 1, stdout: "" });
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^No .*never-synthesized\/manifest\.json: synthesize first/)]);
  });
});

let realSchema: ProviderSchemaFile | undefined;
/** The real aws provider schema, read once per file. */
function providerSchema(): ProviderSchemaFile {
  const path = selectedSchemaPath();
  if (!existsSync(path)) throw new Error(`provider schema not found at ${path}: set AWS_PROVIDER_SCHEMA`);
  return (realSchema ??= loadProviderSchemaFile(path));
}

describe.each<[string, () => EnvironmentConfig]>([
  ["staging", () => configFor("staging")],
  ["production", () => configFor("production")],
  // The optional branches the shipped files do not take.
  ["staging with an existing GitHub OIDC provider", () => configFor("staging", (raw) => (raw.ci.oidcProvider = "existing"))],
])("the full %s synth against the aws provider schema", (_name, config) => {
  let schema: ProviderSchemaFile;
  let stacks: Record<string, any>;
  const knows = bindingLookup(join(REPO_ROOT, "node_modules", "@cdktf", "provider-aws"));

  beforeAll(() => {
    schema = providerSchema();
    stacks = synthStacks(config());
  });

  test("has no errors in any stack", () => {
    const errors = Object.entries(stacks).flatMap(([id, stack]) =>
      errorsOf(checkStack(stack, schema, { bindingKnows: knows })).map((f) => `${id} ${f.address}: ${f.path}: ${f.problem}`),
    );
    expect(errors).toEqual([]);
  });

  test("checks every resource of every stack", () => {
    const checked = Object.values(stacks).reduce((sum, stack) => sum + checkStackWithCounts(stack, schema).resources, 0);
    const declared = Object.values(stacks).reduce(
      (sum, stack) => sum + Object.values<Record<string, unknown>>(stack.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
      0,
    );
    expect(checked).toBe(declared);
    expect(checked).toBeGreaterThan(100);
  });
});
