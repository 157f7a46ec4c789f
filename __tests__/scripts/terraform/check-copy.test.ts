// The check copy changes only what a check on this machine cannot use, and nothing of the resources.
import { checkCopy, offlineProviderSettings, STAND_IN_ENDPOINTS } from "../../../scripts/terraform/check-copy";
import { configFor, synthStacks } from "../../helpers";

describe("check copy", () => {
  const stacks = synthStacks(configFor("staging"));
  const phase2 = stacks["staging-phase2"] as any;

  test("validate copy: only the provider version and the backend change", () => {
    const copy = checkCopy(phase2, { providerVersion: "5.100.0" }) as any;
    expect(copy.terraform.required_providers.aws).toEqual({ ...phase2.terraform.required_providers.aws, version: "5.100.0" });
    expect(copy.terraform.backend).toBeUndefined();
    expect(copy.terraform.required_version).toBe(phase2.terraform.required_version);
    expect(copy.resource).toEqual(phase2.resource);
    expect(copy.data).toEqual(phase2.data);
    expect(copy.provider).toEqual(phase2.provider);
    // the input is not modified
    expect(phase2.terraform.required_providers.aws.version).toBe("6.25.0");
  });

  test("plan copy: offline credentials and endpoints on every aws provider, remote state read from local files", () => {
    const remoteStates = { "cross-stack-reference-input-staging-preparation": "/tmp/p.tfstate", "cross-stack-reference-input-staging-phase1": "/tmp/1.tfstate" };
    const copy = checkCopy(phase2, { providerVersion: "5.100.0", offline: { endpoint: "http://127.0.0.1:9", remoteStates } }) as any;
    for (const provider of copy.provider.aws) {
      expect(provider).toMatchObject({ ...offlineProviderSettings("http://127.0.0.1:9"), region: "eu-west-2", default_tags: phase2.provider.aws[0].default_tags });
      expect(Object.keys(provider.endpoints[0]).sort()).toEqual([...STAND_IN_ENDPOINTS].sort());
    }
    expect(copy.data.terraform_remote_state["cross-stack-reference-input-staging-phase1"]).toEqual({ backend: "local", config: { path: "/tmp/1.tfstate" } });
    expect(copy.resource).toEqual(phase2.resource);
  });

  test("a remote state with no generated local state is an error, not a read of real state", () => {
    expect(() => checkCopy(phase2, { providerVersion: "5.100.0", offline: { endpoint: "http://127.0.0.1:9", remoteStates: {} } })).toThrow(
      /terraform_remote_state\.cross-stack-reference-input-staging-\w+: no local state was generated for it/,
    );
  });
});
