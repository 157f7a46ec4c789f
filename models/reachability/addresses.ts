// Address sets the reachability model reasons about: CIDR blocks (config/cidr.ts arithmetic) and named prefix lists.

import { contains, overlaps, parseCidr, type Cidr } from "../../config/cidr";

/** Parses a CIDR the synth wrote; undefined for an unresolved reference or a malformed value. */
export function cidrOf(text: unknown): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  const parsed = parseCidr(text);
  return typeof parsed === "string" ? undefined : parsed;
}

export const cidr = (text: string): Cidr => {
  const parsed = cidrOf(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
};

/** RFC 1918 and shared address space: no packet from the internet arrives through an internet gateway with these sources. */
const PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(cidr);

/** Whether a block holds any public (internet-routable) address. Aligned blocks are either inside one private block or not. */
export const hasPublicAddresses = (block: Cidr): boolean => !PRIVATE_BLOCKS.some((p) => contains(p, block));

/**
 * An address set: a CIDR block, or an AWS-managed prefix list known by name (`cloudfront-origin-facing`,
 * `s3`), or the public internet (every public address).
 */
export type Addresses =
  | { readonly kind: "cidr"; readonly cidr: Cidr }
  | { readonly kind: "prefixList"; readonly name: string }
  | { readonly kind: "internet" };

export const describeAddresses = (a: Addresses): string => (a.kind === "cidr" ? a.cidr.text : a.kind === "prefixList" ? `prefix list ${a.name}` : "the internet");

/** Prefix lists whose members are public addresses (they arrive from, or live on, the internet). */
const PUBLIC_PREFIX_LISTS = new Set(["cloudfront-origin-facing", "s3"]);

/**
 * How a rule's address set `rule` covers a traffic address set `traffic`:
 * - `must`: every address of `traffic` is in `rule` (the path exists for all of them);
 * - `may`: some address of `traffic` is in `rule` (the path exists for at least one).
 */
export function covers(rule: Addresses, traffic: Addresses, mode: "must" | "may"): boolean {
  if (rule.kind === "prefixList" || traffic.kind === "prefixList") {
    if (rule.kind === "prefixList" && traffic.kind === "prefixList") return rule.name === traffic.name;
    // A CIDR rule and a prefix list of public addresses: 0.0.0.0/0 holds them all; any public block may hold some.
    if (rule.kind === "cidr" && traffic.kind === "prefixList") {
      return PUBLIC_PREFIX_LISTS.has(traffic.name) && (rule.cidr.prefix === 0 || (mode === "may" && hasPublicAddresses(rule.cidr)));
    }
    if (rule.kind === "prefixList" && traffic.kind === "internet") return mode === "may" && PUBLIC_PREFIX_LISTS.has(rule.name);
    return false;
  }
  if (traffic.kind === "internet") return rule.kind === "internet" || (mode === "must" ? rule.cidr.prefix === 0 : hasPublicAddresses(rule.cidr));
  if (rule.kind === "internet") return mode === "must" ? false : hasPublicAddresses(traffic.cidr);
  return mode === "must" ? contains(rule.cidr, traffic.cidr) : overlaps(rule.cidr, traffic.cidr);
}

/** A port range (inclusive); protocol `-1` rules cover every port. */
export interface Ports {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: Ports = { from: 0, to: 65535 };
/** Where replies go: Linux's and AWS's ephemeral range (a NACL must let them back). */
export const EPHEMERAL_PORTS: Ports = { from: 1024, to: 65535 };

export function portsCover(rule: Ports, traffic: Ports, mode: "must" | "may"): boolean {
  return mode === "must" ? rule.from <= traffic.from && traffic.to <= rule.to : rule.from <= traffic.to && traffic.from <= rule.to;
}

export const describePorts = (p: Ports): string => (p.from === p.to ? String(p.from) : p.from === 0 && p.to === 65535 ? "any port" : `${p.from}-${p.to}`);
