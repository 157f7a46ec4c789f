import { queryResponse, type AwsRequest, type AwsResponse } from "../protocols";
import type { AwsWorld } from "../world";

const NS = "https://iam.amazonaws.com/doc/2010-05-08/";

/** IAM (AWS query protocol): the provider asks GetUser for the account id before it falls back to STS. */
export function iam(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.form.get("Action") !== "GetUser") return undefined;
  return queryResponse("GetUser", NS, {
    User: {
      Path: "/",
      UserName: "offline-plan",
      UserId: "AIDAOFFLINEPLAN000000",
      Arn: `arn:aws:iam::${world.accountId}:user/offline-plan`,
      CreateDate: "2026-01-01T00:00:00Z",
    },
  });
}
