import { errorResponse, jsonResponse, type AwsRequest, type AwsResponse } from "../protocols";
import type { AwsWorld } from "../world";

/** SSM (AWS JSON 1.1): public parameters such as the ECS-optimized AMI id. */
export function ssm(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.target !== "AmazonSSM.GetParameter") return undefined;
  const name = String(request.json.Name);
  const value = world.ssmParameters[name];
  if (value === undefined) return errorResponse(request, 400, "ParameterNotFound", `Parameter ${name} not found.`);
  return jsonResponse({
    Parameter: {
      Name: name,
      Type: "String",
      Value: value,
      Version: 1,
      DataType: name.includes("image_id") ? "aws:ec2:image" : "text",
      ARN: `arn:aws:ssm:${request.region}::parameter${name}`,
      LastModifiedDate: 1764547200,
    },
  });
}
