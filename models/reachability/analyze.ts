// Is there a path from A to B on a protocol and ports? The answer follows the hops AWS VPC Reachability Analyzer
// follows, over the model of the synthesized stacks:
//   source security group egress -> source subnet NACL (out, and in for the replies: NACLs are stateless) ->
//   source subnet's route table (longest prefix match; gateway endpoint prefix lists) -> target (local, NAT gateway
//   then its subnet's route to the internet gateway, internet gateway, VPC peering, transit gateway attachment in the
//   source's AZ, VPN gateway with a connection) -> destination subnet NACL -> destination security group ingress.
// Security groups are stateful (replies need no rule); NACLs are not (replies use ephemeral ports 1024-65535).
//
// Two modes, because a required path and a forbidden one are different claims:
// - `must`: the path exists for every source and destination address (every subnet pair; rules that contain the
//   whole range). Required paths are checked this way.
// - `may`: the path exists for at least one address (any subnet pair; rules that overlap). Forbidden paths are
//   checked this way, so "not reachable" means not reachable from anywhere in the range.
import { contains } from "../../config/cidr";
import { covers, describeAddresses, describePorts, EPHEMERAL_PORTS, portsCover, type Addresses, type Ports } from "./addresses";
import type { Nacl, NetworkModel, Placement, Protocol, RouteEntry, RouteTarget, SecurityGroupRule, Subnet } from "./network-model";

export type Mode = "must" | "may";

/** One end of a path: a placement in the VPC, a network outside it (legacy, the internet), or an AWS service API. */
export type Endpoint =
  | { readonly kind: "placement"; readonly placement: Placement }
  | {
      readonly kind: "network";
      readonly name: string;
      readonly addresses: Addresses;
      /** How it connects to the VPC: through the internet gateway, or through a link (peering, transit gateway, VPN). */
      readonly via: "internet" | "link";
    }
  | { readonly kind: "aws-service"; readonly service: string };

export interface Query {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly protocol: "tcp" | "udp";
  readonly ports: Ports;
  readonly mode: Mode;
}

export interface PathResult {
  readonly reachable: boolean;
  /** The hops of one path that exists (reachable) or of the first attempt that failed (not reachable). */
  readonly hops: readonly string[];
  /** Why the path fails, when it does. */
  readonly blockedAt?: string;
}

export const describeEndpoint = (e: Endpoint): string =>
  e.kind === "placement" ? e.placement.name : e.kind === "network" ? `${e.name} (${describeAddresses(e.addresses)})` : `AWS ${e.service} API`;

const subnetLabel = (s: Subnet) => `${s.path.split("/").slice(1).join("/")} (${s.cidr.text})`;

class Blocked extends Error {}
const fail = (why: string): never => {
  throw new Blocked(why);
};

const protocolMatches = (rule: Protocol | "other", protocol: "tcp" | "udp") => rule === "all" || rule === protocol;

/** First matching NACL rule by rule number decides; the default NACL (none declared) allows everything. */
function naclAllows(nacl: Nacl | undefined, direction: "ingress" | "egress", protocol: "tcp" | "udp", peer: Addresses, ports: Ports, mode: Mode): string | undefined {
  if (!nacl) return "default NACL (allows all)";
  const rules = [...nacl[direction]].sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const rule of rules) {
    if (!protocolMatches(rule.protocol, protocol)) continue;
    const range: Addresses = { kind: "cidr", cidr: rule.cidr };
    // A deny that may touch the traffic blocks a `must` path; an allow must cover it. In `may` mode, an allow that
    // touches it lets some through, and a deny only blocks what it fully covers.
    if (rule.allow) {
      if (portsCover(rule.ports, ports, mode) && covers(range, peer, mode)) return `NACL ${nacl.id} ${direction} rule ${rule.ruleNumber} allows`;
    } else {
      const denies = mode === "must" ? portsCover(rule.ports, ports, "may") && covers(range, peer, "may") : portsCover(rule.ports, ports, "must") && covers(range, peer, "must");
      if (denies) return undefined;
    }
  }
  return undefined;
}

export class ReachabilityAnalyzer {
  constructor(readonly model: NetworkModel) {}

  /** The placements of one kind, or whose name matches. */
  placements(filter: (p: Placement) => boolean): Placement[] {
    return this.model.placements.filter(filter);
  }

  private groupName(id: string): string {
    return this.model.securityGroups.get(id)?.name ?? id;
  }

