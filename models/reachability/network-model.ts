// The network as the synthesized stacks declare it, gathered across stacks: subnets and their route tables, routes
// and their targets, NACLs, security groups and their rules, and every placement (a group of network interfaces:
// RDS, DMS, ECS tasks and hosts, the ALB, interface endpoints, the resolver endpoint). References, including other
// stacks' outputs read through terraform_remote_state, are followed by SynthGraph, so a subnet id written in phase2
// and the subnet declared in preparation are the same subnet here.
import type { Cidr } from "../../config/cidr";
import { blocks, SynthGraph, type Node, type SynthStacks } from "../cutover/synth-graph";
import { cidrOf, type Addresses, type Ports } from "./addresses";

export type Protocol = "tcp" | "udp" | "all";

export type RouteTarget =
  | { readonly kind: "local" }
  | { readonly kind: "internet-gateway"; readonly id: string }
  | { readonly kind: "nat-gateway"; readonly id: string; readonly subnet?: Subnet }
  | { readonly kind: "vpc-peering"; readonly id: string; readonly exists: boolean }
  | { readonly kind: "transit-gateway"; readonly id: string }
  | { readonly kind: "vpn-gateway"; readonly id: string }
  | { readonly kind: "gateway-endpoint"; readonly id: string; readonly service: string }
  | { readonly kind: "unknown"; readonly id: string };

export interface RouteEntry {
  readonly destination: Addresses;
  readonly target: RouteTarget;
}

export interface RouteTableModel {
  readonly id: string;
  readonly routes: RouteEntry[];
}

export interface NaclRule {
  readonly ruleNumber: number;
  readonly allow: boolean;
  readonly protocol: Protocol | "other";
  readonly ports: Ports;
  readonly cidr: Cidr;
}

export interface Nacl {
  readonly id: string;
  readonly ingress: NaclRule[];
  readonly egress: NaclRule[];
}

export interface Subnet {
  readonly id: string;
  /** e.g. `staging-preparation/Network/Isolated/Subnet0` */
  readonly path: string;
  readonly cidr: Cidr;
  readonly vpcId: string;
  /** The availability zone expression (equal for subnets in the same AZ). */
  readonly az: string;
  /** Undefined: the VPC's main route table (local routes only; nothing here changes it). */
  routeTable?: RouteTableModel;
  /** Undefined: the VPC's default NACL, which allows everything. */
  nacl?: Nacl;
}

export type Peer = { readonly kind: "addresses"; readonly addresses: Addresses } | { readonly kind: "securityGroup"; readonly id: string };

export interface SecurityGroupRule {
  readonly protocol: Protocol | "other";
  readonly ports: Ports;
  readonly peer: Peer;
  readonly description?: string;
}

export interface SecurityGroupModel {
  readonly id: string;
  readonly name: string;
  readonly ingress: SecurityGroupRule[];
  readonly egress: SecurityGroupRule[];
}

export type PlacementKind = "database" | "dms" | "service" | "ecs-hosts" | "load-balancer" | "interface-endpoint" | "resolver-endpoint";

/** A group of network interfaces that share subnets and security groups. */
export interface Placement {
  readonly name: string;
  readonly kind: PlacementKind;
  readonly subnets: Subnet[];
  readonly securityGroups: string[];
  /** Whether its interfaces have public addresses (internet-facing ALB, publicly accessible RDS/DMS, public IP). */
  readonly publicAddress: boolean;
  /** Interface endpoints: the AWS service suffix (`ecr.api`) and whether private DNS sends the service's name to it. */
  readonly endpointService?: string;
  readonly privateDns?: boolean;
}

/** Another network reached through the VPC's links: the legacy network (peering, transit gateway, VPN). */
export interface VpcModel {
  readonly id: string;
  readonly cidr: Cidr;
  readonly peerings: string[];
  /** transit gateway id -> the AZ expressions of the attachment's subnets */
  readonly transitGatewayAttachments: Map<string, string[]>;
  /** VPN gateway ids attached to the VPC that have a VPN connection */
  readonly vpnGateways: string[];
}

