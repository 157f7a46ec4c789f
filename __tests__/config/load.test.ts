import { resolve } from "node:path";
import { ConfigError, DEFAULT_CONFIG, loadConfig, loadConfigs, parseConfig, REPO_ROOT, selectedConfigPath, selectedConfigPaths } from "../../config/load";
import { rawConfig, shippedConfigPath } from "../helpers";
import { stringify } from "yaml";

describe("environment selection", () => {
  test("defaults to the shipped staging file so synth needs no input", () => {
    expect(selectedConfigPath({})).toBe(resolve(REPO_ROOT, "config/staging.yaml"));
    expect(DEFAULT_CONFIG).toBe(resolve(REPO_ROOT, "config/staging.yaml"));
  });

  test("BRAVEHEART_CONFIG selects any file, relative to the working directory", () => {
    expect(selectedConfigPath({ BRAVEHEART_CONFIG: "config/production.yaml" })).toBe(resolve(process.cwd(), "config/production.yaml"));
  });
});

describe("several environments in one app (comma-separated BRAVEHEART_CONFIG)", () => {
  test("each file is selected in the order given", () => {
    expect(selectedConfigPaths({ BRAVEHEART_CONFIG: "config/production.yaml, config/staging.yaml" })).toEqual([
      resolve(process.cwd(), "config/production.yaml"),
      resolve(process.cwd(), "config/staging.yaml"),
    ]);
  });

  test("two files for the same environment are rejected, naming both", () => {
    const path = shippedConfigPath("staging");
    expect(() => loadConfigs([path, path])).toThrow(
      'environment (got "staging"): is also the environment of config/staging.yaml; allowed: one file per environment',
    );
  });

  test("the problems of every file are reported at once", () => {
    const load = () => loadConfigs(["/nonexistent/a.yaml", shippedConfigPath("staging"), "/nonexistent/b.yaml"]);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/\/nonexistent\/a\.yaml[\s\S]*\/nonexistent\/b\.yaml/);
  });
});

describe("shipped environments", () => {
  test("staging is valid and keeps remote state, so CI can apply it before production", () => {
    const config = loadConfig(shippedConfigPath("staging"));
    expect(config.environment).toBe("staging");
    expect(config.backend.type).toBe("s3");
  });

  test("production is valid and uses a remote backend", () => {
    const config = loadConfig(shippedConfigPath("production"));
    expect(config.production).toBe(true);
    expect(config.backend.type).not.toBe("local");
  });

  test("defaults are filled in where the file is silent", () => {
    const config = loadConfig(shippedConfigPath("staging"));
    expect(config.project).toBe("braveheart");
    expect(config.database.port).toBe(5433);
    expect(config.services.find((s) => s.name === "catalog")?.healthCheckPath).toBe("/health");
  });
});

describe("error reporting", () => {
  const edited = (edit: (raw: Record<string, any>) => void) => {
    const raw = rawConfig("staging");
    edit(raw);
    return stringify(raw);
  };

  test("reports every problem of a file at once, not just the first", () => {
    const text = edited((raw) => {
      raw.region = "mars-1";
      raw.services[0].port = 0;
    });
    expect(() => parseConfig(text, "config/x.yaml")).toThrow(ConfigError);
    try {
      parseConfig(text, "config/x.yaml");
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.path)).toEqual(["region", "services[0] (web-ui).port"]);
    }
  });

  test("names the service an error is in, from the file: bare index when the entry has no usable name or the name is the problem", () => {
    const problems = (edit: (raw: Record<string, any>) => void) => {
      try {
        parseConfig(edited(edit), "config/x.yaml");
      } catch (err) {
        return (err as ConfigError).problems.map((p) => p.path);
      }
      throw new Error("expected a ConfigError");
    };
    expect(problems((raw) => (raw.services[3].cpu = "lots"))).toEqual(["services[3] (accounts).cpu"]);
    expect(problems((raw) => (raw.services[3] = { ...raw.services[3], name: 7, cpu: "lots" }))).toEqual(["services[3].name", "services[3].cpu"]);
    expect(problems((raw) => (raw.services[3].name = "Accounts"))).toEqual(["services[3].name"]);
  });

  test("suggests the nearest valid key for a typo", () => {
    const text = edited((raw) => {
      raw.capacity.maxSzie = raw.capacity.maxSize;
      delete raw.capacity.maxSize;
    });
    expect(() => parseConfig(text, "config/x.yaml")).toThrow(/capacity\.maxSzie \(line \d+, column 3\): unknown key; did you mean 'maxSize'\?/);
  });

  test("a missing file names the file and how to choose one", () => {
    expect(() => loadConfig("/nonexistent/env.yaml")).toThrow(
      "Invalid configuration in /nonexistent/env.yaml (1 problem):\n  - (file): the file does not exist; set BRAVEHEART_CONFIG to an environment file such as config/staging.yaml",
    );
  });
});
