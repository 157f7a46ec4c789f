// Cross-field (semantic) problems found in a file carry the line and column of the node at their path, as structural
// ones do; the shipped file is edited as text, so its comments and flow collections stay where the user wrote them.
import { readFileSync } from "node:fs";
import { ConfigError, parseConfig, parseFieldPath } from "../../config/load";
import { listenerPriority } from "../../config/priority";
import { shippedConfigPath } from "../helpers";

const FILE = "config/edited.yaml";
const SHIPPED = readFileSync(shippedConfigPath("staging"), "utf8");

/** The shipped staging text with replacements, each of which must apply. */
const edited = (...replacements: [from: string, to: string][]) =>
  replacements.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`fixture: '${from}' not in the text`);
    return text.replace(from, to);
  }, SHIPPED);

/** 1-based number of the `occurrence`th line of `text` that is exactly `line`. */
const lineOf = (text: string, line: string, occurrence = 1) => {
  const numbers = text.split("\n").flatMap((l, i) => (l === line ? [i + 1] : []));
  if (numbers.length < occurrence) throw new Error(`fixture: '${line}' is not a line of the text ${occurrence} times`);
  return numbers[occurrence - 1];
};

const problemsOf = (text: string): string[] => {
  try {
    parseConfig(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.split("\n").slice(1);
  }
  throw new Error("expected a ConfigError");
};

describe("line numbers of cross-field problems", () => {
  test("a route another service already has: the line and column of the pattern in the flow list", () => {
    const text = edited(['      paths: ["/api/accounts/*"]', '      paths: ["/api/orders/*"]']);
    const line = lineOf(text, '      paths: ["/api/orders/*"]', 2);
    expect(problemsOf(text)).toEqual([
      `  - services[3] (accounts).routing.paths[0] (line ${line}, column 15; got "/api/orders/*"): routes the same requests (path /api/orders/* on any host) ` +
        "as services[2] (orders).routing.paths[0]: only the rule evaluated first (lower routing.priority) would ever see them; " +
        "allowed: a path pattern or routing.hosts that no other service has",
    ]);
  });

  test("a task size Fargate does not run: the line of the memory, in the right service", () => {
    const text = edited(["    cpu: 512\n    memory: 1024\n    desiredCount: 2\n    minCount: 2\n    maxCount: 8", "    cpu: 2048\n    memory: 1024\n    desiredCount: 2\n    minCount: 2\n    maxCount: 8"]);
    // orders is the second service with `memory: 1024` (catalog, orders, accounts)
    expect(problemsOf(text)).toEqual([
      `  - services[2] (orders).memory (line ${lineOf(text, "    memory: 1024", 2)}, column 13; got 1024): with cpu 2048 allowed memory is 4096..16384 MiB ` +
        "in steps of 1024 (the AWS Fargate task sizes, kept on EC2 too so the service can move to Fargate); allowed: one of those, or cpu 256 or 512 for 1024 MiB",
    ]);
  });

  test("a missing value points at the mapping it belongs in", () => {
    const text = edited(["  waf: { enabled: true }", "  waf: { enabled: false }"]);
    expect(problemsOf(text)).toEqual([
      `  - edge.waf.reason (in the mapping at line ${lineOf(text, "  waf: { enabled: false }     # the same managed rule groups as production, logged; off only with `reason:`")}, column 8): ` +
        "missing: turning WAF off needs a written reason; allowed: at least 20 characters saying why (printed in every synth summary)",
    ]);
  });

  test("a value the file leaves to a default has no node, so no position; the other service is named with its index", () => {
    // catalog's priority is derived from its name (no key in the file); web-ui takes the same number explicitly.
    const taken = listenerPriority({ name: "catalog", routing: {} });
    const text = edited(["      catchAll: true", `      catchAll: true\n      priority: ${taken}`]);
    expect(problemsOf(text)).toEqual([
      `  - services[1] (catalog).routing.priority (got ${taken}): listener rule priority ${taken} is already used by services[0] (web-ui); ` +
        "set routing.priority explicitly to a free value",
    ]);
  });
});

describe("field paths", () => {
  test("read back into the document's keys and indexes, without the service-name decoration", () => {
    expect(parseFieldPath("services[2] (web-ui).routing.paths[0]")).toEqual(["services", 2, "routing", "paths", 0]);
    expect(parseFieldPath("services[2].secrets.API_KEY")).toEqual(["services", 2, "secrets", "API_KEY"]);
    expect(parseFieldPath("network.subnets.public[1]")).toEqual(["network", "subnets", "public", 1]);
    expect(parseFieldPath("drRegion")).toEqual(["drRegion"]);
  });

  test("what is not a field path has none", () => {
    expect(parseFieldPath("(file)")).toBeUndefined();
    expect(parseFieldPath("line 3, column 4")).toBeUndefined();
  });
});
