// `npm run set-image-tag -- --config config/staging.yaml --service catalog --tag 2026.12.0`: sets one service's
// imageTag in an environment file, keeping its comments and layout, and writes it only if the whole file still
// validates. The publish-image workflow (.github/workflows/publish-image.yml) runs it to propose a new image as a
// pull request; people can run it too. Exit 0 written (or already set), 2 with one line saying what is wrong.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isMap, isSeq, parseDocument } from "yaml";
import { ConfigError, parseConfig } from "../config/load";

export class SetImageTagError extends Error {}

/** The file's text with the service's imageTag set; throws SetImageTagError or ConfigError (the result must validate). */
export function setImageTag(text: string, file: string, service: string, tag: string): string {
  const doc = parseDocument(text);
  const services = doc.get("services");
  if (!isSeq(services)) throw new SetImageTagError(`${file}: has no services list`);
  const entry = services.items.find((item) => isMap(item) && item.get("name") === service);
  if (!isMap(entry)) {
    const names = services.items.map((item) => (isMap(item) ? String(item.get("name")) : "?")).join(", ");
    throw new SetImageTagError(`${file}: no service named ${JSON.stringify(service)}; allowed: ${names}`);
  }
  const node = entry.get("imageTag", true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) throw new SetImageTagError(`${file}: service ${JSON.stringify(service)} has no imageTag to set`);
  // Only the value's characters change (as a double-quoted scalar): comments, quoting elsewhere and layout stay
  // exactly as written, so the pull request's diff is one line. (yaml's own toString would reformat the file.)
  const [start, end] = node.range;
  const updated = `${text.slice(0, start)}${JSON.stringify(tag)}${text.slice(end)}`;
  parseConfig(updated, file); // a tag the schema refuses fails here, naming services[i].imageTag
  return updated;
}

export function runSetImageTag(argv: readonly string[], log: (line: string) => void = console.error): number {
  try {
    const { values } = parseArgs({ args: [...argv], options: { config: { type: "string" }, service: { type: "string" }, tag: { type: "string" } }, strict: true });
    const missing = (["config", "service", "tag"] as const).filter((k) => values[k] === undefined);
    if (missing.length) throw new SetImageTagError(`missing ${missing.map((m) => `--${m}`).join(", ")}; usage: --config <file> --service <name> --tag <image tag>`);
    const file = values.config!;
    const before = readFileSync(file, "utf8");
    const after = setImageTag(before, file, values.service!, values.tag!);
    if (after !== before) writeFileSync(file, after);
    log(after === before ? `${file}: ${values.service} already runs ${values.tag}` : `${file}: ${values.service} imageTag set to ${values.tag}`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof SetImageTagError) {
      log(err.message);
      return 2;
    }
    if (String((err as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS_")) {
      log((err as Error).message);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = runSetImageTag(process.argv.slice(2));
