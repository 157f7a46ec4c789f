import { configFor, configProblems as problemsOf } from "../helpers";

describe("data tier configuration errors", () => {
  test("dataMigration without the legacy secret ARN is a clear error naming the field", () => {
    expect(problemsOf((raw) => delete raw.dataMigration.sourceSecretArn)).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" + "  - dataMigration.sourceSecretArn: missing required field; allowed: a string",
    );
  });

  test("a legacy secret that is not an ARN is rejected with an example", () => {
    expect(problemsOf((raw) => (raw.dataMigration.sourceSecretArn = "legacy/staging/db"))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - dataMigration.sourceSecretArn (got "legacy/staging/db"): allowed: an AWS ARN such as arn:aws:rds:eu-west-2:123456789012:db:legacy',
    );
  });

  test("a retired migration may keep its settings, and a missing dataMigration is fine", () => {
    expect(() => configFor("staging", (raw) => (raw.dataMigration.retire = true))).not.toThrow();
    expect(() => configFor("staging", (raw) => delete raw.dataMigration)).not.toThrow();
  });

  test("a source engine other than the database's is rejected: the runbook copies the schema like for like", () => {
    expect(problemsOf((raw) => (raw.dataMigration.sourceEngine = "mysql"))).toContain(
      "  - dataMigration.sourceEngine (got \"mysql\"): differs from database.engine (postgres); allowed: postgres (heterogeneous migrations need a schema conversion this runbook does not cover)",
    );
  });

  test("the engine check is skipped once the migration is retired", () => {
    expect(() =>
      configFor("staging", (raw) => {
        raw.dataMigration.sourceEngine = "mysql";
        raw.dataMigration.retire = true;
      }),
    ).not.toThrow();
  });

  test("table mappings that only exclude select nothing", () => {
    expect(problemsOf((raw) => (raw.dataMigration.tableMappings = [{ schema: "public", table: "%", action: "exclude" }]))).toContain(
      '  - dataMigration.tableMappings (got [{"schema":"public","table":"%","action":"exclude"}]): selects no table; allowed: at least one mapping with action include',
    );
  });

  test("the same schema and table twice is rejected", () => {
    expect(
      problemsOf((raw) => raw.dataMigration.tableMappings.push({ schema: "public", table: "%", action: "exclude" })),
    ).toContain('  - dataMigration.tableMappings[1] (got "public.%"): duplicates dataMigration.tableMappings[0]; allowed: each schema and table once');
  });

  test("an engine version without an RDS parameter group family is rejected with the supported majors", () => {
    expect(problemsOf((raw) => (raw.database.engineVersion = "12.19"))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        '  - database.engineVersion (got "12.19"): has no RDS parameter group family for postgres; allowed: a version of major 13, 14, 15, 16, 17 (e.g. "17.1")',
    );
  });

  test("MySQL needs major and minor (8.0), not just 8", () => {
    expect(
      problemsOf((raw) => {
        raw.database.engine = "mysql";
        raw.database.engineVersion = "8";
        raw.dataMigration.sourceEngine = "mysql";
      }),
    ).toContain('  - database.engineVersion (got "8"): has no RDS parameter group family for mysql; allowed: a version of major 8.0, 8.4 (e.g. "8.4.1")');
  });

  test("the engine's well-known port is rejected", () => {
    expect(problemsOf((raw) => (raw.database.port = 5432))).toContain(
      "  - database.port (got 5432): is postgres's well-known port; allowed: any other port from 1150 to 65535 (default 5433)",
    );
  });

  test("a service may not take the listener priority of the platform health check rule", () => {
    expect(problemsOf((raw) => (raw.services[2].routing.priority = 1))).toContain(
      "  - services[2] (orders).routing.priority (got 1): is reserved for the platform health check rule (docs/phase2.md); allowed: any other priority from 2 to 49999",
    );
  });
});

describe("dataMigration.lob", () => {
  test("defaults to full LOB mode, which never truncates", () => {
    const config = configFor("staging", (raw) => delete raw.dataMigration.lob);
    expect(config.dataMigration!.lob).toEqual({ mode: "full", chunkSizeKb: 64 });
  });

  test("limited mode without a measured size is rejected, naming the field", () => {
    expect(problemsOf((raw) => (raw.dataMigration.lob = { mode: "limited" }))).toBe(
      "Invalid configuration in config/staging.yaml (1 problem):\n" +
        "  - dataMigration.lob.maxSizeKb: missing required field; allowed: an integer from 1 to 102400",
    );
  });

  test("an unknown LOB mode names the allowed modes", () => {
    expect(problemsOf((raw) => (raw.dataMigration.lob = { mode: "inline" }))).toMatch(/dataMigration\.lob\.mode.*full.*limited/);
  });
});
