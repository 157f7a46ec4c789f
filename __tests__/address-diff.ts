// Terraform addresses of synthesized stacks, and the difference between two sets of them, for the stable-address
// tests. A removed address is only harmless when a `moved` block maps it to its new address.
import type { StackJson } from "./helpers";

/** stack id -> sorted addresses (`type.name` for resources, `data.type.name` for data sources). */
export type AddressBook = Record<string, string[]>;

/** Every resource and data source address of a stack, with its construct path. */
export function addressPaths(stack: StackJson): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [prefix, blocks] of [["", stack.resource], ["data.", stack.data]] as const) {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries<any>(byName)) paths.set(`${prefix}${type}.${name}`, String(body?.["//"]?.metadata?.path ?? ""));
    }
  }
  return paths;
}

export function addressBook(stacks: Record<string, StackJson>): AddressBook {
  return Object.fromEntries(Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b)).map(([id, json]) => [id, [...addressPaths(json).keys()].sort()]));
}

export interface StackDiff {
  readonly stack: string;
  readonly added: string[];
  /** Removed addresses a moved block maps to a current address: state follows, nothing is destroyed. */
  readonly moved: { from: string; to: string }[];
  /** Removed addresses without a moved block: Terraform would destroy them. */
  readonly destroyed: string[];
}

export function diffAddresses(baseline: AddressBook, current: AddressBook, stacks: Record<string, StackJson>): StackDiff[] {
  const ids = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
  return ids
    .map((stack) => {
      const before = new Set(baseline[stack] ?? []);
      const after = new Set(current[stack] ?? []);
      const moves = new Map((stacks[stack]?.moved ?? []).map((m: { from: string; to: string }) => [m.from, m.to]));
      const removed = [...before].filter((a) => !after.has(a));
      return {
        stack,
        added: [...after].filter((a) => !before.has(a)),
        moved: removed.filter((a) => after.has(moves.get(a) ?? "")).map((from) => ({ from, to: moves.get(from)! })),
        destroyed: removed.filter((a) => !after.has(moves.get(a) ?? "")),
      };
    })
    .filter((d) => d.added.length + d.moved.length + d.destroyed.length > 0);
}

export function formatDiff(env: string, baselineFile: string, diffs: readonly StackDiff[]): string {
  const lines = diffs.flatMap((d) => [
    `  ${d.stack}:`,
    ...d.added.map((a) => `    + ${a}`),
    ...d.moved.map((m) => `    ~ ${m.from} -> ${m.to} (moved block: state follows)`),
    ...d.destroyed.map((a) => `    - ${a} (NO moved block: Terraform would DESTROY it)`),
  ]);
  return [
    `Terraform addresses of ${env} differ from ${baselineFile}:`,
    ...lines,
    "",
    "A removed address is a destroy. If a construct was renamed or moved, add a moved block in the same change",
    "(cdktf: resource.moveTo(...) / moveFromId(...)). If the change is intended (including new stacks or resources",
    "merged from other branches: the integrator regenerates), update the baselines and commit them:",
    "  UPDATE_ADDRESSES=1 npx jest __tests__/addresses.test.ts",
  ].join("\n");
}
