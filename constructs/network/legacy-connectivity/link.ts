import type { RouteConfig } from "@cdktf/provider-aws/lib/route";
import type { ITerraformDependable } from "cdktf";

/** What a route to the legacy network points at: exactly one of the route's target arguments. */
export type LegacyRouteTarget = Pick<RouteConfig, "vpcPeeringConnectionId" | "transitGatewayId" | "gatewayId">;

/** One way of reaching the legacy network: the route target, and what a route must wait for before it can use it. */
export interface LegacyLink {
  readonly routeTarget: LegacyRouteTarget;
  /** The attachment a route to `routeTarget` needs first (AWS rejects a route to a TGW or VGW not attached yet). */
  readonly routeDependsOn: ITerraformDependable[];
  /** Human-readable kind, for descriptions and the report. */
  readonly kind: string;
}
