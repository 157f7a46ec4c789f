import { findings, type Rule } from "../../rule";
import { blocks, UNKNOWN } from "../../values";

export const DefaultSecurityGroupClosed: Rule = {
  id: "BH-NET-2",
  name: "DefaultSecurityGroupClosed",
  reason: "the VPC's default security group is not managed with no rules",
  explanation:
    "AWS creates every VPC's default security group allowing all traffic between its members and all egress; " +
    "anything launched without an explicit group lands in it. Manage it with aws_default_security_group and no " +
    "ingress or egress, so nothing can use it by accident.",
  resourceTypes: ["aws_vpc", "aws_default_security_group"],
  check(attributes, { stack, type, address }) {
    if (type === "aws_vpc") {
      return stack.referencing("aws_default_security_group", "vpc_id", address).length > 0 ? "compliant" : [{ detail: "no aws_default_security_group for this VPC" }];
    }
    const ingress = blocks(attributes.ingress);
    const egress = blocks(attributes.egress);
    if (ingress === UNKNOWN || egress === UNKNOWN) return "not-applicable";
    return findings(ingress.length > 0 && `${ingress.length} ingress rule(s)`, egress.length > 0 && `${egress.length} egress rule(s)`);
  },
};
