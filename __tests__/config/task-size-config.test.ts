// A service's cpu and memory must together be an AWS Fargate task size (config/task-sizes.ts says why, on EC2
// capacity too): each cpu's memory boundaries, just inside and just outside, and the message the user sees.
import { FARGATE_TASK_MEMORY, fargateCpusFor, isFargateTaskSize } from "../../config/task-sizes";
import { configFor, configProblems } from "../helpers";

const HEADER = "Invalid configuration in config/staging.yaml (1 problem):\n";
const PORTABLE = "(the AWS Fargate task sizes, kept on EC2 too so the service can move to Fargate)";

/** staging with services[2] (orders) at this size, on hosts large enough that only the task-size rule can object. */
const sized = (cpu: number, memory: number) => (raw: Record<string, any>) => {
  raw.capacity.instanceTypes = ["m6i.4xlarge"]; // 16 vCPU, 64 GiB
  raw.services[2].cpu = cpu;
  raw.services[2].memory = memory;
};

describe("Fargate task sizes", () => {
  // From the ECS developer guide's "Task CPU and memory" table (fargate-tasks-services.html#fargate-tasks-size).
  const RANGES: readonly [cpu: number, inside: number[], outside: number[], allowed: string][] = [
    [256, [512, 1024, 2048], [256, 1536, 3072], "512, 1024 or 2048 MiB"],
    [512, [1024, 2048, 4096], [512, 1536, 5120], "1024..4096 MiB in steps of 1024"],
    [1024, [2048, 5120, 8192], [1024, 2560, 9216], "2048..8192 MiB in steps of 1024"],
    [2048, [4096, 9216, 16384], [3072, 4608, 17408], "4096..16384 MiB in steps of 1024"],
    [4096, [8192, 20480, 30720], [7168, 8704], "8192..30720 MiB in steps of 1024"],
  ];

  test.each(RANGES)("cpu %d: the lowest and highest memory pass, the sizes just outside fail", (cpu, inside, outside, allowed) => {
    for (const memory of inside) expect(configFor("staging", sized(cpu, memory)).services[2].memory).toBe(memory);
    for (const memory of outside) {
      expect(configProblems(sized(cpu, memory))).toContain(
        `  - services[2] (orders).memory (got ${memory}): with cpu ${cpu} allowed memory is ${allowed} ${PORTABLE}; allowed: one of those`,
      );
    }
  });

  test("above 30720 MiB the schema's range already says no (no cpu the schema allows takes more)", () => {
    expect(configProblems(sized(4096, 31744))).toBe(`${HEADER}  - services[2] (orders).memory (got 31744): out of range; allowed: an integer from 128 to 30720`);
  });

  test("the message names the file, the service, the value, the allowed memory and the cpus that would take it", () => {
    expect(configProblems(sized(2048, 128))).toBe(
      `${HEADER}  - services[2] (orders).memory (got 128): with cpu 2048 allowed memory is 4096..16384 MiB in steps of 1024 ${PORTABLE}; allowed: one of those`,
    );
    expect(configProblems(sized(256, 4096))).toBe(
      `${HEADER}  - services[2] (orders).memory (got 4096): with cpu 256 allowed memory is 512, 1024 or 2048 MiB ${PORTABLE}; ` +
        "allowed: one of those, or cpu 512, 1024 or 2048 for 4096 MiB",
    );
    expect(configProblems(sized(4096, 4096))).toContain("allowed: one of those, or cpu 512, 1024 or 2048 for 4096 MiB");
    expect(configProblems(sized(512, 12288))).toContain("allowed: one of those, or cpu 2048 or 4096 for 12288 MiB");
    expect(configProblems(sized(1024, 30720))).toContain("allowed: one of those, or cpu 4096 for 30720 MiB");
  });

  test("every service of a file is checked, and the host-fit check still applies to a valid Fargate size", () => {
    const problems = configProblems((raw) => {
      raw.services[0].memory = 4096; // web-ui, cpu 256
      raw.services[3].cpu = 2048; // accounts, memory 1024
      raw.services[1].cpu = 2048;
      raw.services[1].memory = 16384; // a Fargate size, larger than one m6i.large offers
    });
    expect(problems).toContain("  - services[0] (web-ui).memory (got 4096): with cpu 256 allowed memory is 512, 1024 or 2048 MiB");
    expect(problems).toContain("  - services[3] (accounts).memory (got 1024): with cpu 2048 allowed memory is 4096..16384 MiB in steps of 1024");
    expect(problems).toContain("  - services[1] (catalog).memory (got 16384): does not fit on one m6i.large host");
    expect(problems).toMatch(/\(3 problems\)/);
  });

  test("both shipped environments use Fargate task sizes", () => {
    for (const env of ["staging", "production"] as const) {
      for (const s of configFor(env).services) expect([s.name, isFargateTaskSize(s.cpu, s.memory)]).toEqual([s.name, true]);
    }
  });

  test("the table: every cpu the schema allows has a row, and the memory a cpu takes is the reverse lookup", () => {
    expect([...FARGATE_TASK_MEMORY.keys()]).toEqual([256, 512, 1024, 2048, 4096]);
    expect(fargateCpusFor(2048)).toEqual([256, 512, 1024]);
    expect(fargateCpusFor(8192)).toEqual([1024, 2048, 4096]);
    expect(fargateCpusFor(1536)).toEqual([]);
    expect(isFargateTaskSize(8192, 16384)).toBe(false); // not a cpu this project allows
  });
});
