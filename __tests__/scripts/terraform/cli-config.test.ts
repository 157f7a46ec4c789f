// The project's own terraform CLI configuration: the mirror found where the machine has one (or named by an
// environment variable), the version to check with, and the file's content.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { candidateMirrors, checkProviderVersion, cliConfigText, findProviderSource, mirroredVersions, MIRROR_ENV_VAR, writeCliConfig } from "../../../scripts/terraform/cli-config";

const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;

describe("terraform CLI config", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "braveheart-cli-config-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const mirror = (layout: "unpacked" | "packed", ...versions: string[]) => {
    const dir = join(root, `mirror-${layout}`, "registry.terraform.io/hashicorp/aws");
    for (const v of versions) {
      if (layout === "unpacked") mkdirSync(join(dir, v, platform), { recursive: true });
      else {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `terraform-provider-aws_${v}_${platform}.zip`), "");
      }
    }
    return join(root, `mirror-${layout}`);
  };

  test("reads versions from unpacked and packed layouts, newest first (by number, not text)", () => {
    expect(mirroredVersions(mirror("unpacked", "5.9.0", "5.100.0", "6.2.0"))).toEqual(["6.2.0", "5.100.0", "5.9.0"]);
    expect(mirroredVersions(mirror("packed", "5.100.0"))).toEqual(["5.100.0"]);
    expect(mirroredVersions(join(root, "nothing"))).toEqual([]);
  });

  test("a mirror named in the environment wins; one without the provider is an error saying what was expected", () => {
    const named = mirror("unpacked", "5.100.0");
    expect(findProviderSource({ [MIRROR_ENV_VAR]: named, HOME: root })).toEqual({ mirror: named, versions: ["5.100.0"] });
    expect(() => findProviderSource({ [MIRROR_ENV_VAR]: join(root, "empty"), HOME: root })).toThrow(`holds no registry.terraform.io/hashicorp/aws for ${platform}`);
  });

  test("when nothing is named: the machine image's mirror, then Terraform's implied ones; none means the registry", () => {
    const env = { HOME: root, XDG_DATA_HOME: join(root, "xdg") };
    const candidates = candidateMirrors(env);
    expect(candidates).toEqual(["/opt/tf-plugins", join(root, ".terraform.d/plugins"), join(root, "xdg/terraform/plugins"), "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"]);
    const userMirror = join(root, ".terraform.d/plugins");
    mkdirSync(join(userMirror, "registry.terraform.io/hashicorp/aws/6.25.0", platform), { recursive: true });
    expect(findProviderSource(env, candidates.slice(1))).toEqual({ mirror: userMirror, versions: ["6.25.0"] });
    expect(findProviderSource(env, [join(root, "none")])).toEqual({ versions: [] });
  });

  test("checks with the pin when the source has it or is the registry, else with the newest mirrored version, saying so", () => {
    expect(checkProviderVersion({ versions: [] }, "6.25.0")).toEqual({ version: "6.25.0" });
    expect(checkProviderVersion({ mirror: "/m", versions: ["6.25.0", "5.100.0"] }, "6.25.0")).toEqual({ version: "6.25.0" });
    expect(checkProviderVersion({ mirror: "/m", versions: ["5.100.0"] }, "6.25.0")).toEqual({
      version: "5.100.0",
      note: "aws provider 6.25.0 (the pin) is not in /m; checking with 5.100.0, the newest there",
    });
  });

  test("the file with a mirror: the mirror for the aws provider only (linked, no cache to race on), the registry for the rest, no checkpoint", () => {
    const text = cliConfigText({ mirror: "/opt/tf-plugins", versions: ["5.100.0"] }, "/tmp/cache");
    expect(text).toContain("disable_checkpoint = true");
    expect(text).toMatch(/filesystem_mirror \{\n\s+path\s+= "\/opt\/tf-plugins"\n\s+include = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).toMatch(/direct \{\n\s+exclude = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(text).not.toContain("plugin_cache_dir");
  });

  test("the file without a mirror: the registry through the plugin cache", () => {
    const text = cliConfigText({ versions: [] }, "/tmp/cache");
    expect(text).toContain('plugin_cache_dir = "/tmp/cache"');
    expect(text).not.toContain("provider_installation");
  });

  test("writeCliConfig writes the file and makes the plugin cache", () => {
    const named = mirror("unpacked", "5.100.0");
    const cache = join(root, "cache");
    const cli = writeCliConfig(join(root, "cli"), { [MIRROR_ENV_VAR]: named, BRAVEHEART_TF_PLUGIN_CACHE: cache, HOME: root });
    expect(readFileSync(cli.path, "utf8")).toContain(`path    = "${named}"`);
    expect(cli.pluginCacheDir).toBe(cache);
  });
});
