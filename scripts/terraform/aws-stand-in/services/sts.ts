import { queryResponse, type AwsRequest, type AwsResponse } from "../protocols";
import type { AwsWorld } from "../world";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** STS (AWS query protocol): who the offline credentials are. */
export function sts(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.form.get("Action") !== "GetCallerIdentity") return undefined;
  return queryResponse("GetCallerIdentity", NS, {
    Arn: `arn:aws:iam::${world.accountId}:user/offline-plan`,
    UserId: "AIDAOFFLINEPLAN000000",
    Account: world.accountId,
  });
}
