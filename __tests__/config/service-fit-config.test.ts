// Two checks on the catalog that no single field can make: two services must not claim the same requests, and a
// task must fit on one ECS host of the configured instance types.
import { HOST_MEMORY_HEADROOM, INSTANCE_SIZES, taskCpuUnits, taskMemoryMiB } from "../../config/instance-types";
import { configFor, configProblems } from "../helpers";

const HEADER = "Invalid configuration in config/staging.yaml (1 problem):\n";
const ZONE = "staging.braveheart-tech.com";

describe("services with identical routing", () => {
  test("the same path pattern with no hosts is rejected, naming both services' fields", () => {
    expect(configProblems((raw) => (raw.services[1].routing.paths = ["/app/*"]))).toBe(
      HEADER +
        `  - services[1] (catalog).routing.paths[0] (got "/app/*"): routes the same requests (path /app/* on any host) as services[0] (web-ui).routing.paths[0]: ` +
        "only the rule evaluated first (lower routing.priority) would ever see them; " +
        "allowed: a path pattern or routing.hosts that no other service has",
    );
  });

  test("a duplicate in the middle of a service's path list is found by its index", () => {
    expect(configProblems((raw) => (raw.services[3].routing.paths = ["/api/accounts/*", "/api/orders/*"]))).toContain(
      `  - services[3] (accounts).routing.paths[1] (got "/api/orders/*"): routes the same requests (path /api/orders/* on any host) as services[2] (orders).routing.paths[0]:`,
    );
  });

  test("the same hosts in another order or repeated are the same host condition", () => {
    expect(
      configProblems((raw) => {
        raw.services[0].routing = { hosts: [`a.${ZONE}`, `b.${ZONE}`], paths: ["/x/*"] };
        raw.services[1].routing = { hosts: [`b.${ZONE}`, `a.${ZONE}`, `b.${ZONE}`], paths: ["/x/*"] };
      }),
    ).toContain(
      `  - services[1] (catalog).routing.paths[0] (got "/x/*"): routes the same requests (path /x/* on hosts b.${ZONE}, a.${ZONE}, b.${ZONE}) as services[0] (web-ui).routing.paths[0]:`,
    );
  });

  test("two host-only services on the same hosts are rejected at their hosts", () => {
    expect(
      configProblems((raw) => {
        raw.services[0].routing = { hosts: [`api.${ZONE}`] };
        raw.services[1].routing = { hosts: [`api.${ZONE}`] };
      }),
    ).toBe(
      HEADER +
        `  - services[1] (catalog).routing.hosts (got ["api.${ZONE}"]): routes the same requests (every path on host api.${ZONE}) as services[0] (web-ui).routing.hosts: ` +
        "only the rule evaluated first (lower routing.priority) would ever see them; " +
        "allowed: a path pattern or routing.hosts that no other service has",
    );
  });

  test("no path condition and the pattern /* match the same requests", () => {
    expect(
      configProblems((raw) => {
        raw.services[0].routing = { hosts: [`api.${ZONE}`] };
        raw.services[1].routing = { hosts: [`api.${ZONE}`], paths: ["/*"] };
      }),
    ).toContain(`  - services[1] (catalog).routing.paths[0] (got "/*"): routes the same requests (path /* on host api.${ZONE}) as services[0] (web-ui).routing.hosts:`);
  });

  test("a listed service twice is reported as a duplicate name only, not also as duplicate routing", () => {
    expect(configProblems((raw) => raw.services.push({ ...raw.services[0] }))).toBe(
      HEADER + `  - services[4].name (got "web-ui"): duplicates services[0] (web-ui).name; allowed: unique service names`,
    );
  });

  test.each([
    ["the same path on different hosts", { hosts: [`a.${ZONE}`], paths: ["/x/*"] }, { hosts: [`b.${ZONE}`], paths: ["/x/*"] }],
    ["the same path, once with a host and once without", { paths: ["/x/*"] }, { hosts: [`b.${ZONE}`], paths: ["/x/*"] }],
    ["overlapping wildcards (left to the priorities)", { paths: ["/shop/*"] }, { paths: ["/shop/cart/*"] }],
    ["paths differing only in case (ALB matches paths case-sensitively)", { paths: ["/App/*"] }, { paths: ["/app/*"] }],
  ])("%s is accepted", (_name, first, second) => {
    const config = configFor("staging", (raw) => {
      raw.services[0].routing = { ...first, catchAll: true }; // `/` and the rest of the legacy route inventory
      raw.services[1].routing = second;
    });
    expect(config.services[1].routing.paths).toEqual(second.paths);
  });
});

