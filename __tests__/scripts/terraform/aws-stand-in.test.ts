// The AWS stand-in answers the data sources' reads in each service's wire protocol, and names any call it does not
// know. Real HTTP on loopback, as the provider calls it; the plan test (real-terraform.test.ts) runs it for real.
import { request } from "node:http";
import { startAwsStandIn, type AwsStandIn } from "../../../scripts/terraform/aws-stand-in/server";
import { awsWorld, MANAGED_CACHE_POLICIES } from "../../../scripts/terraform/aws-stand-in/world";

const world = awsWorld({ zoneName: "staging.example.com", ecrImages: { "bh/orders": ["2026.12.0"] } });

/** A request signed the way the SDK signs (only the credential scope matters to the stand-in). */
function call(standIn: AwsStandIn, service: string, init: { method?: string; path?: string; body?: string; target?: string; region?: string }) {
  const url = new URL(init.path ?? "/", standIn.url);
  const headers: Record<string, string> = {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAOFFLINEPLAN00000/20261207/${init.region ?? "eu-west-2"}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    "content-type": init.target ? "application/x-amz-json-1.1" : "application/x-www-form-urlencoded",
  };
  if (init.target) headers["x-amz-target"] = init.target;
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? "POST", headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(init.body ?? "");
  });
}

