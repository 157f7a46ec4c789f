// The IAM policy evaluator's own semantics, one documented rule per test, so the PassRole tests stand on it.
import { evaluate, evaluateWithBoundary, type PolicyDocument, type Request } from "../../../models/iam/policy-evaluator";

const doc = (...Statement: PolicyDocument["Statement"][]): PolicyDocument => ({ Statement: Statement.flat() as PolicyDocument["Statement"] });
const ROLE = "arn:aws:iam::111111111111:role/braveheart-staging-orders-task";
const pass = (resource: string, service?: string): Request => ({ action: "iam:PassRole", resource, context: service ? { "iam:PassedToService": service } : {} });

describe("IAM policy evaluator", () => {
  test("nothing applies: implicit deny; an Allow applies: allow; an explicit Deny beats any Allow", () => {
    const allow = { Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" };
    const deny = { Effect: "Deny" as const, Action: "s3:*", Resource: "arn:aws:s3:::state/*" };
    expect(evaluate([], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" })).toBe("ImplicitDeny");
    expect(evaluate([doc(allow)], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" })).toBe("Allow");
    expect(evaluate([doc(allow), doc(deny)], { action: "s3:GetObject", resource: "arn:aws:s3:::state/k" })).toBe("ExplicitDeny");
  });

  test("actions: case-insensitive, * and ? wildcards; NotAction matches every action it does not name", () => {
    expect(evaluate([doc({ Effect: "Allow", Action: "IAM:pass*", Resource: "*" })], pass(ROLE))).toBe("Allow");
    expect(evaluate([doc({ Effect: "Allow", Action: "iam:?assRole", Resource: "*" })], pass(ROLE))).toBe("Allow");
    expect(evaluate([doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" })], pass(ROLE))).toBe("ImplicitDeny");
    expect(evaluate([doc({ Effect: "Allow", NotAction: ["s3:*"], Resource: "*" })], pass(ROLE))).toBe("Allow");
  });

  test("resources: case-sensitive wildcards; NotResource matches every resource it does not name", () => {
    expect(evaluate([doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/braveheart-staging-*" })], pass(ROLE))).toBe("Allow");
    expect(evaluate([doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/BRAVEHEART-*" })], pass(ROLE))).toBe("ImplicitDeny");
    expect(evaluate([doc({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::*:role/admin" })], pass(ROLE))).toBe("Allow");
    expect(evaluate([doc({ Effect: "Allow", Action: "iam:PassRole", NotResource: ROLE })], pass(ROLE))).toBe("ImplicitDeny");
  });

  test("conditions: StringEquals/StringLike/ArnLike; every key must hold, values are ORed; a missing key fails", () => {
    const statement = (Condition: any) => doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition });
    const services = { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"] } };
    expect(evaluate([statement(services)], pass(ROLE, "ec2.amazonaws.com"))).toBe("Allow");
    expect(evaluate([statement(services)], pass(ROLE, "lambda.amazonaws.com"))).toBe("ImplicitDeny");
    expect(evaluate([statement(services)], pass(ROLE))).toBe("ImplicitDeny");
    expect(evaluate([statement({ StringLike: { "iam:passedtoservice": "dms.*.amazonaws.com" } })], pass(ROLE, "dms.eu-west-2.amazonaws.com"))).toBe("Allow");
    const arn = { ArnLike: { "aws:SourceArn": "arn:aws:ecs:*:111111111111:cluster/*" } };
    const request = (source: string): Request => ({ ...pass(ROLE), context: { "aws:SourceArn": source } });
    expect(evaluate([statement(arn)], request("arn:aws:ecs:eu-west-2:111111111111:cluster/main"))).toBe("Allow");
    // ArnLike compares the six parts separately: `*` in the region part does not swallow the account
    expect(evaluate([statement(arn)], request("arn:aws:ecs:eu-west-2:222222222222:cluster/main"))).toBe("ImplicitDeny");
    expect(evaluate([statement({ ...services, StringLike: { "aws:SourceArn": "x" } })], pass(ROLE, "ec2.amazonaws.com"))).toBe("ImplicitDeny");
  });

  test("negated operators hold when the key is missing", () => {
    const statement = doc({ Effect: "Deny", Action: "kms:Decrypt", Resource: "*", Condition: { StringNotEquals: { "kms:ViaService": "s3.eu-west-2.amazonaws.com" } } });
    expect(evaluate([statement], { action: "kms:Decrypt", resource: "k" })).toBe("ExplicitDeny");
    expect(evaluate([statement], { action: "kms:Decrypt", resource: "k", context: { "kms:ViaService": "s3.eu-west-2.amazonaws.com" } })).toBe("ImplicitDeny");
  });

  test("a permissions boundary: the intersection of identity and boundary, and a Deny in either wins", () => {
    const identity = [doc({ Effect: "Allow", Action: "*", Resource: "*" })];
    const boundary = doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" });
    expect(evaluateWithBoundary(identity, boundary, { action: "s3:GetObject", resource: "b" })).toBe("Allow");
    expect(evaluateWithBoundary(identity, boundary, { action: "ec2:RunInstances", resource: "i" })).toBe("ImplicitDeny");
    expect(evaluateWithBoundary(identity, boundary, { action: "s3:DeleteBucket", resource: "b" })).toBe("ExplicitDeny");
    expect(evaluateWithBoundary([], boundary, { action: "s3:GetObject", resource: "b" })).toBe("ImplicitDeny");
    expect(evaluateWithBoundary(identity, undefined, { action: "ec2:RunInstances", resource: "i" })).toBe("Allow");
  });

  test("what it does not model fails loudly instead of being ignored", () => {
    const ifExists = doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEqualsIfExists: { "aws:x": "y" } } });
    expect(() => evaluate([ifExists], pass(ROLE))).toThrow("unsupported condition operator StringEqualsIfExists");
  });
});
