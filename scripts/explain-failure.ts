// `node dist/scripts/explain-failure.js <outdir> <stack> <terraform output file>`: after a failed `terraform plan` of a
// synthesized stack (.ci/stacks), prints what the failure means in config terms (scripts/terraform/explain-failure.ts),
// one line each, as GitHub error annotations when run in Actions. Advisory: it always exits 0, and prints nothing
// for a failure it cannot explain (Terraform's own message stands).
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadConfig, selectedConfigPath } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { explainFailures, failuresInTerraformText } from "./terraform/explain-failure";

export function explainFailureFiles(outdir: string, stack: string, outputFile: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const stackFile = join(outdir, "stacks", stack, "cdk.tf.json");
  if (!existsSync(stackFile) || !existsSync(outputFile)) return [];
  const configPath = selectedConfigPath(env);
  let config: EnvironmentConfig | undefined;
  try {
    config = loadConfig(configPath);
  } catch {
    config = undefined; // the synthesized stack still says which service and tag
  }
  const lines = explainFailures(JSON.parse(readFileSync(stackFile, "utf8")), config, failuresInTerraformText(readFileSync(outputFile, "utf8")), relative(process.cwd(), configPath));
  return env.GITHUB_ACTIONS === "true" ? lines.map((l) => `::error::${l}`) : lines;
}

if (require.main === module) {
  const [outdir, stack, outputFile] = process.argv.slice(2);
  if (!outdir || !stack || !outputFile) {
    console.error("usage: node dist/scripts/explain-failure.js <outdir> <stack> <terraform output file>");
  } else {
    for (const line of explainFailureFiles(outdir, stack, outputFile)) console.log(line);
  }
}