  private describeRule(rule: SecurityGroupRule): string {
    const peer = rule.peer.kind === "securityGroup" ? `group ${this.groupName(rule.peer.id)}` : describeAddresses(rule.peer.addresses);
    return `${rule.protocol} ${describePorts(rule.ports)} ${peer}`;
  }

  /** A security group rule of `groups` in `direction` that lets the traffic through, described; undefined if none. */
  private securityGroupAllows(
    groups: readonly string[],
    direction: "ingress" | "egress",
    protocol: "tcp" | "udp",
    ports: Ports,
    peer: { addresses: Addresses; groups?: readonly string[] },
    mode: Mode,
  ): string | undefined {
    for (const groupId of groups) {
      const group = this.model.securityGroups.get(groupId);
      for (const rule of group?.[direction] ?? []) {
        if (!protocolMatches(rule.protocol, protocol) || !portsCover(rule.ports, ports, mode)) continue;
        const matches = rule.peer.kind === "securityGroup" ? (peer.groups ?? []).includes(rule.peer.id) : covers(rule.peer.addresses, peer.addresses, mode);
        if (matches) return `security group ${this.groupName(groupId)} ${direction}: ${this.describeRule(rule)}`;
      }
    }
    return undefined;
  }

  /** The route that carries `destination` from a subnet (longest prefix; a gateway endpoint's list for its service). */
  private route(subnet: Subnet, destination: Addresses, mode: Mode): RouteEntry {
    const vpc = this.model.vpcs.get(subnet.vpcId);
    const routes: RouteEntry[] = [...(subnet.routeTable?.routes ?? [])];
    if (vpc) routes.push({ destination: { kind: "cidr", cidr: vpc.cidr }, target: { kind: "local" } });
    if (destination.kind === "prefixList") {
      const listRoute = routes.find((r) => r.destination.kind === "prefixList" && r.destination.name === destination.name);
      if (listRoute) return listRoute;
    }
    const cidrRoutes = routes.filter((r): r is RouteEntry & { destination: { kind: "cidr" } } => r.destination.kind === "cidr");
    const containing = cidrRoutes.filter((r) => covers(r.destination, destination, "must")).sort((a, b) => b.destination.cidr.prefix - a.destination.cidr.prefix);
    const best = containing[0];
    if (!best) {
      const partial = cidrRoutes.find((r) => covers(r.destination, destination, "may"));
      if (mode === "may" && partial) return partial;
      return fail(`no route for ${describeAddresses(destination)} in ${subnet.routeTable?.id ?? "the main route table"} of ${subnetLabel(subnet)}`);
    }
    // A more specific route inside the destination sends part of it elsewhere: not every address takes `best`.
    if (mode === "must" && destination.kind === "cidr") {
      const split = cidrRoutes.find((r) => r.destination.cidr.prefix > destination.cidr.prefix && contains(destination.cidr, r.destination.cidr) && r.target.kind !== best.target.kind);
      if (split) fail(`${split.destination.cidr.text} inside ${destination.cidr.text} is routed to ${split.target.kind}`);
    }
    return best;
  }

  private describeTarget(t: RouteTarget): string {
    return t.kind === "local" ? "local" : `${t.kind} ${t.id}`;
  }