describe("AWS stand-in", () => {
  let standIn: AwsStandIn;
  beforeAll(async () => {
    standIn = await startAwsStandIn({ world, lifetimeMs: 60_000 });
  });
  afterAll(() => standIn.close());

  test("listens on loopback only", () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("STS GetCallerIdentity (query protocol): the world's account", async () => {
    const res = await call(standIn, "sts", { body: "Action=GetCallerIdentity&Version=2011-06-15" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/offline-plan</Arn>");
    expect(res.body).toContain("<Account>123456789012</Account>");
  });

  test("IAM GetUser (query protocol), which the provider asks for the account id first: the world's account", async () => {
    const res = await call(standIn, "iam", { body: "Action=GetUser&Version=2010-05-08", region: "us-east-1" });
    expect(res.body).toContain("<GetUserResult><User><Path>/</Path><UserName>offline-plan</UserName>");
    expect(res.body).toContain("<Arn>arn:aws:iam::123456789012:user/offline-plan</Arn>");
  });

  test("EC2 DescribeAvailabilityZones (EC2 protocol): three zones of the signed region, as <item>s", async () => {
    const res = await call(standIn, "ec2", { body: "Action=DescribeAvailabilityZones&Filter.1.Name=state&Filter.1.Value.1=available&Version=2016-11-15" });
    expect(res.body).toMatch(/^<DescribeAvailabilityZonesResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>/);
    expect([...res.body.matchAll(/<zoneName>([^<]+)<\/zoneName>/g)].map((m) => m[1])).toEqual(["eu-west-2a", "eu-west-2b", "eu-west-2c"]);
  });

  test("EC2 managed prefix lists: found by the name filter, with their entries", async () => {
    const list = await call(standIn, "ec2", {
      body: "Action=DescribeManagedPrefixLists&Filter.1.Name=prefix-list-name&Filter.1.Value.1=com.amazonaws.global.cloudfront.origin-facing",
    });
    expect(list.body).toContain("<prefixListId>pl-93a247fa</prefixListId>");
    const none = await call(standIn, "ec2", { body: "Action=DescribeManagedPrefixLists&Filter.1.Name=prefix-list-name&Filter.1.Value.1=nope" });
    expect(none.body).toContain("<prefixListSet></prefixListSet>");
    const entries = await call(standIn, "ec2", { body: "Action=GetManagedPrefixListEntries&PrefixListId=pl-93a247fa" });
    expect(entries.body).toContain("<entrySet><item><cidr>");
  });

  test("Route 53 (REST-XML): the configured zone, by list, get and tags", async () => {
    const listed = await call(standIn, "route53", { method: "GET", path: "/2013-04-01/hostedzone", region: "us-east-1" });
    const id = /<Id>\/hostedzone\/(Z[A-Z0-9]{13})<\/Id>/.exec(listed.body)?.[1];
    expect(id).toBeDefined();
    expect(listed.body).toContain("<Name>staging.example.com.</Name>");
    const got = await call(standIn, "route53", { method: "GET", path: `/2013-04-01/hostedzone/${id}`, region: "us-east-1" });
    expect(got.body).toContain("<NameServers><NameServer>ns-100.awsdns-01.org</NameServer>");
    const tags = await call(standIn, "route53", { method: "GET", path: `/2013-04-01/tags/hostedzone/${id}`, region: "us-east-1" });
    expect(tags.body).toContain(`<ResourceId>${id}</ResourceId>`);
    const missing = await call(standIn, "route53", { method: "GET", path: "/2013-04-01/hostedzone/ZNOPE", region: "us-east-1" });
    expect([missing.status, /<Code>(\w+)<\/Code>/.exec(missing.body)?.[1]]).toEqual([404, "NoSuchHostedZone"]);
  });

  test("CloudFront (REST-XML): AWS's managed cache policies, by list and by id with an ETag", async () => {
    const listed = await call(standIn, "cloudfront", { method: "GET", path: "/2020-05-31/cache-policy?Type=managed", region: "us-east-1" });
    expect(listed.body).toContain("<CachePolicySummary><Type>managed</Type><CachePolicy><Id>658327ea-f89d-4fab-a63d-7e88639e58f6</Id>");
    expect(listed.body).toContain(`<Quantity>${MANAGED_CACHE_POLICIES.length}</Quantity>`);
    const got = await call(standIn, "cloudfront", { method: "GET", path: "/2020-05-31/origin-request-policy/b689b0a8-53d0-40ab-baf2-68738e2966ac", region: "us-east-1" });
    expect(got.body).toContain("<Name>Managed-AllViewerExceptHostHeader</Name>");
    expect(got.body).toContain("<HeaderBehavior>allExcept</HeaderBehavior><Headers><Quantity>1</Quantity><Items><Name>host</Name></Items>");
    expect(got.headers.etag).toMatch(/^E[0-9A-F]{13}$/);
  });

  test("SSM GetParameter (JSON 1.1): the public ECS AMI parameter; an unknown one is ParameterNotFound", async () => {
    const name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
    const res = await call(standIn, "ssm", { target: "AmazonSSM.GetParameter", body: JSON.stringify({ Name: name }) });
    expect(JSON.parse(res.body).Parameter).toMatchObject({ Name: name, Value: expect.stringMatching(/^ami-[0-9a-f]{17}$/) });
    const missing = await call(standIn, "ssm", { target: "AmazonSSM.GetParameter", body: JSON.stringify({ Name: "/nope" }) });
    expect([missing.status, JSON.parse(missing.body).__type]).toEqual([400, "ParameterNotFound"]);
  });

  test("Secrets Manager GetRandomPassword: the asked length, the same in every run", async () => {
    const one = await call(standIn, "secretsmanager", { target: "secretsmanager.GetRandomPassword", body: JSON.stringify({ PasswordLength: 48 }) });
    const two = await call(standIn, "secretsmanager", { target: "secretsmanager.GetRandomPassword", body: JSON.stringify({ PasswordLength: 48 }) });
    expect(JSON.parse(one.body).RandomPassword).toHaveLength(48);
    expect(one.body).toBe(two.body);
  });

  test("ECR DescribeImages: a tag the world holds has a digest; a missing tag is ImageNotFoundException naming it", async () => {
    const target = "AmazonEC2ContainerRegistry_V20150921.DescribeImages";
    const found = await call(standIn, "ecr", { target, body: JSON.stringify({ repositoryName: "bh/orders", imageIds: [{ imageTag: "2026.12.0" }] }) });
    expect(JSON.parse(found.body).imageDetails[0]).toMatchObject({ imageTags: ["2026.12.0"], imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const missing = await call(standIn, "ecr", { target, body: JSON.stringify({ repositoryName: "bh/orders", imageIds: [{ imageTag: "nope" }] }) });
    expect(JSON.parse(missing.body)).toEqual({
      __type: "ImageNotFoundException",
      message: "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'bh/orders' in the registry with id '123456789012'",
    });
  });

  test("ECR DescribeRepositories (data.aws_ecr_image reads it for image_uri): the world's repositories, others not found", async () => {
    const target = "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories";
    const found = await call(standIn, "ecr", { target, body: JSON.stringify({ repositoryNames: ["bh/orders"], registryId: "123456789012" }) });
    expect(JSON.parse(found.body).repositories[0]).toMatchObject({ repositoryName: "bh/orders", repositoryUri: expect.stringMatching(/^123456789012\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/bh\/orders$/) });
    const missing = await call(standIn, "ecr", { target, body: JSON.stringify({ repositoryNames: ["bh/nope"] }) });
    expect(JSON.parse(missing.body).__type).toBe("RepositoryNotFoundException");
  });

  test("a call it does not know: a 400 (not retried) naming the call, recorded as unknown", async () => {
    const res = await call(standIn, "rds", { body: "Action=DescribeDBInstances&Version=2014-10-31" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Code>AwsStandInUnknownCall</Code><Message>the offline AWS stand-in does not answer rds:DescribeDBInstances");
    const json = await call(standIn, "ecr", { target: "AmazonEC2ContainerRegistry_V20150921.ListImages", body: "{}" });
    expect(JSON.parse(json.body).__type).toBe("AwsStandInUnknownCall");
    expect(standIn.unknownCalls).toEqual(expect.arrayContaining(["rds:DescribeDBInstances", "ecr:ListImages"]));
    expect(standIn.calls).not.toContain("rds:DescribeDBInstances");
  });
});

describe("AWS stand-in lifetime", () => {
  test("closes itself after its lifetime even when nobody calls close()", async () => {
    const standIn = await startAwsStandIn({ world, lifetimeMs: 50 });
    await new Promise((r) => setTimeout(r, 150));
    await expect(call(standIn, "sts", { body: "Action=GetCallerIdentity" })).rejects.toThrow(/ECONNREFUSED/);
    await standIn.close();
  });
});
