import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ImportBlock } from "../state/import-block";

export interface AliasTarget {
  readonly dnsName: string;
  readonly zoneId: string;
}

export interface WeightedHostnameProps {
  readonly zoneId: string;
  readonly hostname: string;
  /** Percentage of traffic for the new platform, 0..100; the legacy record gets the rest. */
  readonly newWeight: number;
  readonly legacy: AliasTarget;
  /** The CloudFront distribution. */
  readonly newPlatform: AliasTarget;
  /** Route 53 health check of the new platform; while it fails, the `new` record gets no traffic. */
  readonly newHealthCheckId: string;
  /**
   * Take over the simple record that exists today (first apply only): an import block brings it into the `legacy`
   * record's address, and Terraform then replaces it with the weighted one. See docs/golive.md.
   * @default false
   */
  readonly adoptExistingRecord?: boolean;
  /**
   * Drop the legacy record (allowed by config only at newWeight 100).
   * @default false
   */
  readonly decommissionLegacy?: boolean;
}

/** Set identifiers of the two weighted records. Part of each record's identity: never change them. */
export const LEGACY_SET_ID = "legacy";
export const NEW_SET_ID = "new";

/**
 * One public hostname as a pair of weighted alias A records, legacy and new, whose weights always add up to 100.
 * Cutting over or rolling back changes only the two weights. Only A records: a weighted set is per name and type,
 * and an AAAA `new` record without an AAAA legacy partner would send every IPv6 client to the new platform at
 * once, whatever the weights say.
 */
export class WeightedHostname extends Construct {
  readonly legacyRecord?: Route53Record;
  readonly newRecord: Route53Record;

  constructor(scope: Construct, id: string, props: WeightedHostnameProps) {
    super(scope, id);
    const adopt = props.adoptExistingRecord ?? false;
    const decommission = props.decommissionLegacy ?? false;
    // Config checks both already; the construct checks again because a bad weight or a silently dropped import
    // would only surface at apply time, with users' traffic at stake.
    const weight = props.newWeight;
    if (!Token.isUnresolved(weight) && !(Number.isInteger(weight) && weight >= 0 && weight <= 100)) {
      throw new Error(`${this.node.path}: newWeight ${weight} is not allowed; allowed: an integer from 0 to 100 (percent of traffic for the new platform)`);
    }
    if (adopt && decommission) {
      throw new Error(
        `${this.node.path}: adoptExistingRecord imports today's record into the legacy record, which decommissionLegacy removes; ` +
          "set adoptExistingRecord to false",
      );
    }

    if (!decommission) {
      this.legacyRecord = new Route53Record(this, "Legacy", {
        zoneId: props.zoneId,
        name: props.hostname,
        type: "A",
        setIdentifier: LEGACY_SET_ID,
        weightedRoutingPolicy: { weight: 100 - props.newWeight },
        // Alias records take no TTL: resolvers use the target's.
        alias: { name: props.legacy.dnsName, zoneId: props.legacy.zoneId, evaluateTargetHealth: true },
      });
      if (adopt) {
        // The id of today's simple record. Importing it here and planning the weighted shape makes Terraform
        // replace it (delete, then create) inside one resource, which Route 53 requires: a weighted record may
        // not coexist with a simple one of the same name and type.
        new ImportBlock(this, "LegacyImport", { resource: this.legacyRecord, importId: `${props.zoneId}_${props.hostname}_A` });
      }
    }
    this.newRecord = new Route53Record(this, "New", {
      zoneId: props.zoneId,
      name: props.hostname,
      type: "A",
      setIdentifier: NEW_SET_ID,
      weightedRoutingPolicy: { weight: props.newWeight },
      healthCheckId: props.newHealthCheckId,
      // CloudFront aliases cannot evaluate target health; the health check above does that job.
      alias: { name: props.newPlatform.dnsName, zoneId: props.newPlatform.zoneId, evaluateTargetHealth: false },
      // While adopting, create it only after the legacy record has replaced the simple one (else Route 53 rejects it).
      dependsOn: adopt && this.legacyRecord ? [this.legacyRecord] : undefined,
    });
  }
}
