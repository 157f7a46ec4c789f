import type { Rule } from "../../rule";
import { blocks, str, UNKNOWN } from "../../values";

export const ContainerInsights: Rule = {
  id: "BH-CMP-3",
  name: "ContainerInsights",
  reason: "ECS cluster does not have Container Insights enabled",
  explanation:
    "Container Insights is where per-service CPU, memory, restarts and task counts come from; without it the " +
    "cutover has no way to compare the new platform with the legacy one. Set containerInsights to enabled or enhanced.",
  resourceTypes: ["aws_ecs_cluster"],
  check(attributes) {
    const settings = blocks(attributes.setting);
    if (settings === UNKNOWN) return "not-applicable";
    const value = str(settings.find((s) => s.name === "containerInsights")?.value);
    if (value === UNKNOWN) return "not-applicable";
    return value === "enabled" || value === "enhanced" ? "compliant" : [{ detail: `containerInsights is ${value ?? "not set"}` }];
  },
};
