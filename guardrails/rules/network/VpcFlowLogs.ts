import type { Rule } from "../../rule";
import { str } from "../../values";

export const VpcFlowLogs: Rule = {
  id: "BH-NET-1",
  name: "VpcFlowLogs",
  reason: "VPC has no flow log recording ALL traffic in this stack",
  explanation:
    "Flow logs are the only record of who talked to what inside the VPC; incident response and the migration's " +
    "traffic checks need accepted and rejected flows. Add an aws_flow_log with vpc_id = this VPC and traffic_type ALL.",
  resourceTypes: ["aws_vpc"],
  check(_attributes, { stack, address }) {
    const logs = stack.referencing("aws_flow_log", "vpc_id", address);
    if (logs.length === 0) return "noncompliant";
    // A flow log whose traffic type is computed cannot be judged; one that records only part of the traffic can.
    return logs.some((l) => str(l.attributes.traffic_type) !== "ACCEPT" && str(l.attributes.traffic_type) !== "REJECT")
      ? "compliant"
      : [{ detail: `only ${String(logs[0].attributes.traffic_type)} traffic is recorded` }];
  },
};
