import { findings, type Rule } from "../../rule";
import { blocks, bool, UNKNOWN } from "../../values";

export const InstanceNoPublicIp: Rule = {
  id: "BH-NET-4",
  name: "InstanceNoPublicIp",
  reason: "instance or launch template associates a public IP address",
  explanation:
    "ECS container instances run in private subnets and reach the internet through NAT; a public address makes " +
    "them directly reachable and bypasses the ALB and CloudFront in front of the services.",
  resourceTypes: ["aws_launch_template", "aws_instance"],
  check(attributes, { type }) {
    if (type === "aws_instance") return bool(attributes.associate_public_ip_address) === true ? "noncompliant" : "compliant";
    const interfaces = blocks(attributes.network_interfaces);
    if (interfaces === UNKNOWN) return "not-applicable";
    return findings(
      ...interfaces.map((ni, i) => bool(ni.associate_public_ip_address) === true && `network_interfaces[${i}].associate_public_ip_address is true`),
    );
  },
};
