import { DefaultSecurityGroupClosed } from "../../../guardrails/rules/network/DefaultSecurityGroupClosed";
import { InstanceNoPublicIp } from "../../../guardrails/rules/network/InstanceNoPublicIp";
import { NoWorldIngress } from "../../../guardrails/rules/network/NoWorldIngress";
import { SecurityGroupDescriptions } from "../../../guardrails/rules/network/SecurityGroupDescriptions";
import { SubnetNoPublicIp } from "../../../guardrails/rules/network/SubnetNoPublicIp";
import { VpcFlowLogs } from "../../../guardrails/rules/network/VpcFlowLogs";
import { describeRule } from "../rule-cases";

const vpc = { cidr_block: "10.0.0.0/16" };
const ref = "${aws_vpc.Subject.id}";

describeRule(VpcFlowLogs, {
  compliant: [
    { name: "a flow log of ALL traffic references the VPC", attributes: vpc, others: { aws_flow_log: { Log: { vpc_id: ref, traffic_type: "ALL" } } } },
    { name: "the traffic type is computed", attributes: vpc, others: { aws_flow_log: { Log: { vpc_id: ref, traffic_type: "${var.traffic}" } } } },
  ],
  noncompliant: [
    { name: "no flow log", attributes: vpc },
    { name: "the flow log belongs to another VPC", attributes: vpc, others: { aws_flow_log: { Log: { vpc_id: "${aws_vpc.Other.id}", traffic_type: "ALL" } } } },
    { name: "only rejected traffic", attributes: vpc, others: { aws_flow_log: { Log: { vpc_id: ref, traffic_type: "REJECT" } } } , detail: "only REJECT" },
  ],
});

describeRule(DefaultSecurityGroupClosed, {
  compliant: [
    { name: "the VPC's default group is managed", attributes: vpc, others: { aws_default_security_group: { Default: { vpc_id: ref, ingress: [], egress: [] } } } },
    { name: "the default group has no rules", type: "aws_default_security_group", attributes: { vpc_id: ref, ingress: [], egress: [] } },
  ],
  noncompliant: [
    { name: "the VPC's default group is not managed", attributes: vpc, detail: "no aws_default_security_group" },
    {
      name: "the default group keeps an allow-all egress",
      type: "aws_default_security_group",
      attributes: { vpc_id: ref, ingress: [], egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }] },
      detail: "1 egress rule",
    },
  ],
});

describeRule(SubnetNoPublicIp, {
  compliant: [
    { name: "map_public_ip_on_launch false", attributes: { map_public_ip_on_launch: false } },
    { name: "map_public_ip_on_launch unset (provider default false)", attributes: {} },
  ],
  noncompliant: [
    { name: "map_public_ip_on_launch true", attributes: { map_public_ip_on_launch: true } },
    { name: 'map_public_ip_on_launch "true"', attributes: { map_public_ip_on_launch: "true" } },
  ],
  unresolved: [{ name: "a variable", attributes: { map_public_ip_on_launch: "${var.public}" } }],
});

describeRule(InstanceNoPublicIp, {
  compliant: [
    { name: "launch template without network interfaces", attributes: { image_id: "ami-1" } },
    { name: "launch template interface without a public IP", attributes: { network_interfaces: [{ associate_public_ip_address: "false" }] } },
    { name: "instance without a public IP", type: "aws_instance", attributes: { associate_public_ip_address: false } },
  ],
  noncompliant: [
    { name: "launch template interface with a public IP", attributes: { network_interfaces: [{ associate_public_ip_address: true }] }, detail: "network_interfaces[0]" },
    { name: "instance with a public IP", type: "aws_instance", attributes: { associate_public_ip_address: true } },
  ],
});

const edgeGroup = { description: "edge", tags: { Name: "x-edge", tier: "edge" } };
const appGroup = { description: "app", tags: { Name: "x-app", tier: "app" } };
const world = (port: number, extra: Record<string, unknown> = {}) => ({ ip_protocol: "tcp", from_port: port, to_port: port, cidr_ipv4: "0.0.0.0/0", ...extra });

