import { errorResponse, jsonResponse, type AwsRequest, type AwsResponse } from "../protocols";
import { fakeId, type AwsWorld } from "../world";

/** ECR (AWS JSON 1.1): `DescribeImages` by tag, as `data.aws_ecr_image` asks; a tag not in the world is not found. */
export function ecr(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.target !== "AmazonEC2ContainerRegistry_V20150921.DescribeImages") return undefined;
  const repositoryName = String(request.json.repositoryName);
  const registryId = String(request.json.registryId ?? world.accountId);
  const ids = (request.json.imageIds as { imageTag?: string; imageDigest?: string }[] | undefined) ?? [];
  const tags = world.ecrImages[repositoryName] ?? [];
  const details = [];
  for (const id of ids) {
    if (!id.imageTag || !tags.includes(id.imageTag)) {
      return errorResponse(
        request,
        400,
        "ImageNotFoundException",
        `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
      );
    }
    details.push({
      registryId,
      repositoryName,
      imageDigest: `sha256:${fakeId(`${repositoryName}:${id.imageTag}`, 64)}`,
      imageTags: [id.imageTag],
      imageSizeInBytes: 52_428_800,
      imagePushedAt: 1764547200,
      imageManifestMediaType: "application/vnd.oci.image.manifest.v1+json",
    });
  }
  return jsonResponse({ imageDetails: details });
}
