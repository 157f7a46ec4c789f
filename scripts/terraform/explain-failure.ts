// What a failed `terraform plan` means in this project's terms: Terraform names a resource address and the provider's
// message, which for some failures says nothing about the configuration that caused them. Each explanation here maps
// an address of the synthesized stack back to the config field that decides it, with the value and what to do.
// Used by the offline plan (structured diagnostics) and by .ci/stacks (Terraform's text output, through
// scripts/explain-failure.ts), so CI's plan job says the same thing a developer sees locally.
import type { EnvironmentConfig } from "../../config/schema";
import { serviceRef } from "../../config/semantic";

/** One failure as Terraform reports it: the error's summary and the address it is attached to (`with <address>,`). */
export interface AddressedFailure {
  readonly summary: string;
  readonly address: string;
}

interface StackJson {
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

const pathOf = (body: Record<string, unknown> | undefined): string | undefined =>
  (body?.["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;

/**
 * The `Error: <summary>` blocks of Terraform's human-readable output (with or without its box drawing) that name an
 * address (`with data.aws_ecr_image.Services_catalog_Image_1A2B3C4D,`).
 */
export function failuresInTerraformText(text: string): AddressedFailure[] {
  const failures: AddressedFailure[] = [];
  let summary: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^[│╷╵]\s?/, "");
    const error = /^Error: (.+)$/.exec(line.trim());
    if (error) {
      summary = error[1].trim();
      continue;
    }
    const subject = /^with ((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?),$/.exec(line.trim());
    if (subject && summary !== undefined) {
      failures.push({ summary, address: subject[1] });
      summary = undefined;
    }
  }
  return failures;
}

/** One line per failure this file can explain (others are left to Terraform's own message). */
export function explainFailures(stack: StackJson, config: EnvironmentConfig | undefined, failures: readonly AddressedFailure[], configFile = "the environment file"): string[] {
  const lines: string[] = [];
  for (const failure of failures) {
    const image = /^data\.aws_ecr_image\.([A-Za-z0-9_-]+)$/.exec(failure.address);
    if (image) {
      const body = stack.data?.aws_ecr_image?.[image[1]];
      const service = /(?:^|\/)Services\/([^/]+)\/Image$/.exec(pathOf(body) ?? "")?.[1];
      if (!body || !service) continue;
      const index = config?.services.findIndex((s) => s.name === service) ?? -1;
      const field = index >= 0 ? `${serviceRef(index, service)}.imageTag` : `services (${service}).imageTag`;
      lines.push(
        `${configFile}: ${field} (got ${JSON.stringify(body.image_tag)}): no image with this tag in ECR repository ${String(body.repository_name)} ` +
          `(Terraform: "${failure.summary}" at ${failure.address}); allowed: a tag that was pushed there. Publish it with the ` +
          `application repository's publish workflow (README, "Adding or moving a service"), or set imageTag back to a pushed tag.`,
      );
    }
  }
  return lines;
}
