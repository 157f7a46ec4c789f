// Stable addresses: every stack's Terraform addresses are recorded per environment; a change fails here until it is
// deliberate (a moved block for renames, regenerated baselines for additions). UPDATE_ADDRESSES=1 regenerates.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../config/load";
import { addressBook, addressPaths, diffAddresses, formatDiff, type AddressBook } from "./address-diff";
import { configFor, rawConfig, synthStacks, type ShippedEnvironment, type StackJson } from "./helpers";

const BASELINES = join(__dirname, "__addresses__");
const UPDATE = process.env.UPDATE_ADDRESSES === "1";

describe.each<ShippedEnvironment>(["staging", "production"])("%s: Terraform addresses", (env) => {
  const file = join(BASELINES, `${env}.json`);
  let stacks: Record<string, StackJson>;
  beforeAll(() => {
    stacks = synthStacks(configFor(env));
  });

  test("match the committed baseline (UPDATE_ADDRESSES=1 regenerates it after a deliberate change)", () => {
    const current = addressBook(stacks);
    if (UPDATE) {
      mkdirSync(BASELINES, { recursive: true });
      writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
      return;
    }
    if (!existsSync(file)) throw new Error(`No address baseline ${relative(REPO_ROOT, file)}; create it with UPDATE_ADDRESSES=1 npx jest __tests__/addresses.test.ts`);
    const baseline = JSON.parse(readFileSync(file, "utf8")) as AddressBook;
    const diffs = diffAddresses(baseline, current, stacks);
    if (diffs.length > 0) throw new Error(formatDiff(env, relative(REPO_ROOT, file), diffs));
  });
});

/** A copy of the catalog's first phase-1 service under a new name and path. */
function newService(raw: Record<string, any>, name: string): Record<string, any> {
  const template = raw.services.find((s: any) => s.phase === 1);
  return { ...template, name, routing: { paths: [`/api/${name}/*`] } };
}

/** Every address whose construct path has a segment equal to the service name (the service's own constructs). */
function addressesOfService(stacks: Record<string, StackJson>, service: string): string[] {
  return Object.entries(stacks).flatMap(([id, json]) =>
    [...addressPaths(json)].filter(([, path]) => path.split("/").includes(service)).map(([address]) => `${id}/${address}`),
  );
}

function allAddresses(stacks: Record<string, StackJson>): Set<string> {
  return new Set(Object.entries(stacks).flatMap(([id, json]) => [...addressPaths(json).keys()].map((a) => `${id}/${a}`)));
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

describe("catalog edits change only the addresses of the service touched", () => {
  let base: Record<string, StackJson>;
  beforeAll(() => {
    base = synthStacks(configFor("staging"));
  });

  test("adding a service adds exactly that service's addresses", () => {
    const added = synthStacks(configFor("staging", (raw) => raw.services.push(newService(raw, "payments"))));
    expect(addressesOfService(added, "payments").length).toBeGreaterThan(0);
    expect(minus(allAddresses(added), allAddresses(base))).toEqual(addressesOfService(added, "payments").sort());
    expect(minus(allAddresses(base), allAddresses(added))).toEqual([]);
  });

  test("removing a service removes exactly that service's addresses", () => {
    // The second: the first (web-ui) is the catch-all that serves `/` and the rest of the legacy route inventory.
    const victim = rawConfig("staging").services[1].name as string;
    const removed = synthStacks(configFor("staging", (raw) => (raw.services = raw.services.filter((s: any) => s.name !== victim))));
    expect(minus(allAddresses(base), allAddresses(removed))).toEqual(addressesOfService(base, victim).sort());
    expect(minus(allAddresses(removed), allAddresses(base))).toEqual([]);
  });

  test("reordering the catalog changes no address", () => {
    const reordered = synthStacks(configFor("staging", (raw) => raw.services.reverse()));
    expect([...allAddresses(reordered)].sort()).toEqual([...allAddresses(base)].sort());
  });
});
