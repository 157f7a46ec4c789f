import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ImportBlock } from "../state/import-block";

export interface AliasTarget {
  readonly dnsName: string;
  readonly zoneId: string;
}

/** One record of the weighted pair. */
export interface WeightedRecordProps {
  /** Route 53 weight, 0..255 (the stages use 0..100). */
  readonly weight: number;
  /**
   * Whether Route 53 may drop this record from the answers when its platform fails: the legacy record then evaluates
   * its load balancer's health, the new record carries `newHealthCheckId`. Leave it off whenever the partner record
   * has weight 0: Route 53 answers a zero-weight record exactly when every non-zero one is unhealthy.
   */
  readonly healthChecked: boolean;
}

export interface WeightedHostnameProps {
  readonly zoneId: string;
  readonly hostname: string;
  readonly legacyTarget: AliasTarget;
  /** The CloudFront distribution. */
  readonly newTarget: AliasTarget;
  /** Route 53 health check of the new platform, for a health-checked `new` record. */
  readonly newHealthCheckId: string;
  /** The `legacy` record; absent: not in the set. */
  readonly legacy?: WeightedRecordProps;
  /** The `new` record; absent: not in the set. */
  readonly new?: WeightedRecordProps;
  /**
   * Take over the simple record that exists today (first apply only): an import block brings it into the `legacy`
   * record's address, and Terraform then replaces it with the weighted one. See docs/golive.md.
   * @default false
   */
  readonly adoptExistingRecord?: boolean | "swapped";
}

/** Set identifiers of the two weighted records. Part of each record's identity: never change them. */
export const LEGACY_SET_ID = "legacy";
export const NEW_SET_ID = "new";

/**
 * One public hostname as weighted alias A records, `legacy` and `new`, as the migration stage says
 * (config/cutover-stages.ts). Only A records: a weighted set is per name and type, and an AAAA `new` record without
 * an AAAA legacy partner would send every IPv6 client to the new platform at once, whatever the weights say.
 */
export class WeightedHostname extends Construct {
  readonly legacyRecord?: Route53Record;
  readonly newRecord?: Route53Record;

  constructor(scope: Construct, id: string, props: WeightedHostnameProps) {
    super(scope, id);
    const adopt = props.adoptExistingRecord ?? false;
    // Config checks these already; the construct checks again because a bad weight or a silently dropped import
    // would only surface at apply time, with users' traffic at stake.
    for (const [role, record] of [["legacy", props.legacy], ["new", props.new]] as const) {
      const weight = record?.weight;
      if (weight !== undefined && !Token.isUnresolved(weight) && !(Number.isInteger(weight) && weight >= 0 && weight <= 255)) {
        throw new Error(`${this.node.path}: ${role} weight ${weight} is not allowed; allowed: an integer from 0 to 255`);
      }
    }
    if (!props.legacy && !props.new) throw new Error(`${this.node.path}: neither a legacy nor a new record; the name would not resolve`);
    if (adopt && !props.legacy) {
      throw new Error(`${this.node.path}: adoptExistingRecord imports today's record into the legacy record, which this stage removes; set adoptExistingRecord to false`);
    }
    for (const [role, mine, other] of [["legacy", props.legacy, props.new], ["new", props.new, props.legacy]] as const) {
      if (mine?.healthChecked && other?.weight === 0) {
        throw new Error(`${this.node.path}: the ${role} record is health-checked while its partner has weight 0, which Route 53 answers whenever the ${role} record is unhealthy`);
      }
    }

    if (props.legacy) {
      this.legacyRecord = new Route53Record(this, "Legacy", {
        zoneId: props.zoneId,
        name: props.hostname,
        type: "A",
        setIdentifier: LEGACY_SET_ID,
        weightedRoutingPolicy: { weight: props.legacy.weight },
        // Alias records take no TTL: resolvers use the target's.
        alias: { name: props.legacyTarget.dnsName, zoneId: props.legacyTarget.zoneId, evaluateTargetHealth: props.legacy.healthChecked },
      });
      if (adopt) {
        // The id of today's simple record. Importing it here and planning the weighted shape makes Terraform
        // replace it (delete, then create) inside one resource, which Route 53 requires: a weighted record may
        // not coexist with a simple one of the same name and type.
        // `swapped`: an atomic change batch already replaced it by the weighted record, whose id carries the set id.
        const importId = adopt === "swapped" ? `${props.zoneId}_${props.hostname}_A_${LEGACY_SET_ID}` : `${props.zoneId}_${props.hostname}_A`;
        new ImportBlock(this, "LegacyImport", { resource: this.legacyRecord, importId });
      }
    }
    if (props.new) {
      this.newRecord = new Route53Record(this, "New", {
        zoneId: props.zoneId,
        name: props.hostname,
        type: "A",
        setIdentifier: NEW_SET_ID,
        weightedRoutingPolicy: { weight: props.new.weight },
        healthCheckId: props.new.healthChecked ? props.newHealthCheckId : undefined,
        // CloudFront aliases cannot evaluate target health; the health check above does that job.
        alias: { name: props.newTarget.dnsName, zoneId: props.newTarget.zoneId, evaluateTargetHealth: false },
        // While adopting, create it only after the legacy record has replaced the simple one (else Route 53 rejects it).
        dependsOn: adopt === true && this.legacyRecord ? [this.legacyRecord] : undefined,
      });
    }
  }
}
