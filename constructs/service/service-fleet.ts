import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ServiceConfig } from "../../config/schema";
import { Service } from "./service";
import type { ServicePlatform } from "./service-platform";

export interface ServiceFleetProps {
  /** The catalog entries this stack runs (already filtered to its phase). */
  readonly services: readonly ServiceConfig[];
  readonly platform: ServicePlatform;
  /** Same-stack resources every ECS service depends on. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/** The services of one phase. Each is a child named after the service, so catalog order never matters. */
export class ServiceFleet extends Construct {
  readonly services: Record<string, Service> = {};

  constructor(scope: Construct, id: string, props: ServiceFleetProps) {
    super(scope, id);
    for (const service of props.services) {
      this.services[service.name] = new Service(this, service.name, { service, platform: props.platform, dependsOn: props.dependsOn });
    }
  }

  get serviceNames(): string[] {
    return Object.keys(this.services);
  }

  /** Service name -> target group ARN suffix, for per-service alarms in later phases. */
  get targetGroupArnSuffixes(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.services).map(([name, s]) => [name, s.targetGroup.arnSuffix]));
  }
}
