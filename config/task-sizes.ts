// The task sizes (cpu and memory together) a service may ask for: AWS Fargate's table.
//
// Services run on EC2 capacity today, where ECS accepts any task-level cpu and memory, so the table is not something
// AWS would enforce here. It is enforced anyway, on purpose: every service stays movable to Fargate without a resize
// (only the capacity provider changes), and absurd ratios (2 vCPU with 128 MiB, 0.25 vCPU with 30 GiB) are caught
// before they become a task that OOMs at start or a host left with memory no other task can use. The host-fit check
// (semantic.ts, taskSizeProblems) still applies on top: a Fargate-valid size must also fit one ECS host.
//
// Source: "Task CPU and memory" in the Amazon ECS developer guide,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
// (the same table is in the RegisterTaskDefinition API reference for `memory`). The schema caps cpu at 4096, so the
// 8192 and 16384 rows (Linux platform 1.4.0 and later) are not needed.

/** The memory (MiB) Fargate allows for one task cpu value: either a short list, or a range in fixed steps. */
export type FargateMemory = { readonly values: readonly number[] } | { readonly from: number; readonly to: number; readonly step: number };

/** Task cpu units -> the memory Fargate allows with it. */
export const FARGATE_TASK_MEMORY: ReadonlyMap<number, FargateMemory> = new Map<number, FargateMemory>([
  [256, { values: [512, 1024, 2048] }],
  [512, { from: 1024, to: 4096, step: 1024 }],
  [1024, { from: 2048, to: 8192, step: 1024 }],
  [2048, { from: 4096, to: 16384, step: 1024 }],
  [4096, { from: 8192, to: 30720, step: 1024 }],
]);

/** True when Fargate runs a task of this cpu and memory. A cpu outside the table allows nothing. */
export function isFargateTaskSize(cpu: number, memory: number): boolean {
  const allowed = FARGATE_TASK_MEMORY.get(cpu);
  if (!allowed) return false;
  if ("values" in allowed) return allowed.values.includes(memory);
  return memory >= allowed.from && memory <= allowed.to && (memory - allowed.from) % allowed.step === 0;
}

/** `512, 1024 or 2048 MiB`, `4096..16384 MiB in steps of 1024`. */
export function describeFargateMemory(allowed: FargateMemory): string {
  if ("values" in allowed) {
    const list = allowed.values.map(String);
    return `${list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list.at(-1)}` : list[0]} MiB`;
  }
  return `${allowed.from}..${allowed.to} MiB in steps of ${allowed.step}`;
}

/** The cpu values Fargate allows with this memory, smallest first. */
export function fargateCpusFor(memory: number): number[] {
  return [...FARGATE_TASK_MEMORY.keys()].filter((cpu) => isFargateTaskSize(cpu, memory));
}
