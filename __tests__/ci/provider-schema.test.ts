// .ci/provider-schema, which exports the aws provider schema of one exact version (CI's pinned one), against a fake
// terraform: it asks for the exact provider version and writes a gzipped file the schema check can load.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../config/load";
import { AWS_PROVIDER_SOURCE, loadProviderSchemaFile } from "../../scripts/schema/provider-schema";
import { fakeBin, type FakeBin } from "./fake-bin";

/** `terraform -chdir=<dir> init|providers schema -json`: keeps the configuration it was given, prints a tiny schema. */
const FAKE_TERRAFORM = `
dir="\${1#-chdir=}"
case "$2" in
  init) cp "$dir/main.tf.json" "$FAKE_CONFIG_COPY" ;;
  providers)
    [ -n "\${FAKE_EXPORT_FAILS:-}" ] && { echo '{"format_ver'; exit 1; }
    echo '{"format_version":"1.0","provider_schemas":{"${AWS_PROVIDER_SOURCE}":{"provider":{"block":{}},"resource_schemas":{"aws_s3_bucket":{"block":{}}},"data_source_schemas":{}}}}' ;;
  *) exit 64 ;;
esac`;

describe(".ci/provider-schema", () => {
  let fake: FakeBin;
  let out: string;
  beforeEach(() => {
    fake = fakeBin({ terraform: FAKE_TERRAFORM });
    out = join(fake.dir, "cache", "aws.schema.json.gz");
  });
  afterEach(() => rmSync(fake.dir, { recursive: true, force: true }));

  const run = (version: string, env: Record<string, string> = {}) =>
    spawnSync("bash", [join(REPO_ROOT, ".ci/provider-schema"), version, out], {
      env: { ...fake.env, FAKE_CONFIG_COPY: join(fake.dir, "main.tf.json"), ...env },
      encoding: "utf8",
    });

  test("initializes exactly the requested aws provider version", () => {
    expect(run("6.25.0").status).toBe(0);
    expect(JSON.parse(readFileSync(join(fake.dir, "main.tf.json"), "utf8")).terraform.required_providers.aws).toEqual({
      source: "hashicorp/aws",
      version: "6.25.0",
    });
  });

  test("writes a gzipped schema that the schema check loads", () => {
    run("6.25.0");
    expect(Object.keys(loadProviderSchemaFile(out).provider_schemas[AWS_PROVIDER_SOURCE].resource_schemas)).toEqual(["aws_s3_bucket"]);
  });

  test("a failed export leaves no file behind for the cache to keep", () => {
    const result = run("6.25.0", { FAKE_EXPORT_FAILS: "1" });
    expect(result.status).not.toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(fake.dir, "cache"))).toEqual([]);
  });

  test("refuses a version range: the schema must be the pinned provider's", () => {
    const result = run("~> 6.0");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("not an exact provider version");
  });
});
