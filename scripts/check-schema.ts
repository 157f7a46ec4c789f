// `npm run check:schema [outdir]`: checks every stack of a synthesized app (default cdktf.out/, or CDKTF_OUTDIR)
// against the aws provider schema, offline, the way `terraform validate` would (see scripts/schema/check-stack.ts).
// The schema defaults to the one committed with the checks (scripts/schema/aws-provider-6.19.0.schema.json.gz), so
// a clone needs nothing beside it; AWS_PROVIDER_SCHEMA overrides it (CI exports the pinned provider's exact schema).
// Exits 1 on any error; warnings (arguments newer than the schema, types the schema file lacks) are printed but do
// not fail.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../config/load";
import { PHASES } from "../stacks/phases";
import { bindingLookup } from "./schema/bindings";
import { checkStackWithCounts, type Finding } from "./schema/check-stack";
import { loadProviderSchemaFile, ProviderSchemaError, type ProviderSchemaFile } from "./schema/provider-schema";

/** The provider schema committed in the repository (data, ~270 KB): what the checks and tests use by default. */
export const COMMITTED_SCHEMA = resolve(REPO_ROOT, "scripts", "schema", "aws-provider-6.19.0.schema.json.gz");
/** The schema file to check against: AWS_PROVIDER_SCHEMA, else the committed one. */
export function selectedSchemaPath(): string {
  return resolve(process.env.AWS_PROVIDER_SCHEMA || COMMITTED_SCHEMA);
}

/** Stack ids in deployment order (`<env>-<phase>`, PHASES), unknown phases last, in name order. */
export function inPhaseOrder(stackIds: readonly string[]): string[] {
  const rank = (id: string) => {
    const index = PHASES.findIndex((phase) => id.endsWith(`-${phase}`));
    return index === -1 ? PHASES.length : index;
  };
  return [...stackIds].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function formatFinding(stack: string, finding: Finding): string {
  const prefix = finding.severity === "warning" ? "warning: " : "";
  return `${stack} ${finding.address}: ${finding.path}: ${prefix}${finding.problem}`;
}

/** The check as `npm run check:schema [outdir]` runs it; returns the exit code. Tests call it in-process. */
export function runCheckSchema(args: readonly string[] = process.argv.slice(2)): number {
  const started = performance.now();
  const outdir = resolve(args[0] ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const schemaPath = selectedSchemaPath();
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    console.error(`No ${manifestPath}: synthesize first (npm run synth), or pass the output directory as the first argument.`);
    return 1;
  }
  if (!existsSync(schemaPath)) {
    console.error(`No provider schema at ${schemaPath}: set AWS_PROVIDER_SCHEMA to a \`terraform providers schema -json\` file (.json or .json.gz).`);
    return 1;
  }
  let schema: ProviderSchemaFile;
  try {
    schema = loadProviderSchemaFile(schemaPath);
  } catch (err) {
    if (!(err instanceof ProviderSchemaError)) throw err;
    console.error(err.message);
    return 1;
  }
  const bindingKnows = bindingLookup(resolve(REPO_ROOT, "node_modules", "@cdktf", "provider-aws"));
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));

  let errors = 0;
  let warnings = 0;
  let resources = 0;
  let dataSources = 0;
  const stackIds = inPhaseOrder(Object.keys(manifest.stacks ?? {}));
  for (const id of stackIds) {
    const stack = JSON.parse(readFileSync(join(outdir, manifest.stacks[id].synthesizedStackPath), "utf8"));
    const result = checkStackWithCounts(stack, schema, { bindingKnows });
    const stackErrors = result.findings.filter((finding) => finding.severity === "error");
    const stackWarnings = result.findings.filter((finding) => finding.severity === "warning");
    console.log(`${id}: ${result.resources} resources, ${result.dataSources} data sources checked, ${stackErrors.length} errors, ${stackWarnings.length} warnings`);
    for (const finding of [...stackErrors, ...stackWarnings]) console.log(`  ${formatFinding(id, finding)}`);
    errors += stackErrors.length;
    warnings += stackWarnings.length;
    resources += result.resources;
    dataSources += result.dataSources;
  }
  const version = schema._assembled_from?.provider_version ?? "unknown";
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `Schema check (aws provider ${version}): ${stackIds.length} stack(s), ${resources} resources, ${dataSources} data sources, ${errors} errors, ${warnings} warnings in ${seconds}s`,
  );
  return errors > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = runCheckSchema();
