import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BackendConfig, EnvironmentConfig } from "../../../config/schema";
import { addStateBackend } from "../../../constructs/state/state-backend";
import { PhaseStack, type PhaseStackProps } from "../../../stacks/phase-stack";
import type { PreparationOutputs } from "../../../stacks/preparation-outputs";
import { PreparationStack } from "../../../stacks/preparation-stack";
import { configFor, type StackJson, withoutTerraformOnPath } from "../../helpers";

/** A later phase that reads one preparation output, as every real phase does. */
class ConsumerStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps & { preparation: PreparationOutputs }) {
    super(scope, "phase1", props);
    new SecurityGroup(this, "Probe", { name: "probe", description: "reads the VPC id across stacks", vpcId: props.preparation.vpcId });
  }
}

function synthPair(config: EnvironmentConfig): { producer: StackJson; consumer: StackJson } {
  const outdir = mkdtempSync(join(tmpdir(), "braveheart-backend-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const preparation = new PreparationStack(app, { config });
    new ConsumerStack(app, { config, preparation: preparation.outputs });
    app.synth();
    const read = (id: string) => JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
    return { producer: read(`${config.environment}-preparation`), consumer: read(`${config.environment}-phase1`) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function remoteStateRef(consumer: StackJson): string {
  return consumer.resource!.aws_security_group.Probe.vpc_id;
}

describe("local backend", () => {
  let pair: { producer: StackJson; consumer: StackJson };
  beforeAll(() => {
    pair = synthPair(configFor("staging", (raw) => (raw.backend = { type: "local" })));
  });

  test("keeps each stack's state in a relative file named after the stack (no machine-specific path)", () => {
    expect(pair.producer.terraform?.backend).toEqual({ local: { path: "terraform.staging-preparation.tfstate" } });
    expect(pair.consumer.terraform?.backend).toEqual({ local: { path: "terraform.staging-phase1.tfstate" } });
  });

  test("a later phase reads the producer's state from its sibling stack directory", () => {
    const remote = pair.consumer.data?.terraform_remote_state;
    expect(Object.values<any>(remote!)).toEqual([
      expect.objectContaining({ backend: "local", config: { path: "../staging-preparation/terraform.staging-preparation.tfstate" } }),
    ]);
  });

  test("the value crosses as a producer output read through terraform_remote_state, never a literal id", () => {
    const ref = remoteStateRef(pair.consumer);
    const [, remoteName, outputName] = /^\$\{data\.terraform_remote_state\.([^.]+)\.outputs\.([^}]+)\}$/.exec(ref)!;
    expect(pair.consumer.data?.terraform_remote_state?.[remoteName]).toBeDefined();
    expect(pair.producer.output?.[outputName]).toEqual({ value: expect.stringMatching(/^\$\{aws_vpc\.Network_Vpc_[A-F0-9]+\.id\}$/), sensitive: true });
  });
});

describe("s3 backend", () => {
  let pair: { producer: StackJson; consumer: StackJson };
  beforeAll(() => {
    pair = synthPair(configFor("production"));
  });

  test("gives each stack its own key in the bucket, encrypted and natively locked", () => {
    expect(pair.consumer.terraform?.backend.s3).toMatchObject({ key: "platform/production-phase1.tfstate", encrypt: true, use_lockfile: true });
  });

  test("a later phase reads the producer's key from the same bucket", () => {
    const remote = Object.values<any>(pair.consumer.data!.terraform_remote_state!)[0];
    expect(remote.backend).toBe("s3");
    expect(remote.config).toMatchObject({ bucket: "braveheart-terraform-state-prod", key: "platform/production-preparation.tfstate", region: "eu-west-2" });
    expect(remoteStateRef(pair.consumer)).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
  });
});

describe("cloud backend (Terraform Cloud)", () => {
  let pair: { producer: StackJson; consumer: StackJson };
  beforeAll(() => {
    // Synthesized with no terraform on PATH: cdktf's own CloudBackend fails there (CloudBackendWithoutBinaryCheck).
    const config = configFor("staging", (raw) => {
      raw.backend = { type: "cloud", organization: "braveheart", workspacePrefix: "platform" };
    });
    pair = withoutTerraformOnPath(() => synthPair(config));
  });

  test("synthesizes without a terraform binary, keeping cdktf's other checks (a stack without its provider still fails)", () => {
    expect(pair.producer.terraform?.cloud).toBeDefined();
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "braveheart-backend-")), stackTraces: false });
    const stack = new TerraformStack(app, "no-provider");
    addStateBackend(stack, { backend: { type: "cloud", organization: "braveheart", workspacePrefix: "platform", project: "Default Project" } as BackendConfig, stackId: "x", defaultRegion: "eu-west-2" });
    new SecurityGroup(stack, "Probe", { name: "probe" });
    try {
      expect(withoutTerraformOnPath(() => stack.node.findAll().flatMap((c) => c.node.validate()))).toEqual([
        expect.stringContaining("Found resources without a matching provider construct"),
      ]);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  test.each(["local", "remote", "agent"])(
    "executionMode %s: the same cloud block on a configured hostname (the mode is a workspace setting CI follows, not part of the block)",
    (executionMode) => {
      const config = configFor("staging", (raw) => {
        raw.backend = { type: "cloud", organization: "braveheart", hostname: "tfe.braveheart-tech.com", workspacePrefix: "platform", executionMode };
      });
      const { producer, consumer } = withoutTerraformOnPath(() => synthPair(config));
      expect(producer.terraform?.cloud).toEqual({ organization: "braveheart", hostname: "tfe.braveheart-tech.com", workspaces: { name: "platform-staging-preparation", project: "Default Project" } });
      // The consumer reads the producer's workspace on the same host
      const remote = Object.values<any>(consumer.data?.terraform_remote_state ?? {})[0];
      expect(remote.config).toMatchObject({ organization: "braveheart", hostname: "tfe.braveheart-tech.com", workspaces: { name: "platform-staging-preparation" } });
    },
  );

  test("gives each stack its own named workspace", () => {
    expect(pair.producer.terraform?.cloud).toEqual({ organization: "braveheart", hostname: "app.terraform.io", workspaces: { name: "platform-staging-preparation", project: "Default Project" } });
    expect(pair.consumer.terraform?.cloud.workspaces).toEqual({ name: "platform-staging-phase1", project: "Default Project" });
  });

  test("a later phase reads the producer's named workspace through the remote backend", () => {
    const remote = Object.values<any>(pair.consumer.data!.terraform_remote_state!)[0];
    expect(remote).toMatchObject({
      backend: "remote",
      config: { organization: "braveheart", hostname: "app.terraform.io", workspaces: { name: "platform-staging-preparation" } },
    });
    expect(remoteStateRef(pair.consumer)).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
  });
});
