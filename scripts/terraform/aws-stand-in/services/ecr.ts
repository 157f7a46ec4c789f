import { errorResponse, jsonResponse, type AwsRequest, type AwsResponse } from "../protocols";
import { fakeId, type AwsWorld } from "../world";

/**
 * ECR (AWS JSON 1.1), what `data.aws_ecr_image` (provider 5.100.0) calls: `DescribeImages` with `repositoryName` and
 * `imageIds: [{ imageTag }]` (a tag not in the world is ImageNotFoundException), then `DescribeRepositories` with
 * `repositoryNames: [<name>]` and the image's `registryId`, for `image_uri`.
 */
export function ecr(request: AwsRequest, world: AwsWorld): AwsResponse | undefined {
  if (request.target === "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories") return describeRepositories(request, world);
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

function describeRepositories(request: AwsRequest, world: AwsWorld): AwsResponse {
  const registryId = String(request.json.registryId ?? world.accountId);
  const names = (request.json.repositoryNames as string[] | undefined) ?? [];
  const unknown = names.find((name) => !(name in world.ecrImages));
  if (unknown !== undefined) {
    return errorResponse(request, 400, "RepositoryNotFoundException", `The repository with name '${unknown}' does not exist in the registry with id '${registryId}'`);
  }
  return jsonResponse({
    repositories: names.map((name) => ({
      registryId,
      repositoryName: name,
      repositoryArn: `arn:aws:ecr:${request.region}:${registryId}:repository/${name}`,
      repositoryUri: `${registryId}.dkr.ecr.${request.region}.amazonaws.com/${name}`,
      imageTagMutability: "IMMUTABLE",
    })),
  });
}
