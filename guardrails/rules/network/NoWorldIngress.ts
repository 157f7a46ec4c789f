import { findings, type Rule } from "../../rule";
import type { StackView } from "../../stack-view";
import { blocks, num, str, strings, UNKNOWN, type Block } from "../../values";

/** Ports the internet may reach, and only on the edge (load balancer) security group. */
export const WORLD_PORTS = [80, 443] as const;
/** The tag that marks the internet-facing security group (constructs/network/security-groups.ts sets it). */
export const EDGE_TAG = { key: "tier", value: "edge" } as const;

const WORLD = ["0.0.0.0/0", "::/0"];

interface Ingress {
  readonly where: string;
  readonly cidrs: string[] | typeof UNKNOWN;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

/** Why this world-open ingress is not acceptable, or undefined when it is (or cannot be judged). */
function problem(rule: Ingress, isEdge: boolean | undefined): string | undefined {
  if (rule.cidrs === UNKNOWN) return undefined;
  const open = rule.cidrs.filter((c) => WORLD.includes(c));
  if (open.length === 0) return undefined;
  const protocol = str(rule.protocol);
  const from = num(rule.fromPort);
  const to = num(rule.toPort);
  if (protocol === UNKNOWN || from === UNKNOWN || to === UNKNOWN) return undefined;
  const singleWebPort = (protocol === "tcp" || protocol === "6") && from === to && (WORLD_PORTS as readonly number[]).includes(from ?? -1);
  const what = `${rule.where} opens ${protocol ?? "?"} ${from ?? "?"}-${to ?? "?"} to ${open.join(", ")}`;
  if (!singleWebPort) return `${what}; only tcp ${WORLD_PORTS.join(" or ")} may be open to the world`;
  if (isEdge === false) return `${what} on a security group not tagged ${EDGE_TAG.key}=${EDGE_TAG.value}`;
  return undefined;
}

function isEdgeGroup(group: Block | undefined): boolean | undefined {
  if (!group) return undefined;
  const tags = group.tags as Record<string, unknown> | undefined;
  const tier = str(tags?.[EDGE_TAG.key]);
  return tier === UNKNOWN ? undefined : tier === EDGE_TAG.value;
}

function groupOf(stack: StackView, securityGroupId: unknown): Block | undefined {
  return stack.referencedResource(securityGroupId, ["aws_security_group"])?.attributes;
}

export const NoWorldIngress: Rule = {
  id: "BH-NET-5",
  name: "NoWorldIngress",
  reason: "security group allows ingress from anywhere (0.0.0.0/0 or ::/0)",
  explanation:
    "Only the internet-facing edge may be reached from the whole internet, and only on HTTP (to redirect) and " +
    `HTTPS. Every other tier is reached by security group reference. World ingress is allowed for tcp 80 and 443 ` +
    `on a security group tagged ${EDGE_TAG.key}=${EDGE_TAG.value}, nowhere else.`,
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(attributes, { stack, type }) {
    switch (type) {
      case "aws_security_group": {
        const ingress = blocks(attributes.ingress);
        if (ingress === UNKNOWN) return "not-applicable";
        const edge = isEdgeGroup(attributes);
        return findings(
          ...ingress.map((r, i) => {
            const v4 = strings(r.cidr_blocks);
            const v6 = strings(r.ipv6_cidr_blocks);
            const cidrs = v4 === UNKNOWN || v6 === UNKNOWN ? UNKNOWN : [...v4, ...v6];
            return problem({ where: `ingress[${i}]`, cidrs, protocol: r.protocol, fromPort: r.from_port, toPort: r.to_port }, edge);
          }),
        );
      }
      case "aws_security_group_rule": {
        if (str(attributes.type) !== "ingress") return "not-applicable";
        const v4 = strings(attributes.cidr_blocks);
        const v6 = strings(attributes.ipv6_cidr_blocks);
        const cidrs = v4 === UNKNOWN || v6 === UNKNOWN ? UNKNOWN : [...v4, ...v6];
        const edge = isEdgeGroup(groupOf(stack, attributes.security_group_id));
        return findings(problem({ where: "rule", cidrs, protocol: attributes.protocol, fromPort: attributes.from_port, toPort: attributes.to_port }, edge));
      }
      default: {
        const cidrs = strings([attributes.cidr_ipv4, attributes.cidr_ipv6].filter((c) => c !== undefined));
        const edge = isEdgeGroup(groupOf(stack, attributes.security_group_id));
        return findings(problem({ where: "rule", cidrs, protocol: attributes.ip_protocol, fromPort: attributes.from_port, toPort: attributes.to_port }, edge));
      }
    }
  },
};
