import { Testing } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Network } from "../../../constructs/network/network";
import "../../cdktf-matchers";

function synthNetwork(natGateways: "single" | "perAz") {
  return Testing.synthScope((scope) => {
    new Network(scope, "Network", {
      namePrefix: "bh-test",
      cidr: "10.0.0.0/16",
      azCount: 3,
      publicSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
      privateSubnetCidrs: ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"],
      isolatedSubnetCidrs: ["10.0.8.0/24", "10.0.9.0/24", "10.0.10.0/24"],
      natGateways,
      flowLogRetentionDays: 30,
      logKmsKeyArn: "arn:aws:kms:eu-west-2:111111111111:key/test",
    });
  });
}

describe("Network", () => {
  let single: string;
  let perAz: string;
  beforeAll(() => {
    single = synthNetwork("single");
    perAz = synthNetwork("perAz");
  });
  const parsed = (s: string) => JSON.parse(s);

  test("creates three subnets per tier, in the configured CIDRs, none mapping public IPs", () => {
    const subnets = Object.values<any>(parsed(single).resource.aws_subnet);
    expect(subnets).toHaveLength(9);
    expect(subnets.map((s) => s.cidr_block).sort()).toEqual(
      ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20", "10.0.8.0/24", "10.0.9.0/24", "10.0.10.0/24"].sort(),
    );
    expect(subnets.filter((s) => s.map_public_ip_on_launch === true)).toHaveLength(0);
  });

  test("isolated subnets have no route to the internet", () => {
    const routes = Object.values<any>(parsed(single).resource.aws_route);
    const isolatedTable = Object.keys(parsed(single).resource.aws_route_table).find((k) => k.includes("Isolated"));
    expect(routes.filter((r) => String(r.route_table_id).includes(isolatedTable!))).toHaveLength(0);
  });

  test("single NAT mode creates one gateway that every private subnet routes through", () => {
    expect(Object.keys(parsed(single).resource.aws_nat_gateway)).toHaveLength(1);
    const privateRoutes = Object.values<any>(parsed(single).resource.aws_route).filter((r) => r.nat_gateway_id);
    expect(new Set(privateRoutes.map((r) => r.nat_gateway_id)).size).toBe(1);
    expect(privateRoutes).toHaveLength(3);
  });

  test("per-AZ NAT mode creates one gateway per AZ", () => {
    expect(Object.keys(parsed(perAz).resource.aws_nat_gateway)).toHaveLength(3);
  });

  test("empties the default security group", () => {
    expect(single).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
  });

  test("logs all traffic to a KMS-encrypted log group with the configured retention", () => {
    expect(single).toHaveResourceWithProperties(FlowLog, { traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(single).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/bh-test/vpc-flow-logs",
      retention_in_days: 30,
      kms_key_id: "arn:aws:kms:eu-west-2:111111111111:key/test",
    });
  });

  test("the flow log role may only write to its own log group", () => {
    const policy = JSON.parse(Object.values<any>(parsed(single).resource.aws_iam_role_policy)[0].policy);
    expect(policy.Statement[0].Resource).toMatch(/^\$\{aws_cloudwatch_log_group\.Network_FlowLogGroup_[A-F0-9]+\.arn\}:\*$/);
  });
});
