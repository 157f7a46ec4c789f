import { ec2Response, type AwsRequest, type AwsResponse } from "../protocols";
import type { AwsWorld } from "../world";

/** `Filter.N.Name` / `Filter.N.Value.M` of an EC2 query request, as name -> values. */
function filters(form: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of form) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!m) continue;
    const values = [...form].filter(([k]) => k.startsWith(`Filter.${m[1]}.Value.`)).map(([, v]) => v);
    out.set(value, values);
  }
  return out;
}

/** EC2 (EC2 query protocol): availability zones and AWS-managed prefix lists. */
export function ec2(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  const action = request.form.get("Action");
  const region = request.region;
  if (action === "DescribeAvailabilityZones") {
    const zones = ["a", "b", "c"].map((letter, i) => ({
      zoneState: "available",
      optInStatus: "opt-in-not-required",
      messageSet: [],
      regionName: region,
      zoneName: `${region}${letter}`,
      zoneId: `${region.replace(/-(\w)\w*-(\d)$/, "$1$2").replace(/^(\w\w)\w*/, "$1")}-az${i + 1}`,
      groupName: region,
      networkBorderGroup: region,
      zoneType: "availability-zone",
    }));
    return ec2Response(action, { availabilityZoneInfo: zones });
  }
  if (action === "DescribeManagedPrefixLists") {
    const wanted = filters(request.form).get("prefix-list-name");
    const lists = Object.entries(world.prefixLists)
      .filter(([name]) => !wanted || wanted.includes(name))
      .map(([name, list]) => ({
        prefixListId: list.id,
        addressFamily: "IPv4",
        state: "create-complete",
        prefixListArn: `arn:aws:ec2:${region}:aws:prefix-list/${list.id}`,
        prefixListName: name,
        maxEntries: 55,
        version: 1,
        tagSet: [],
        ownerId: "AWS",
      }));
    return ec2Response(action, { prefixListSet: lists });
  }
  if (action === "GetManagedPrefixListEntries") {
    const id = request.form.get("PrefixListId");
    const list = Object.values(world.prefixLists).find((l) => l.id === id);
    return ec2Response(action, { entrySet: (list?.cidrs ?? []).map((cidr) => ({ cidr })) });
  }
  return undefined;
}