describe("task size against the ECS instance type", () => {
  // staging runs m6i.large: 2 vCPU, 8 GiB. The sizes below are Fargate task sizes (config/task-sizes.ts), so the
  // host-fit check is the only one that fires.
  const M6I_LARGE_TASK_MIB = Math.floor(8192 * (1 - HOST_MEMORY_HEADROOM));

  test("a task asking for a whole host's memory is rejected, with what one host leaves for tasks", () => {
    expect(
      configProblems((raw) => {
        raw.services[0].cpu = 1024;
        raw.services[0].memory = 8192;
      }),
    ).toBe(
      HEADER +
        "  - services[0] (web-ui).memory (got 8192): does not fit on one m6i.large host (capacity.instanceTypes[0]: 8192 MiB, of which 7372 MiB " +
        "are left for tasks after 10% for the OS and the ECS agent); allowed: at most 7372, or only larger instance types in capacity.instanceTypes",
    );
  });

  test("memory is allowed up to the headroom: the largest Fargate size below it passes, the next one does not", () => {
    expect(M6I_LARGE_TASK_MIB).toBe(7372);
    const withMemory = (memory: number) => (raw: Record<string, any>) => {
      raw.services[0].cpu = 1024;
      raw.services[0].memory = memory;
    };
    expect(configFor("staging", withMemory(7168)).services[0].memory).toBe(7168);
    expect(configProblems(withMemory(8192))).toContain("  - services[0] (web-ui).memory (got 8192): does not fit");
  });

  test("a task asking for more vCPUs than one host has is rejected", () => {
    // Fargate's smallest memory with 4 vCPU (8192 MiB) does not fit an m6i.large either: both are reported.
    const problems = configProblems((raw) => {
      raw.services[1].cpu = 4096;
      raw.services[1].memory = 8192;
    });
    expect(problems).toContain(
      "  - services[1] (catalog).cpu (got 4096): does not fit on one m6i.large host (capacity.instanceTypes[0]: 2 vCPU = 2048 CPU units); " +
        "allowed: at most 2048, or only larger instance types in capacity.instanceTypes\n",
    );
    expect(problems).toContain("  - services[1] (catalog).memory (got 8192): does not fit on one m6i.large host");
    expect(problems).not.toContain("Fargate");
    const twoVcpus = configFor("staging", (raw) => {
      raw.services[1].cpu = 2048;
      raw.services[1].memory = 4096;
    });
    expect(twoVcpus.services[1].cpu).toBe(2048);
  });

  test("with several instance types a task must fit on the smallest, which the message names", () => {
    expect(
      configProblems((raw) => {
        raw.capacity.instanceTypes = ["m6i.xlarge", "c6i.large", "m5.xlarge"];
        raw.services[0].cpu = 512;
        raw.services[0].memory = 4096;
      }),
    ).toBe(
      HEADER +
        "  - services[0] (web-ui).memory (got 4096): does not fit on one c6i.large host (capacity.instanceTypes[1]: 4096 MiB, of which 3686 MiB " +
        "are left for tasks after 10% for the OS and the ECS agent); allowed: at most 3686, or only larger instance types in capacity.instanceTypes",
    );
  });

  test("instance types the table does not know are skipped, not guessed", () => {
    const config = configFor("staging", (raw) => {
      raw.capacity.instanceTypes = ["x2idn.large"];
      raw.services[0].cpu = 4096;
      raw.services[0].memory = 30720;
    });
    expect(config.services[0].memory).toBe(30720);
  });

  test("an unknown type next to a known one: the known one still limits", () => {
    expect(
      configProblems((raw) => {
        raw.capacity.instanceTypes = ["x2idn.large", "t3.small"];
        raw.services[0].memory = 2048;
      }),
    ).toContain("  - services[0] (web-ui).memory (got 2048): does not fit on one t3.small host (capacity.instanceTypes[1]: 2048 MiB, of which 1843 MiB");
  });

  test("the table's sizes are EC2's (spot checks across families)", () => {
    const size = (type: string) => {
      const s = INSTANCE_SIZES.get(type);
      return s && [s.vcpus, s.memoryMiB];
    };
    expect(size("m6i.large")).toEqual([2, 8192]);
    expect(size("m5.xlarge")).toEqual([4, 16384]);
    expect(size("c6g.medium")).toEqual([1, 2048]);
    expect(size("c7i.4xlarge")).toEqual([16, 32768]);
    expect(size("r6g.large")).toEqual([2, 16384]);
    expect(size("t3.micro")).toEqual([2, 1024]);
    expect(size("t4g.2xlarge")).toEqual([8, 32768]);
    // m7i has no medium size
    expect(size("m7i.medium")).toBeUndefined();
    expect(taskCpuUnits(INSTANCE_SIZES.get("m6i.xlarge")!)).toBe(4096);
    expect(taskMemoryMiB(INSTANCE_SIZES.get("m6i.xlarge")!)).toBe(14745);
  });
});
