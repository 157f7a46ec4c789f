// Every rule of the Braveheart pack, by area, in id order. Adding a rule: one file under rules/<area>/, one line
// here, a Compliance/Noncompliance test in __tests__/guardrails/rules/<area>.test.ts, then `npm run rules-table`.
import type { Rule } from "../rule";
import { VpcFlowLogs } from "./network/VpcFlowLogs";
import { DefaultSecurityGroupClosed } from "./network/DefaultSecurityGroupClosed";
import { SubnetNoPublicIp } from "./network/SubnetNoPublicIp";
import { InstanceNoPublicIp } from "./network/InstanceNoPublicIp";
import { NoWorldIngress } from "./network/NoWorldIngress";
import { SecurityGroupDescriptions } from "./network/SecurityGroupDescriptions";
import { NoWildcardActions } from "./iam/NoWildcardActions";
import { NoServiceWildcardOnAllResources } from "./iam/NoServiceWildcardOnAllResources";
import { NoAdminManagedPolicies } from "./iam/NoAdminManagedPolicies";
import { OidcTrustPinned } from "./iam/OidcTrustPinned";
import { PassRoleScoped } from "./iam/PassRoleScoped";
import { ProductionPlanApproval } from "./iam/ProductionPlanApproval";
import { Imdsv2Required } from "./compute/Imdsv2Required";
import { EncryptedVolumes } from "./compute/EncryptedVolumes";
import { ContainerInsights } from "./compute/ContainerInsights";
import { DeploymentCircuitBreaker } from "./compute/DeploymentCircuitBreaker";
import { NoPrivilegedContainers } from "./compute/NoPrivilegedContainers";
import { NoPlainSecretsInEnvironment } from "./compute/NoPlainSecretsInEnvironment";
import { ContainerLogConfiguration } from "./compute/ContainerLogConfiguration";
import { LaunchTemplateVersionPinned } from "./compute/LaunchTemplateVersionPinned";
import { ExecCommandAudited } from "./compute/ExecCommandAudited";
import { ModernTlsListener } from "./loadbalancing/ModernTlsListener";
import { HttpListenerRedirects } from "./loadbalancing/HttpListenerRedirects";
import { LoadBalancerAccessLogs } from "./loadbalancing/LoadBalancerAccessLogs";
import { DropInvalidHeaders } from "./loadbalancing/DropInvalidHeaders";
import { LoadBalancerDeletionProtection } from "./loadbalancing/LoadBalancerDeletionProtection";
import { TargetGroupHealthCheckPath } from "./loadbalancing/TargetGroupHealthCheckPath";
import { StorageEncrypted } from "./data/StorageEncrypted";
import { NotPubliclyAccessible } from "./data/NotPubliclyAccessible";
import { MultiAzInProduction } from "./data/MultiAzInProduction";
import { BackupRetention } from "./data/BackupRetention";
import { DeletionProtection } from "./data/DeletionProtection";
import { FinalSnapshot } from "./data/FinalSnapshot";
import { ManagedMasterPassword } from "./data/ManagedMasterPassword";
import { ParameterGroupForcesTls } from "./data/ParameterGroupForcesTls";
import { PreventDestroy } from "./data/PreventDestroy";
import { ViewerHttpsOnly } from "./edge/ViewerHttpsOnly";
import { OriginHttpsOnly } from "./edge/OriginHttpsOnly";
import { ModernViewerTls } from "./edge/ModernViewerTls";
import { S3OriginAccessControl } from "./edge/S3OriginAccessControl";
import { SecurityHeadersPolicy } from "./edge/SecurityHeadersPolicy";
import { DistributionLogging } from "./edge/DistributionLogging";
import { WafAttached } from "./edge/WafAttached";
import { WafLogging } from "./edge/WafLogging";
import { WafManagedRuleGroups } from "./edge/WafManagedRuleGroups";
import { BucketPublicAccessBlocked } from "./storage/BucketPublicAccessBlocked";
import { BucketEncryption } from "./storage/BucketEncryption";
import { BucketVersioning } from "./storage/BucketVersioning";
import { BucketTlsOnly } from "./storage/BucketTlsOnly";
import { BucketLifecycle } from "./storage/BucketLifecycle";
import { BucketAccessLogging } from "./storage/BucketAccessLogging";
import { KeyRotation } from "./kms/KeyRotation";
import { ExplicitKeyPolicy } from "./kms/ExplicitKeyPolicy";
import { LogRetention } from "./logs/LogRetention";
import { LogEncryption } from "./logs/LogEncryption";
import { VaultEncryption } from "./backup/VaultEncryption";
import { VaultLock } from "./backup/VaultLock";
import { CrossRegionCopy } from "./backup/CrossRegionCopy";
import { ReplicationInstancePrivate } from "./dms/ReplicationInstancePrivate";
import { ReplicationEncrypted } from "./dms/ReplicationEncrypted";
import { EndpointTls } from "./dms/EndpointTls";
import { AlarmTopicSubscribed } from "./monitoring/AlarmTopicSubscribed";
import { ProviderDefaultTags } from "./stack/ProviderDefaultTags";
import { ProviderVersionPinned } from "./stack/ProviderVersionPinned";
import { ProductionStateRemoteLocked } from "./stack/ProductionStateRemoteLocked";
import { ProviderAccountPinned } from "./stack/ProviderAccountPinned";

/** Rules grouped by area (the folder they live in), in documentation order. */
export const RULES_BY_AREA: Readonly<Record<string, readonly Rule[]>> = {
  network: [VpcFlowLogs, DefaultSecurityGroupClosed, SubnetNoPublicIp, InstanceNoPublicIp, NoWorldIngress, SecurityGroupDescriptions],
  iam: [NoWildcardActions, NoServiceWildcardOnAllResources, NoAdminManagedPolicies, OidcTrustPinned, PassRoleScoped, ProductionPlanApproval],
  compute: [Imdsv2Required, EncryptedVolumes, ContainerInsights, DeploymentCircuitBreaker, NoPrivilegedContainers, NoPlainSecretsInEnvironment, ContainerLogConfiguration, LaunchTemplateVersionPinned, ExecCommandAudited],
  loadbalancing: [ModernTlsListener, HttpListenerRedirects, LoadBalancerAccessLogs, DropInvalidHeaders, LoadBalancerDeletionProtection, TargetGroupHealthCheckPath],
  data: [StorageEncrypted, NotPubliclyAccessible, MultiAzInProduction, BackupRetention, DeletionProtection, FinalSnapshot, ManagedMasterPassword, ParameterGroupForcesTls, PreventDestroy],
  edge: [ViewerHttpsOnly, OriginHttpsOnly, ModernViewerTls, S3OriginAccessControl, SecurityHeadersPolicy, DistributionLogging, WafAttached, WafLogging, WafManagedRuleGroups],
  storage: [BucketPublicAccessBlocked, BucketEncryption, BucketVersioning, BucketTlsOnly, BucketLifecycle, BucketAccessLogging],
  kms: [KeyRotation, ExplicitKeyPolicy],
  logs: [LogRetention, LogEncryption],
  backup: [VaultEncryption, VaultLock, CrossRegionCopy],
  dms: [ReplicationInstancePrivate, ReplicationEncrypted, EndpointTls],
  monitoring: [AlarmTopicSubscribed],
  stack: [ProviderDefaultTags, ProviderVersionPinned, ProductionStateRemoteLocked, ProviderAccountPinned],
};

export const ALL_RULES: readonly Rule[] = Object.values(RULES_BY_AREA).flat();