export interface NetworkModel {
  readonly vpcs: Map<string, VpcModel>;
  readonly subnets: Map<string, Subnet>;
  readonly securityGroups: Map<string, SecurityGroupModel>;
  readonly placements: Placement[];
}

const protocolOf = (p: unknown): Protocol | "other" => {
  const text = String(p).toLowerCase();
  if (text === "-1" || text === "all") return "all";
  if (text === "tcp" || text === "6") return "tcp";
  if (text === "udp" || text === "17") return "udp";
  return "other";
};
const portsOf = (protocol: Protocol | "other", from: unknown, to: unknown): Ports =>
  protocol === "all" || from === undefined ? { from: 0, to: 65535 } : { from: Number(from), to: Number(to ?? from) };
const pathOf = (node: Node): string => String(node.body["//"]?.metadata?.path ?? `${node.stack}/${node.type}.${node.name}`);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** Builds the model. Pure: the same JSON gives the same model. */
export function networkModel(stacks: SynthStacks): NetworkModel {
  const graph = new SynthGraph(stacks);
  const id = (node: Node) => `${node.stack}/${node.type}.${node.name}`;
  /** The node a value refers to, as an id (`stack/type.name`), or the literal itself. */
  const ref = (stack: string, value: unknown): string => {
    const node = graph.nodeOf(stack, value);
    return node ? id(node) : String(value);
  };

  const vpcs = new Map<string, VpcModel>();
  for (const node of graph.nodes("aws_vpc")) {
    const block = cidrOf(node.body.cidr_block);
    if (block) vpcs.set(id(node), { id: id(node), cidr: block, peerings: [], transitGatewayAttachments: new Map(), vpnGateways: [] });
  }
  const peeringIds = new Set<string>();
  for (const node of graph.nodes("aws_vpc_peering_connection")) {
    peeringIds.add(id(node));
    vpcs.get(ref(node.stack, node.body.vpc_id))?.peerings.push(id(node));
  }

  const subnets = new Map<string, Subnet>();
  for (const node of graph.nodes("aws_subnet")) {
    const block = cidrOf(node.body.cidr_block);
    if (!block) continue;
    subnets.set(id(node), { id: id(node), path: pathOf(node), cidr: block, vpcId: ref(node.stack, node.body.vpc_id), az: String(node.body.availability_zone) });
  }
  const subnetsOf = (stack: string, values: unknown): Subnet[] =>
    list(values).flatMap((v) => {
      const s = subnets.get(ref(stack, v));
      return s ? [s] : [];
    });

  for (const node of graph.nodes("aws_ec2_transit_gateway_vpc_attachment")) {
    const vpc = vpcs.get(ref(node.stack, node.body.vpc_id));
    vpc?.transitGatewayAttachments.set(String(node.body.transit_gateway_id), subnetsOf(node.stack, node.body.subnet_ids).map((s) => s.az));
  }
  const vpnConnected = new Set(graph.nodes("aws_vpn_connection").map((n) => ref(n.stack, n.body.vpn_gateway_id)));
  for (const node of graph.nodes("aws_vpn_gateway")) {
    if (vpnConnected.has(id(node))) vpcs.get(ref(node.stack, node.body.vpc_id))?.vpnGateways.push(id(node));
  }

  // Route tables, their routes and the subnets associated with them.
  const natSubnets = new Map<string, Subnet | undefined>();
  for (const node of graph.nodes("aws_nat_gateway")) natSubnets.set(id(node), subnets.get(ref(node.stack, node.body.subnet_id)));
  const tables = new Map<string, RouteTableModel>();
  for (const node of graph.nodes("aws_route_table")) tables.set(id(node), { id: id(node), routes: [] });
  const targetOf = (stack: string, body: Record<string, any>): RouteTarget => {
    if (body.nat_gateway_id) {
      const natId = ref(stack, body.nat_gateway_id);
      return { kind: "nat-gateway", id: natId, subnet: natSubnets.get(natId) };
    }
    if (body.vpc_peering_connection_id) {
      const peering = ref(stack, body.vpc_peering_connection_id);
      return { kind: "vpc-peering", id: peering, exists: peeringIds.has(peering) };
    }
    if (body.transit_gateway_id) return { kind: "transit-gateway", id: String(body.transit_gateway_id) };
    if (body.gateway_id) {
      const gateway = graph.nodeOf(stack, body.gateway_id);
      if (gateway?.type === "aws_internet_gateway") return { kind: "internet-gateway", id: id(gateway) };
      if (gateway?.type === "aws_vpn_gateway") return { kind: "vpn-gateway", id: id(gateway) };
    }
    return { kind: "unknown", id: JSON.stringify(body) };
  };
  for (const node of graph.nodes("aws_route")) {
    const table = tables.get(ref(node.stack, node.body.route_table_id));
    const destination = cidrOf(node.body.destination_cidr_block);
    if (table && destination) table.routes.push({ destination: { kind: "cidr", cidr: destination }, target: targetOf(node.stack, node.body) });
  }
  for (const node of graph.nodes("aws_route_table")) {
    for (const inline of blocks(node.body.route)) {
      const destination = cidrOf(inline.cidr_block);
      if (destination) tables.get(id(node))!.routes.push({ destination: { kind: "cidr", cidr: destination }, target: targetOf(node.stack, inline) });
    }
  }
  // Gateway endpoints add a route to the service's prefix list in each table they name.
  for (const node of graph.nodes("aws_vpc_endpoint")) {
    if (node.body.vpc_endpoint_type !== "Gateway") continue;
    const service = String(node.body.service_name).split(".").at(-1)!;
    for (const t of list(node.body.route_table_ids)) {
      tables.get(ref(node.stack, t))?.routes.push({ destination: { kind: "prefixList", name: service }, target: { kind: "gateway-endpoint", id: id(node), service } });
    }
  }
  for (const node of graph.nodes("aws_route_table_association")) {
    const subnet = subnets.get(ref(node.stack, node.body.subnet_id));
    const table = tables.get(ref(node.stack, node.body.route_table_id));
    if (subnet && table) subnet.routeTable = table;
  }

  // NACLs (none today: every subnet keeps the default, allow-all NACL; modelled so that adding one is checked).
  const naclRule = (r: Record<string, any>): NaclRule | undefined => {
    const block = cidrOf(r.cidr_block);
    if (!block) return undefined;
    const protocol = protocolOf(r.protocol);
    return { ruleNumber: Number(r.rule_no ?? r.rule_number), allow: String(r.action ?? r.rule_action) === "allow", protocol, ports: portsOf(protocol, r.from_port, r.to_port), cidr: block };
  };
  const nacls = new Map<string, Nacl>();
  for (const node of graph.nodes("aws_network_acl")) {
    const nacl: Nacl = {
      id: id(node),
      ingress: blocks(node.body.ingress).flatMap((r) => naclRule(r) ?? []),
      egress: blocks(node.body.egress).flatMap((r) => naclRule(r) ?? []),
    };
    nacls.set(id(node), nacl);
    for (const s of subnetsOf(node.stack, node.body.subnet_ids)) s.nacl = nacl;
  }
  for (const node of graph.nodes("aws_network_acl_rule")) {
    const nacl = nacls.get(ref(node.stack, node.body.network_acl_id));
    const rule = naclRule(node.body);
    if (nacl && rule) (node.body.egress ? nacl.egress : nacl.ingress).push(rule);
  }
  for (const node of graph.nodes("aws_network_acl_association")) {
    const nacl = nacls.get(ref(node.stack, node.body.network_acl_id));
    const subnet = subnets.get(ref(node.stack, node.body.subnet_id));
    if (nacl && subnet) subnet.nacl = nacl;
  }

  // Security groups. Terraform's aws_security_group removes the allow-all egress rule AWS adds to a new group, so a
  // group has exactly the rules declared here (inline blocks and separate rule resources).
  const prefixListName = (stack: string, value: unknown): string => {
    const node = graph.nodeOf(stack, value);
    if (node?.type === "data.aws_ec2_managed_prefix_list" && String(node.body.name).includes("cloudfront.origin-facing")) return "cloudfront-origin-facing";
    if (node?.type === "aws_vpc_endpoint") return String(node.body.service_name).split(".").at(-1)!;
    return node ? id(node) : String(value);
  };
  const groups = new Map<string, SecurityGroupModel>();
  for (const node of graph.nodes("aws_security_group")) {
    const group: SecurityGroupModel = { id: id(node), name: String(node.body.tags?.Name ?? node.body.name ?? node.body.name_prefix ?? node.name), ingress: [], egress: [] };
    groups.set(id(node), group);
    for (const [direction, rules] of [["ingress", group.ingress], ["egress", group.egress]] as const) {
      for (const r of blocks(node.body[direction])) {
        const protocol = protocolOf(r.protocol);
        const ports = portsOf(protocol, r.from_port, r.to_port);
        const peers: Peer[] = [
          ...list(r.cidr_blocks).flatMap((c) => (cidrOf(c) ? [{ kind: "addresses", addresses: { kind: "cidr", cidr: cidrOf(c)! } } as Peer] : [])),
          ...list(r.security_groups).map((g): Peer => ({ kind: "securityGroup", id: ref(node.stack, g) })),
          ...list(r.prefix_list_ids).map((p): Peer => ({ kind: "addresses", addresses: { kind: "prefixList", name: prefixListName(node.stack, p) } })),
          ...(r.self ? [{ kind: "securityGroup", id: id(node) } as Peer] : []),
        ];
        for (const peer of peers) rules.push({ protocol, ports, peer, description: r.description });
      }
    }
  }
  const addRule = (stack: string, groupRef: unknown, direction: "ingress" | "egress", body: Record<string, any>, peerValue: Peer | undefined) => {
    const group = groups.get(ref(stack, groupRef));
    if (!group || !peerValue) return;
    const protocol = protocolOf(body.ip_protocol ?? body.protocol);
    group[direction].push({ protocol, ports: portsOf(protocol, body.from_port, body.to_port), peer: peerValue, description: body.description });
  };
  const peerOf = (stack: string, body: Record<string, any>, sgField: string, cidrField: string, prefixField: string): Peer | undefined => {
    if (body[sgField]) return { kind: "securityGroup", id: ref(stack, body[sgField]) };
    if (body[prefixField]) return { kind: "addresses", addresses: { kind: "prefixList", name: prefixListName(stack, body[prefixField]) } };
    const block = cidrOf(list(body[cidrField])[0]);
    return block ? { kind: "addresses", addresses: { kind: "cidr", cidr: block } } : undefined;
  };
  for (const direction of ["ingress", "egress"] as const) {
    for (const node of graph.nodes(`aws_vpc_security_group_${direction}_rule`)) {
      addRule(node.stack, node.body.security_group_id, direction, node.body, peerOf(node.stack, node.body, "referenced_security_group_id", "cidr_ipv4", "prefix_list_id"));
    }
  }
  for (const node of graph.nodes("aws_security_group_rule")) {
    const direction = node.body.type === "egress" ? "egress" : "ingress";
    for (const block of list(node.body.cidr_blocks)) {
      addRule(node.stack, node.body.security_group_id, direction, node.body, peerOf(node.stack, { cidr_blocks: [block] }, "x", "cidr_blocks", "x"));
    }
    if (node.body.source_security_group_id) addRule(node.stack, node.body.security_group_id, direction, node.body, { kind: "securityGroup", id: ref(node.stack, node.body.source_security_group_id) });
    for (const p of list(node.body.prefix_list_ids)) {
      addRule(node.stack, node.body.security_group_id, direction, node.body, { kind: "addresses", addresses: { kind: "prefixList", name: prefixListName(node.stack, p) } });
    }
  }

  // Placements.
  const sgs = (stack: string, values: unknown) => list(values).map((v) => ref(stack, v));
  const placements: Placement[] = [];
  for (const node of graph.nodes("aws_db_instance")) {
    const group = graph.nodeOf(node.stack, node.body.db_subnet_group_name);
    placements.push({
      name: `RDS ${node.body.identifier}`,
      kind: "database",
      subnets: group ? subnetsOf(group.stack, group.body.subnet_ids) : [],
      securityGroups: sgs(node.stack, node.body.vpc_security_group_ids),
      publicAddress: node.body.publicly_accessible === true,
    });
  }
  for (const node of graph.nodes("aws_dms_replication_instance")) {
    const group = graph.nodeOf(node.stack, node.body.replication_subnet_group_id);
    placements.push({
      name: `DMS ${node.body.replication_instance_id}`,
      kind: "dms",
      subnets: group ? subnetsOf(group.stack, group.body.subnet_ids) : [],
      securityGroups: sgs(node.stack, node.body.vpc_security_group_ids),
      // The provider's default is true: a replication instance is public unless told otherwise.
      publicAddress: node.body.publicly_accessible !== false,
    });
  }
  for (const node of graph.nodes("aws_ecs_service")) {
    const net = blocks(node.body.network_configuration)[0];
    if (!net) continue;
    placements.push({
      name: `service ${node.body.name}`,
      kind: "service",
      subnets: subnetsOf(node.stack, net.subnets),
      securityGroups: sgs(node.stack, net.security_groups),
      publicAddress: net.assign_public_ip === true,
    });
  }
  const templates = new Map(graph.nodes("aws_launch_template").map((n) => [id(n), n]));
  for (const node of graph.nodes("aws_autoscaling_group")) {
    const templateRef = blocks(node.body.launch_template)[0]?.id ?? blocks(blocks(node.body.mixed_instances_policy)[0]?.launch_template)[0]?.launch_template_specification?.[0]?.launch_template_id;
    const template = templates.get(ref(node.stack, templateRef)) ?? [...templates.values()].find((t) => t.stack === node.stack);
    const nic = blocks(template?.body.network_interfaces)[0];
    placements.push({
      name: "ECS hosts (the agent pulls images, ships logs, reads secrets)",
      kind: "ecs-hosts",
      subnets: subnetsOf(node.stack, node.body.vpc_zone_identifier),
      securityGroups: template ? sgs(template.stack, nic?.security_groups ?? template.body.vpc_security_group_ids) : [],
      publicAddress: String(nic?.associate_public_ip_address) === "true",
    });
  }
  for (const node of graph.nodes("aws_lb")) {
    placements.push({
      name: `load balancer ${node.body.name ?? node.name}`,
      kind: "load-balancer",
      subnets: subnetsOf(node.stack, node.body.subnets),
      securityGroups: sgs(node.stack, node.body.security_groups),
      publicAddress: node.body.internal !== true,
    });
  }
  for (const node of graph.nodes("aws_vpc_endpoint")) {
    if (node.body.vpc_endpoint_type !== "Interface") continue;
    const service = String(node.body.service_name).split(".").slice(3).join(".");
    placements.push({
      name: `endpoint ${service}`,
      kind: "interface-endpoint",
      subnets: subnetsOf(node.stack, node.body.subnet_ids),
      securityGroups: sgs(node.stack, node.body.security_group_ids),
      publicAddress: false,
      endpointService: service,
      privateDns: node.body.private_dns_enabled === true,
    });
  }
  for (const node of graph.nodes("aws_route53_resolver_endpoint")) {
    placements.push({
      name: `resolver endpoint ${node.body.name}`,
      kind: "resolver-endpoint",
      subnets: blocks(node.body.ip_address).flatMap((a) => subnetsOf(node.stack, a.subnet_id)),
      securityGroups: sgs(node.stack, node.body.security_group_ids),
      publicAddress: false,
    });
  }
  return { vpcs, subnets, securityGroups: groups, placements };
}
