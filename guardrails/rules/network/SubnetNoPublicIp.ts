import type { Rule } from "../../rule";
import { bool } from "../../values";

export const SubnetNoPublicIp: Rule = {
  id: "BH-NET-3",
  name: "SubnetNoPublicIp",
  reason: "subnet assigns public IPs on launch (map_public_ip_on_launch)",
  explanation:
    "An instance with a public IP in a public subnet is reachable from the internet as soon as a security group " +
    "allows it. Only the load balancer and NAT gateways face the internet here, and they get their addresses " +
    "explicitly; keep map_public_ip_on_launch false.",
  resourceTypes: ["aws_subnet"],
  check(attributes) {
    return bool(attributes.map_public_ip_on_launch) === true ? "noncompliant" : "compliant";
  },
};
