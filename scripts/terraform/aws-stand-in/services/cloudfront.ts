import { errorResponse, list, restXmlResponse, type AwsRequest, type AwsResponse } from "../protocols";
import type { AwsWorld, ManagedPolicy } from "../world";

const NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
const MODIFIED = "2021-09-01T00:00:00Z";
const etag = (id: string) => ({ ETag: `E${id.replace(/-/g, "").slice(0, 13).toUpperCase()}` });

const none = { Quantity: 0 };
const cachePolicy = (p: ManagedPolicy) => ({
  Id: p.id,
  LastModifiedTime: MODIFIED,
  CachePolicyConfig: {
    Comment: `AWS managed policy ${p.name}`,
    Name: p.name,
    DefaultTTL: p.name.includes("Disabled") ? 0 : 86400,
    MaxTTL: p.name.includes("Disabled") ? 0 : 31536000,
    MinTTL: p.name.includes("Disabled") ? 0 : 1,
    ParametersInCacheKeyAndForwardedToOrigin: {
      EnableAcceptEncodingGzip: !p.name.includes("Disabled"),
      EnableAcceptEncodingBrotli: !p.name.includes("Disabled"),
      HeadersConfig: { HeaderBehavior: "none", Headers: none },
      CookiesConfig: { CookieBehavior: "none", Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: "none", QueryStrings: none },
    },
  },
});
const originRequestPolicy = (p: ManagedPolicy) => ({
  Id: p.id,
  LastModifiedTime: MODIFIED,
  OriginRequestPolicyConfig: {
    Comment: `AWS managed policy ${p.name}`,
    Name: p.name,
    HeadersConfig: p.name.includes("ExceptHost")
      ? { HeaderBehavior: "allExcept", Headers: { Quantity: 1, Items: list("Name", ["host"]) } }
      : { HeaderBehavior: "allViewer", Headers: none },
    CookiesConfig: { CookieBehavior: "all", Cookies: none },
    QueryStringsConfig: { QueryStringBehavior: "all", QueryStrings: none },
  },
});

/** CloudFront (REST-XML): the managed cache and origin-request policies, looked up by name. */
export function cloudfront(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.method !== "GET") return undefined;
  const kinds = [
    { path: "cache-policy", root: "CachePolicy", policies: world.cachePolicies, body: cachePolicy },
    { path: "origin-request-policy", root: "OriginRequestPolicy", policies: world.originRequestPolicies, body: originRequestPolicy },
  ] as const;
  for (const kind of kinds) {
    if (request.path === `/2020-05-31/${kind.path}`) {
      // Only AWS-managed policies exist in the stand-in's account; a custom list is empty.
      const type = request.query.get("Type") ?? "managed";
      const items = type === "custom" ? [] : kind.policies.map((p) => ({ Type: "managed", [kind.root]: kind.body(p) }));
      return restXmlResponse(`${kind.root}List`, NS, { MaxItems: 100, Quantity: items.length, Items: list(`${kind.root}Summary`, items) });
    }
    const get = new RegExp(`^/2020-05-31/${kind.path}/([0-9a-f-]+)$`).exec(request.path);
    if (get) {
      const policy = kind.policies.find((p) => p.id === get[1]);
      if (!policy) return errorResponse(request, 404, `NoSuch${kind.root}`, `The ${kind.path} ${get[1]} does not exist.`);
      const body = kind.body(policy) as Record<string, unknown>;
      return restXmlResponse(kind.root, NS, body, etag(policy.id));
    }
  }
  return undefined;
}
