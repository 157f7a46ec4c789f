import { findings, type Rule } from "../../rule";
import { UNKNOWN } from "../../values";
import { containerDefinitions, containerLabel } from "./containers";

export const ContainerLogConfiguration: Rule = {
  id: "BH-CMP-7",
  name: "ContainerLogConfiguration",
  reason: "container has no log configuration",
  explanation:
    "Without a logConfiguration a container's output stays on the instance's disk and is lost with the task; " +
    "the awslogs driver ships it to an encrypted log group with retention.",
  resourceTypes: ["aws_ecs_task_definition"],
  check(attributes) {
    const containers = containerDefinitions(attributes.container_definitions);
    if (containers === UNKNOWN) return "not-applicable";
    return findings(...containers.map((c, i) => !c.logConfiguration?.logDriver && `${containerLabel(c, i)} has no logConfiguration.logDriver`));
  },
};
