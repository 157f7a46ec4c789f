// What the stand-in's account holds: the facts our data sources read, for one environment. Derived from the
// environment config where config knows them (region, zone, image tags), otherwise fixed, realistic values
// (CloudFront's managed policy ids are AWS's real ones).
import { createHash } from "node:crypto";

export interface HostedZone {
  readonly id: string;
  /** Without the trailing dot. */
  readonly name: string;
  readonly privateZone: boolean;
}

export interface ManagedPolicy {
  readonly id: string;
  readonly name: string;
}

export interface AwsWorld {
  readonly accountId: string;
  readonly hostedZones: readonly HostedZone[];
  /** SSM parameters by name (the public ECS-optimized AMI parameter, for one). */
  readonly ssmParameters: Readonly<Record<string, string>>;
  /** ECR: repository name -> the tags it holds. A tag missing here is `ImageNotFoundException`. */
  readonly ecrImages: Readonly<Record<string, readonly string[]>>;
  readonly cachePolicies: readonly ManagedPolicy[];
  readonly originRequestPolicies: readonly ManagedPolicy[];
  /** AWS-managed prefix lists by name. */
  readonly prefixLists: Readonly<Record<string, { readonly id: string; readonly cidrs: readonly string[] }>>;
}

export interface WorldOptions {
  readonly accountId?: string;
  readonly zoneName: string;
  /** repository -> tags that exist. */
  readonly ecrImages?: Readonly<Record<string, readonly string[]>>;
}

export const STAND_IN_ACCOUNT_ID = "123456789012";

/** AWS's managed CloudFront policies (ids as AWS publishes them; the same in every account). */
export const MANAGED_CACHE_POLICIES: readonly ManagedPolicy[] = [
  { id: "658327ea-f89d-4fab-a63d-7e88639e58f6", name: "Managed-CachingOptimized" },
  { id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", name: "Managed-CachingDisabled" },
  { id: "b2884449-e4de-46a7-ac36-70bc7f1ddd6d", name: "Managed-CachingOptimizedForUncompressedObjects" },
  { id: "83da9c7e-98b4-4e11-a168-04f0df8e2c65", name: "Managed-UseOriginCacheControlHeaders" },
];
export const MANAGED_ORIGIN_REQUEST_POLICIES: readonly ManagedPolicy[] = [
  { id: "216adef6-5c7f-47e4-b989-5492eafa07d3", name: "Managed-AllViewer" },
  { id: "b689b0a8-53d0-40ab-baf2-68738e2966ac", name: "Managed-AllViewerExceptHostHeader" },
  { id: "33f36d7e-f396-46d9-90e0-52428a34d9dc", name: "Managed-AllViewerAndCloudFrontHeaders-2022-06" },
  { id: "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf", name: "Managed-CORS-S3Origin" },
];

/** A stable fake id: the same input gives the same id in every run, so plans compare. */
export function fakeId(seed: string, length: number, alphabet = "0123456789abcdef"): string {
  const digest = createHash("sha256").update(seed).digest();
  return Array.from({ length }, (_, i) => alphabet[digest[i % digest.length] % alphabet.length]).join("");
}

export function awsWorld(options: WorldOptions): AwsWorld {
  return {
    accountId: options.accountId ?? STAND_IN_ACCOUNT_ID,
    hostedZones: [{ id: `Z${fakeId(options.zoneName, 13, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}`, name: options.zoneName, privateZone: false }],
    ssmParameters: {
      "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id": "ami-0c1d2e3f4a5b6c7d8",
      "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id": "ami-0a1b2c3d4e5f60718",
    },
    ecrImages: options.ecrImages ?? {},
    cachePolicies: MANAGED_CACHE_POLICIES,
    originRequestPolicies: MANAGED_ORIGIN_REQUEST_POLICIES,
    prefixLists: {
      "com.amazonaws.global.cloudfront.origin-facing": { id: "pl-93a247fa", cidrs: ["3.172.0.0/18", "13.32.0.0/15", "52.46.0.0/18"] },
    },
  };
}