describeRule(NoWorldIngress, {
  compliant: [
    {
      name: "HTTPS from anywhere to the edge group",
      type: "aws_vpc_security_group_ingress_rule",
      attributes: world(443, { security_group_id: "${aws_security_group.Edge.id}" }),
      others: { aws_security_group: { Edge: edgeGroup } },
    },
    {
      name: "HTTP from anywhere (IPv6) to the edge group",
      type: "aws_vpc_security_group_ingress_rule",
      attributes: { ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv6: "::/0", security_group_id: "${aws_security_group.Edge.id}" },
      others: { aws_security_group: { Edge: edgeGroup } },
    },
    {
      name: "app port from another group",
      type: "aws_vpc_security_group_ingress_rule",
      attributes: { ip_protocol: "tcp", from_port: 8080, to_port: 8080, referenced_security_group_id: "${aws_security_group.Edge.id}", security_group_id: "${aws_security_group.App.id}" },
    },
    { name: "inline ingress from the VPC only", type: "aws_security_group", attributes: { ...appGroup, ingress: [{ protocol: "tcp", from_port: 5432, to_port: 5432, cidr_blocks: ["10.0.0.0/16"] }] } },
    { name: "inline HTTPS from anywhere on the edge group", type: "aws_security_group", attributes: { ...edgeGroup, ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }] } },
  ],
  noncompliant: [
    { name: "SSH from anywhere", type: "aws_vpc_security_group_ingress_rule", attributes: world(22), detail: "tcp 22-22 to 0.0.0.0/0" },
    { name: "all protocols from anywhere", type: "aws_vpc_security_group_ingress_rule", attributes: { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" } },
    { name: "a port range 80-443 from anywhere", type: "aws_vpc_security_group_ingress_rule", attributes: { ip_protocol: "tcp", from_port: 80, to_port: 443, cidr_ipv4: "0.0.0.0/0" } },
    {
      name: "HTTPS from anywhere to a non-edge group",
      type: "aws_vpc_security_group_ingress_rule",
      attributes: world(443, { security_group_id: "${aws_security_group.App.id}" }),
      others: { aws_security_group: { App: appGroup } },
      detail: "not tagged tier=edge",
    },
    { name: "inline database port from anywhere", type: "aws_security_group", attributes: { ...appGroup, ingress: [{ protocol: "tcp", from_port: 5432, to_port: 5432, cidr_blocks: ["0.0.0.0/0"] }] }, detail: "ingress[0]" },
    { name: "inline HTTPS from anywhere on an untagged group", type: "aws_security_group", attributes: { description: "x", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, ipv6_cidr_blocks: ["::/0"] }] } },
    { name: "legacy ingress rule for RDP from anywhere", type: "aws_security_group_rule", attributes: { type: "ingress", protocol: "tcp", from_port: 3389, to_port: 3389, cidr_blocks: ["0.0.0.0/0"] } },
  ],
  notApplicable: [
    { name: "egress-type legacy rule to anywhere", type: "aws_security_group_rule", attributes: { type: "egress", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] } },
  ],
  unresolved: [
    { name: "HTTPS from anywhere to a group in another stack", type: "aws_vpc_security_group_ingress_rule", attributes: world(443, { security_group_id: "${data.terraform_remote_state.prep.outputs.edge}" }) },
    { name: "a computed CIDR", type: "aws_vpc_security_group_ingress_rule", attributes: { ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: "${var.cidr}" } },
  ],
});

describeRule(SecurityGroupDescriptions, {
  compliant: [
    { name: "described group with described inline rules", attributes: { description: "ALB", ingress: [{ description: "HTTPS", protocol: "tcp" }], egress: [] } },
    { name: "described rule resource", type: "aws_vpc_security_group_egress_rule", attributes: { description: "to the database" } },
  ],
  noncompliant: [
    { name: "group without a description", attributes: { name: "x" }, detail: "no description of its own" },
    { name: "group with the provider's default description", attributes: { description: "Managed by Terraform" } },
    { name: "inline rule without a description", attributes: { description: "ALB", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443 }] }, detail: "ingress[0]" },
    { name: "rule resource without a description", type: "aws_vpc_security_group_ingress_rule", attributes: { ip_protocol: "tcp" } },
    { name: "legacy rule resource without a description", type: "aws_security_group_rule", attributes: { type: "ingress" } },
  ],
});
