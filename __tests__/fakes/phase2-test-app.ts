// TEMPORARY: the app phase2's tests synthesize until phase1 is merged: preparation + the phase1 test double +
// Phase2Stack, with a stand-in service fleet. Once phase1 lands, app.ts builds phase2 with the real ServiceFleet
// and these tests switch to `synthAll(config)`.
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { App } from "cdktf";
import { Construct } from "constructs";
import type { BuildOptions } from "../../app";
import type { EnvironmentConfig } from "../../config/schema";
import { Phase2Stack, type DeployedServices, type ServiceFleetFactory, type ServiceFleetRequest } from "../../stacks/phase2-stack";
import { PreparationStack } from "../../stacks/preparation-stack";
import { FakePhase1Stack } from "./phase1-fake-stack";

export interface Phase2TestApp {
  readonly app: App;
  readonly preparation: PreparationStack;
  readonly phase1: FakePhase1Stack;
  readonly phase2: Phase2Stack;
  /** What Phase2Stack asked the fleet for. */
  readonly fleetRequests: ServiceFleetRequest[];
}

/**
 * A stand-in fleet: per service, keyed by name, a target group and an ECS service on phase1's cluster, so the
 * request's values show up in phase2's JSON where a test can see them.
 */
export const fakeServiceFleet: ServiceFleetFactory = (scope, id, request): DeployedServices => {
  const fleet = new Construct(scope, id);
  const suffixes: Record<string, string> = {};
  for (const service of request.services) {
    const node = new Construct(fleet, service.name);
    const targetGroup = new LbTargetGroup(node, "TargetGroup", { namePrefix: "svc-", port: service.port, protocol: "HTTP", targetType: "ip", vpcId: request.preparation.vpcId });
    new EcsService(node, "Service", {
      name: service.name,
      cluster: request.phase1.cluster.arn,
      taskDefinition: `${service.name}:1`,
      desiredCount: service.desiredCount,
      capacityProviderStrategy: [{ capacityProvider: request.phase1.cluster.capacityProviderName, weight: 1 }],
      networkConfiguration: { subnets: request.preparation.privateSubnets.ids, securityGroups: [request.preparation.securityGroups.app] },
      loadBalancer: [{ targetGroupArn: targetGroup.arn, containerName: service.name, containerPort: service.port }],
      dependsOn: request.dependsOn,
    });
    suffixes[service.name] = targetGroup.arnSuffix;
  }
  return { serviceNames: request.services.map((s) => s.name), targetGroupArnSuffixes: suffixes };
};

export function buildPhase2TestApp(config: EnvironmentConfig, options: BuildOptions = {}): Phase2TestApp {
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const preparation = new PreparationStack(app, { config });
  const phase1 = new FakePhase1Stack(app, { config, preparation: preparation.outputs });
  const fleetRequests: ServiceFleetRequest[] = [];
  const phase2 = new Phase2Stack(app, {
    config,
    preparation: preparation.outputs,
    phase1: phase1.outputs,
    serviceFleetFactory: (scope, id, request) => {
      fleetRequests.push(request);
      return fakeServiceFleet(scope, id, request);
    },
  });
  return { app, preparation, phase1, phase2, fleetRequests };
}
