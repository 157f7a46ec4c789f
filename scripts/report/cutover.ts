// Cutover weights per public hostname: what config.cutover asks for, and what the weighted Route 53 records in the
// synth (the golive stack, once it exists) actually carry.
import { newPlatformPercent, recordWeight, STAGE_PLANS, type CutoverStage } from "../../config/cutover-stages";
import type { EnvironmentConfig } from "../../config/schema";
import { byText, resourcesOf, single, type SynthBlock, type SynthStack } from "./synth-model";

export interface WeightedRecord {
  readonly stack: string;
  readonly address: string;
  /** The record's `name` as synthesized (an FQDN, a name relative to the zone, or an expression). */
  readonly name: string;
  readonly type: string;
  /** `legacy`, `new`, ... */
  readonly setIdentifier: string;
  readonly weight: string;
  /** Alias target or records, for the picture: e.g. the legacy load balancer's DNS name. */
  readonly target: string;
}

export interface HostnameCutover {
  readonly hostname: string;
  /** The weights the stage gives the `new` and `legacy` records; undefined: the stage has no such record. */
  readonly expected: { readonly new?: number; readonly legacy?: number };
  /** Percent of users on the new platform while both platforms are healthy. */
  readonly newPercent: number;
  readonly adoptExistingRecord: boolean | "swapped";
  /** The weighted records for this hostname in the synth, by set identifier. */
  readonly records: readonly WeightedRecord[];
}

export interface CutoverReport {
  readonly hostnames: readonly HostnameCutover[];
  /** Weighted records whose name matches no configured hostname. */
  readonly otherRecords: readonly WeightedRecord[];
  /** `cutover.stage` and what it means. */
  readonly stage: CutoverStage;
  readonly summary: string;
}

export function isWeightedRecord(block: SynthBlock): boolean {
  return block.type === "aws_route53_record" && single(block.body.weighted_routing_policy) !== undefined;
}

export function weightedRecordsOf(stacks: readonly SynthStack[]): WeightedRecord[] {
  return stacks
    .flatMap((s) => resourcesOf(s).filter(isWeightedRecord))
    .map((block) => {
      const alias = single(block.body.alias);
      const records = Array.isArray(block.body.records) ? block.body.records.join(", ") : "";
      return {
        stack: block.stack,
        address: block.address,
        name: String(block.body.name ?? "?"),
        type: String(block.body.type ?? "?"),
        setIdentifier: String(block.body.set_identifier ?? "?"),
        weight: String(single(block.body.weighted_routing_policy)?.weight ?? "?"),
        target: alias ? String(alias.name ?? "?") : records,
      };
    })
    .sort((a, b) => byText(a.name, b.name) || byText(a.setIdentifier, b.setIdentifier) || byText(a.address, b.address));
}

/** Whether a record name (FQDN with or without the trailing dot, or relative to the zone) is the hostname. */
export function recordNameIs(recordName: string, hostname: string, zoneName: string): boolean {
  const name = recordName.replace(/\.$/, "");
  return name === hostname || `${name}.${zoneName}` === hostname;
}

export function cutoverWeights(stacks: readonly SynthStack[], config: EnvironmentConfig): CutoverReport {
  const records = weightedRecordsOf(stacks);
  const plan = STAGE_PLANS[config.cutover.stage];
  const zone = config.dns.zoneName;
  const hostnames = config.cutover.hostnames
    .map((h) => ({
      hostname: h.name,
      expected: {
        new: plan.newRecord && recordWeight(plan.newRecord, h.canaryWeight),
        legacy: plan.legacyRecord && recordWeight(plan.legacyRecord, h.canaryWeight),
      },
      newPercent: newPlatformPercent(plan, h.canaryWeight),
      adoptExistingRecord: h.adoptExistingRecord,
      records: records.filter((r) => recordNameIs(r.name, h.name, zone)),
    }))
    .sort((a, b) => byText(a.hostname, b.hostname));
  const claimed = new Set(hostnames.flatMap((h) => h.records.map((r) => r.address + r.stack)));
  return {
    hostnames,
    otherRecords: records.filter((r) => !claimed.has(r.address + r.stack)),
    stage: config.cutover.stage,
    summary: plan.summary,
  };
}
