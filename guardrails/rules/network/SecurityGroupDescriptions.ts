import { findings, type Rule } from "../../rule";
import { blocks, isSet, str, UNKNOWN } from "../../values";

/** What the provider fills in when a group has no description. */
const PROVIDER_DEFAULT_DESCRIPTION = "Managed by Terraform";

export const SecurityGroupDescriptions: Rule = {
  id: "BH-NET-6",
  name: "SecurityGroupDescriptions",
  reason: "security group or rule has no description",
  explanation:
    "During an incident the description is what tells a responder why a port is open and who needs it; a rule " +
    "nobody can explain is a rule nobody dares remove. Describe every group (not the provider default) and rule.",
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  check(attributes, { type }) {
    if (type !== "aws_security_group") return isSet(attributes.description) ? "compliant" : "noncompliant";
    const description = str(attributes.description);
    const inline = (["ingress", "egress"] as const).flatMap((direction) => {
      const list = blocks(attributes[direction]);
      return list === UNKNOWN ? [] : list.map((r, i) => !isSet(r.description) && `${direction}[${i}] has no description`);
    });
    return findings(
      (description === undefined || description === PROVIDER_DEFAULT_DESCRIPTION) && "the group has no description of its own",
      ...inline,
    );
  },
};
