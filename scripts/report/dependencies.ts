// Cross-stack dependencies as the synthesized Terraform states them: a consumer's terraform_remote_state data source
// names the producer's state (path, key or workspace, which contain the producer's stack id), and the consumer's
// expressions read `data.terraform_remote_state.<source>.outputs.<output>`, an output block of the producer whose
// value references one of its resources.
import { PHASES } from "../../stacks/phases";
import { byText, referencesIn, resourcesOf, stringsIn, type SynthStack } from "./synth-model";

export interface OutputRead {
  readonly output: string;
  /** The producer attribute the output carries, e.g. `aws_vpc.Network_Vpc_FAC8F4A5.id`; the literal when it is none. */
  readonly attribute: string;
  /** Construct path of the producer resource, e.g. `Network/Vpc`. */
  readonly producerPath?: string;
  /** Consumer blocks (resources, data sources, outputs) whose expressions read it. */
  readonly readBy: readonly string[];
  /** The producer has no such output (the consumer would fail at plan time). */
  readonly missing: boolean;
}

export interface StackDependency {
  readonly consumer: string;
  /** The producer stack id; the remote state's own description when no synthesized stack matches. */
  readonly producer: string;
  readonly producerKnown: boolean;
  /** Reading a phase applied later breaks the phase order (the architecture forbids it). */
  readonly readsLaterPhase: boolean;
  /** `data.terraform_remote_state.<name>` */
  readonly remoteState: string;
  readonly backend: string;
  readonly outputs: readonly OutputRead[];
}

const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;

/** The synthesized stack whose id the remote state's configuration (or, failing that, its name) mentions. */
function producerOf(name: string, config: unknown, stacks: readonly SynthStack[]): SynthStack | undefined {
  // Followed by a separator: `../staging-phase1/...`, `.../staging-phase1.tfstate`, workspace `prefix-staging-phase1`.
  const mentions = (text: string) => stacks.filter((s) => new RegExp(`${s.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(text));
  const fromConfig = stringsIn(config).flatMap(mentions);
  const candidates = fromConfig.length > 0 ? fromConfig : mentions(name);
  // The longest id wins: `staging-phase1` must not be mistaken for a stack called `staging`.
  return [...new Set(candidates)].sort((a, b) => b.id.length - a.id.length || byText(a.id, b.id))[0];
}

/** Every block of the consumer that reads each `<remote state>.<output>` pair. */
function readsIn(consumer: SynthStack): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  const note = (address: string, value: unknown) => {
    for (const text of stringsIn(value)) {
      for (const m of text.matchAll(REMOTE_OUTPUT)) {
        const key = `${m[1]}\n${m[2]}`;
        if (!reads.has(key)) reads.set(key, new Set());
        reads.get(key)!.add(address);
      }
    }
  };
  for (const block of resourcesOf(consumer)) note(block.address, block.body);
  for (const [type, byName] of Object.entries(consumer.document.data ?? {})) {
    for (const [name, body] of Object.entries(byName)) note(`data.${type}.${name}`, body);
  }
  for (const [name, body] of Object.entries(consumer.document.output ?? {})) note(`output.${name}`, body);
  return reads;
}

export function crossStackDependencies(stacks: readonly SynthStack[]): StackDependency[] {
  const dependencies: StackDependency[] = [];
  for (const consumer of stacks) {
    const reads = readsIn(consumer);
    for (const [name, body] of Object.entries(consumer.document.data?.terraform_remote_state ?? {})) {
      const producer = producerOf(name, body.config, stacks);
      const producerOutputs = producer?.document.output ?? {};
      const producerPaths = new Map(producer ? resourcesOf(producer).map((r) => [r.address, r.path]) : []);
      const outputs = [...reads.entries()]
        .filter(([key]) => key.startsWith(`${name}\n`))
        .map(([key, readBy]): OutputRead => {
          const output = key.slice(name.length + 1);
          const value = producerOutputs[output]?.value;
          const [attribute] = referencesIn(value);
          const resource = attribute?.split(".").slice(0, attribute.startsWith("data.") ? 3 : 2).join(".");
          return {
            output,
            attribute: attribute ?? (value === undefined ? "?" : JSON.stringify(value)),
            producerPath: resource ? producerPaths.get(resource) : undefined,
            readBy: [...readBy].sort(byText),
            missing: producer !== undefined && !(output in producerOutputs),
          };
        })
        .sort((a, b) => byText(a.attribute, b.attribute) || byText(a.output, b.output));
      const rank = (s?: SynthStack) => (s?.phase ? PHASES.indexOf(s.phase) : -1);
      dependencies.push({
        consumer: consumer.id,
        producer: producer?.id ?? (stringsIn(body.config).join(" ") || name),
        producerKnown: producer !== undefined,
        readsLaterPhase: producer !== undefined && rank(producer) >= 0 && rank(consumer) >= 0 && rank(producer) > rank(consumer),
        remoteState: `data.terraform_remote_state.${name}`,
        backend: String(body.backend ?? "?"),
        outputs,
      });
    }
  }
  const order = new Map(stacks.map((s, i) => [s.id, i]));
  const at = (id: string) => order.get(id) ?? stacks.length;
  return dependencies.sort((a, b) => at(a.consumer) - at(b.consumer) || at(a.producer) - at(b.producer) || byText(a.producer, b.producer));
}