  /** Where a route leaves the VPC to: throws unless the target carries traffic to `destination`. */
  private leaveVpc(source: Placement, subnet: Subnet, destination: Addresses, via: "internet" | "link", protocol: "tcp" | "udp", ports: Ports, mode: Mode, hops: string[]): void {
    const route = this.route(subnet, destination, mode);
    const target = route.target;
    hops.push(`route ${describeAddresses(route.destination)} -> ${this.describeTarget(target)} (${subnetLabel(subnet)})`);
    const vpc = this.model.vpcs.get(subnet.vpcId);
    const isPublic = via === "internet";
    switch (target.kind) {
      case "local":
        return fail(`${describeAddresses(destination)} is inside the VPC: no placement there was named as the destination`);
      case "internet-gateway":
        if (!isPublic) return fail(`the internet gateway does not reach ${describeAddresses(destination)} (private addresses)`);
        if (!source.publicAddress) return fail(`${source.name} has no public address: the internet gateway drops its traffic`);
        hops.push("internet");
        return;
      case "nat-gateway": {
        if (!isPublic) return fail(`the NAT gateway does not reach ${describeAddresses(destination)} (private addresses)`);
        const natSubnet = target.subnet ?? fail(`NAT gateway ${target.id} is in no known subnet`);
        if (!naclAllows(natSubnet.nacl, "ingress", protocol, { kind: "cidr", cidr: subnet.cidr }, ports, mode)) fail(`the NACL of the NAT subnet ${subnetLabel(natSubnet)} drops it`);
        const onward = this.route(natSubnet, destination, mode);
        if (onward.target.kind !== "internet-gateway") fail(`the NAT subnet ${subnetLabel(natSubnet)} routes ${describeAddresses(destination)} to ${onward.target.kind}, not the internet gateway`);
        hops.push(`NAT gateway in ${subnetLabel(natSubnet)} -> internet gateway`, "internet");
        return;
      }
      case "vpc-peering":
        if (!target.exists) return fail(`the route names peering ${target.id}, which no stack creates`);
        if (isPublic) return fail("a peering does not lead to the internet");
        hops.push(`VPC peering ${target.id} -> ${describeAddresses(destination)}`);
        return;
      case "transit-gateway": {
        if (isPublic) return fail("the transit gateway route does not lead to the internet");
        const azs = vpc?.transitGatewayAttachments.get(target.id);
        if (!azs) return fail(`no attachment of this VPC to transit gateway ${target.id}`);
        if (!azs.includes(subnet.az)) return fail(`the attachment to ${target.id} has no subnet in the AZ of ${subnetLabel(subnet)}`);
        hops.push(`transit gateway ${target.id} (attached in this AZ) -> ${describeAddresses(destination)}`);
        return;
      }
      case "vpn-gateway":
        if (isPublic) return fail("the VPN does not lead to the internet");
        if (!vpc?.vpnGateways.includes(target.id)) return fail(`VPN gateway ${target.id} is not attached to this VPC with a VPN connection`);
        hops.push(`VPN gateway ${target.id} -> site-to-site VPN -> ${describeAddresses(destination)}`);
        return;
      case "gateway-endpoint":
        if (destination.kind !== "prefixList" || destination.name !== target.service) return fail(`gateway endpoint ${target.id} only reaches ${target.service}`);
        hops.push(`gateway endpoint ${target.service}`);
        return;
      default:
        return fail(`unknown route target ${target.id}`);
    }
  }

  /** One subnet to one subnet (or out of the VPC): throws Blocked with the reason, or returns the hops. */
  private pair(from: Endpoint, fromSubnet: Subnet | undefined, to: Endpoint, toSubnet: Subnet | undefined, q: Query): string[] {
    const hops: string[] = [];
    const { protocol, ports, mode } = q;
    const toAddresses: Addresses = toSubnet ? { kind: "cidr", cidr: toSubnet.cidr } : to.kind === "network" ? to.addresses : fail("no destination address");
    const fromAddresses: Addresses = fromSubnet ? { kind: "cidr", cidr: fromSubnet.cidr } : from.kind === "network" ? from.addresses : fail("no source address");
    const fromGroups = from.kind === "placement" ? from.placement.securityGroups : [];
    const toGroups = to.kind === "placement" ? to.placement.securityGroups : [];

    if (from.kind === "placement" && fromSubnet) {
      hops.push(`${from.placement.name} in ${subnetLabel(fromSubnet)}`);
      hops.push(
        this.securityGroupAllows(fromGroups, "egress", protocol, ports, { addresses: toAddresses, groups: toGroups }, mode) ??
          fail(`no egress rule of ${fromGroups.map((g) => this.groupName(g)).join(", ") || "(no group)"} allows ${protocol} ${describePorts(ports)} to ${describeEndpoint(to)}`),
      );
      hops.push(naclAllows(fromSubnet.nacl, "egress", protocol, toAddresses, ports, mode) ?? fail(`the NACL of ${subnetLabel(fromSubnet)} drops it outbound`));
      if (!naclAllows(fromSubnet.nacl, "ingress", protocol, toAddresses, EPHEMERAL_PORTS, mode)) fail(`the NACL of ${subnetLabel(fromSubnet)} drops the replies`);
      if (toSubnet) {
        const route = this.route(fromSubnet, toAddresses, mode);
        if (route.target.kind !== "local") fail(`${subnetLabel(toSubnet)} is routed to ${route.target.kind}, not locally`);
        hops.push(`route ${describeAddresses(route.destination)} -> local`);
      } else {
        if (to.kind !== "network") fail("no destination network");
        this.leaveVpc(from.placement, fromSubnet, toAddresses, (to as { via: "internet" | "link" }).via, protocol, ports, mode, hops);
        return hops;
      }
    } else if (toSubnet && to.kind === "placement") {
      // From outside the VPC: it can only arrive through a gateway the destination's subnet routes replies back to.
      hops.push(`${describeEndpoint(from)}`);
      const back = this.route(toSubnet, fromAddresses, mode);
      if (from.kind === "network" && from.via === "internet") {
        if (back.target.kind !== "internet-gateway") fail(`${subnetLabel(toSubnet)} has no route to the internet gateway: the internet cannot reach it`);
        if (!to.placement.publicAddress) fail(`${to.placement.name} has no public address`);
        hops.push(`internet gateway -> ${subnetLabel(toSubnet)} (replies: ${describeAddresses(back.destination)} -> internet gateway)`);
      } else {
        const links = ["vpc-peering", "transit-gateway", "vpn-gateway"];
        if (!links.includes(back.target.kind)) fail(`${subnetLabel(toSubnet)} routes ${describeAddresses(fromAddresses)} to ${back.target.kind}: replies never reach ${describeEndpoint(from)}`);
        if (back.target.kind === "vpc-peering" && !(back.target as { exists: boolean }).exists) fail("the peering does not exist");
        hops.push(`${back.target.kind} -> ${subnetLabel(toSubnet)}`);
      }
    } else {
      fail("neither end is in the VPC");
    }

    // Arrival at the destination placement.
    if (to.kind === "placement" && toSubnet) {
      hops.push(naclAllows(toSubnet.nacl, "ingress", protocol, fromAddresses, ports, mode) ?? fail(`the NACL of ${subnetLabel(toSubnet)} drops it inbound`));
      if (!naclAllows(toSubnet.nacl, "egress", protocol, fromAddresses, EPHEMERAL_PORTS, mode)) fail(`the NACL of ${subnetLabel(toSubnet)} drops the replies`);
      hops.push(
        this.securityGroupAllows(toGroups, "ingress", protocol, ports, { addresses: fromAddresses, groups: fromGroups }, mode) ??
          fail(`no ingress rule of ${toGroups.map((g) => this.groupName(g)).join(", ") || "(no group)"} admits ${protocol} ${describePorts(ports)} from ${describeEndpoint(from)}`),
      );
      hops.push(`${to.placement.name} in ${subnetLabel(toSubnet)}`);
    }
    return hops;
  }

