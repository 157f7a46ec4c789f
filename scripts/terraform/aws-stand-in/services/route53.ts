import { errorResponse, list, restXmlResponse, type AwsRequest, type AwsResponse } from "../protocols";
import type { AwsWorld, HostedZone } from "../world";

const NS = "https://route53.amazonaws.com/doc/2013-04-01/";

const zoneXml = (zone: HostedZone) => ({
  Id: `/hostedzone/${zone.id}`,
  Name: `${zone.name}.`,
  CallerReference: `offline-${zone.id}`,
  Config: { PrivateZone: zone.privateZone },
  ResourceRecordSetCount: 12,
});

/** Route 53 (REST-XML): the zone lookup of `data.aws_route53_zone` (list, get, tags). */
export function route53(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.method !== "GET") return undefined;
  if (request.path === "/2013-04-01/hostedzone" || request.path === "/2013-04-01/hostedzonesbyname") {
    const root = request.path.endsWith("byname") ? "ListHostedZonesByNameResponse" : "ListHostedZonesResponse";
    return restXmlResponse(root, NS, { HostedZones: list("HostedZone", world.hostedZones.map(zoneXml)), IsTruncated: false, MaxItems: 100 });
  }
  const get = /^\/2013-04-01\/hostedzone\/([A-Z0-9]+)$/.exec(request.path);
  if (get) {
    const zone = world.hostedZones.find((z) => z.id === get[1]);
    if (!zone) return errorResponse(request, 404, "NoSuchHostedZone", `No hosted zone found with ID: ${get[1]}`);
    const nameServers = list("NameServer", [1, 2, 3, 4].map((n) => `ns-${n}00.awsdns-0${n}.org`));
    return restXmlResponse("GetHostedZoneResponse", NS, { HostedZone: zoneXml(zone), DelegationSet: { NameServers: nameServers } });
  }
  const tags = /^\/2013-04-01\/tags\/hostedzone\/([A-Z0-9]+)$/.exec(request.path);
  if (tags) {
    return restXmlResponse("ListTagsForResourceResponse", NS, { ResourceTagSet: { ResourceType: "hostedzone", ResourceId: tags[1], Tags: list("Tag", []) } });
  }
  return undefined;
}
