import { str, UNKNOWN } from "../../values";

/** `application`, `network` or `gateway` (the provider default is application); UNKNOWN when computed. */
export function loadBalancerType(attributes: Readonly<Record<string, unknown>>): string | typeof UNKNOWN {
  return str(attributes.load_balancer_type) ?? "application";
}