  /** Resolves an AWS service API to where its name leads from inside the VPC: a private-DNS interface endpoint, else public addresses. */
  private serviceEndpoint(service: string): Endpoint {
    const endpoint = this.model.placements.find((p) => p.kind === "interface-endpoint" && p.endpointService === service && p.privateDns);
    if (endpoint) return { kind: "placement", placement: endpoint };
    return { kind: "network", name: `public ${service} endpoint`, addresses: service === "s3" ? { kind: "prefixList", name: "s3" } : { kind: "internet" }, via: "internet" };
  }

  /** The answer for a query: every subnet pair (must) or any (may). */
  check(query: Query): PathResult {
    const to = query.to.kind === "aws-service" ? this.serviceEndpoint(query.to.service) : query.to;
    const fromSubnets: (Subnet | undefined)[] = query.from.kind === "placement" ? query.from.placement.subnets : [undefined];
    const toSubnets: (Subnet | undefined)[] = to.kind === "placement" ? to.placement.subnets : [undefined];
    if (fromSubnets.length === 0 || toSubnets.length === 0) return { reachable: false, hops: [], blockedAt: "an end has no subnets in the synthesized stacks" };
    let firstSuccess: string[] | undefined;
    let firstFailure: { hops: string[]; why: string } | undefined;
    for (const fs of fromSubnets) {
      for (const ts of toSubnets) {
        try {
          const hops = this.pair(query.from, fs, to, ts, query);
          firstSuccess ??= query.to.kind === "aws-service" && to.kind === "placement" ? [...hops.slice(0, -1), `${hops.at(-1)} = AWS ${query.to.service} API`] : hops;
          if (query.mode === "may") return { reachable: true, hops: firstSuccess };
        } catch (err) {
          if (!(err instanceof Blocked)) throw err;
          firstFailure ??= { hops: [], why: err.message };
          if (query.mode === "must") return { reachable: false, hops: firstFailure.hops, blockedAt: `${fs ? subnetLabel(fs) : describeEndpoint(query.from)}: ${err.message}` };
        }
      }
    }
    return firstSuccess && query.mode === "must" ? { reachable: true, hops: firstSuccess } : { reachable: false, hops: [], blockedAt: firstFailure?.why };
  }
}
