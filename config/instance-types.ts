// What one ECS host offers a task, for the instance types an environment is likely to list. The schema accepts any
// well-formed type name, so this is a table of common ECS host types, not a list of allowed ones: a type missing
// here is skipped by the check rather than rejected (every larger size of these families holds any task the schema
// allows, 4 vCPU and 30 GiB at most, so only the small sizes need to be known).

export interface InstanceSize {
  readonly vcpus: number;
  /** Installed memory as EC2 advertises it. */
  readonly memoryMiB: number;
}

/**
 * Share of a host's installed memory left out of what tasks may reserve. The ECS agent registers the memory the
 * kernel reports, already 2-4% below the advertised size (AWS's example: an m4.large's 8192 MiB registers as 7985
 * MiB), and the agent, containerd and the other host processes need room outside every task's reservation (AWS
 * recommends reserving 5% for them). 10% covers both with a little to spare, so a task this check accepts is one ECS
 * can place, and one sized to the advertised memory fails here instead of sitting in PROVISIONING.
 */
export const HOST_MEMORY_HEADROOM = 0.1;
/** ECS CPU units per vCPU. CPU is a share, not a hard partition, so all of it is offered to tasks. */
export const CPU_UNITS_PER_VCPU = 1024;

/** Memory per vCPU of the m (general purpose), c (compute) and r (memory) families, from large to 4xlarge. */
const FAMILIES: readonly { readonly gibPerVcpu: number; readonly names: readonly string[]; readonly withMedium: readonly string[] }[] = [
  { gibPerVcpu: 4, names: ["m5", "m5a", "m6i", "m6a", "m7i", "m7a", "m6g", "m7g"], withMedium: ["m6g", "m7g", "m7a"] },
  { gibPerVcpu: 2, names: ["c5", "c5a", "c6i", "c6a", "c7i", "c7a", "c6g", "c7g"], withMedium: ["c6g", "c7g", "c7a"] },
  { gibPerVcpu: 8, names: ["r5", "r5a", "r6i", "r6a", "r7i", "r7a", "r6g", "r7g"], withMedium: ["r6g", "r7g", "r7a"] },
];
const SIZES: Readonly<Record<string, number>> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16 };
/** Burstable types do not follow a fixed ratio: vCPUs and GiB per size. */
const BURSTABLE_SIZES: Readonly<Record<string, readonly [number, number]>> = {
  nano: [2, 0.5], micro: [2, 1], small: [2, 2], medium: [2, 4], large: [2, 8], xlarge: [4, 16], "2xlarge": [8, 32],
};

function buildTable(): ReadonlyMap<string, InstanceSize> {
  const table = new Map<string, InstanceSize>();
  const add = (type: string, vcpus: number, gib: number) => table.set(type, { vcpus, memoryMiB: gib * 1024 });
  for (const family of FAMILIES) {
    for (const name of family.names) {
      for (const [size, vcpus] of Object.entries(SIZES)) add(`${name}.${size}`, vcpus, vcpus * family.gibPerVcpu);
      if (family.withMedium.includes(name)) add(`${name}.medium`, 1, family.gibPerVcpu);
    }
  }
  for (const name of ["t3", "t3a", "t4g"]) {
    for (const [size, [vcpus, gib]] of Object.entries(BURSTABLE_SIZES)) add(`${name}.${size}`, vcpus, gib);
  }
  return table;
}

export const INSTANCE_SIZES: ReadonlyMap<string, InstanceSize> = buildTable();

/** CPU units one host offers tasks. */
export function taskCpuUnits(size: InstanceSize): number {
  return size.vcpus * CPU_UNITS_PER_VCPU;
}

/** MiB one host offers tasks, after HOST_MEMORY_HEADROOM. */
export function taskMemoryMiB(size: InstanceSize): number {
  return Math.floor(size.memoryMiB * (1 - HOST_MEMORY_HEADROOM));
}
