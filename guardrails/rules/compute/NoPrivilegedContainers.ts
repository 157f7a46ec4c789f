import { findings, type Rule } from "../../rule";
import { bool, UNKNOWN } from "../../values";
import { containerDefinitions, containerLabel } from "./containers";

export const NoPrivilegedContainers: Rule = {
  id: "BH-CMP-5",
  name: "NoPrivilegedContainers",
  reason: "task definition runs a privileged container",
  explanation:
    "A privileged container has root on the container instance: every other task on that host, the ECS agent " +
    "and the instance role's credentials. Application containers never need it.",
  resourceTypes: ["aws_ecs_task_definition"],
  check(attributes) {
    const containers = containerDefinitions(attributes.container_definitions);
    if (containers === UNKNOWN) return "not-applicable";
    return findings(...containers.map((c, i) => bool(c.privileged) === true && `${containerLabel(c, i)} is privileged`));
  },
};
