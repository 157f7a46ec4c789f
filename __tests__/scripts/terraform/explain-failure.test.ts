// A failed plan explained in config terms: Terraform's text output (with and without its box drawing) is read back to
// the failing address, and an image tag that was never pushed is named with its service, tag and repository.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { explainFailureFiles } from "../../../scripts/explain-failure";
import { explainFailures, failuresInTerraformText } from "../../../scripts/terraform/explain-failure";
import { REPO_ROOT } from "../../../config/load";
import { configFor, synthStacks } from "../../helpers";

const staging = synthStacks(configFor("staging"))["staging-phase1"];
const catalogImage = Object.entries<any>(staging.data!.aws_ecr_image).find(([, d]) => d["//"].metadata.path.endsWith("/Services/catalog/Image"))![0];
const address = `data.aws_ecr_image.${catalogImage}`;

/** Terraform 1.11's plain (`-no-color`) rendering of a data source read error. */
const PLAIN = `data.aws_ecr_image.Other: Reading...

Error: reading ECR Images: couldn't find resource

  with ${address},
  on cdk.tf.json line 812, in data "aws_ecr_image" "${catalogImage}":
 812:       },

`;
/** The same in a terminal, with the box drawing. */
const BOXED = PLAIN.split("\n").slice(2).map((l) => (l ? `│ ${l}` : "│ ")).join("\n").replace(/^/, "╷\n") + "\n╵\n";

describe("failuresInTerraformText", () => {
  test.each([
    ["plain (-no-color)", PLAIN],
    ["boxed", BOXED],
  ])("reads the summary and the address of an error, %s", (_, text) => {
    expect(failuresInTerraformText(text)).toEqual([{ summary: "reading ECR Images: couldn't find resource", address }]);
  });

  test("an error without an address (a provider configuration error) is not attributed to one", () => {
    expect(failuresInTerraformText("Error: AWS account ID not allowed: 999999999999\n\n  with provider[\"registry.terraform.io/hashicorp/aws\"],\n")).toEqual([]);
  });
});

describe("explainFailures", () => {
  const failure = { summary: "reading ECR Images: couldn't find resource", address };

  test("a missing image tag names the file, the service (index and name), the tag, the repository and what to do", () => {
    const config = configFor("staging");
    const tag = config.services.find((s) => s.name === "catalog")!.imageTag;
    expect(explainFailures(staging as never, config, [failure], "config/staging.yaml")).toEqual([
      `config/staging.yaml: services[1] (catalog).imageTag (got ${JSON.stringify(tag)}): no image with this tag in ECR repository braveheart/catalog ` +
        `(Terraform: "reading ECR Images: couldn't find resource" at ${address}); allowed: a tag that was pushed there. Publish it with the ` +
        `application repository's publish workflow (README, "Adding or moving a service"), or set imageTag back to a pushed tag.`,
    ]);
  });

  test("the README quotes the line as it is printed (placeholders for the file, the service, the tag and the repository)", () => {
    const config = configFor("staging");
    const [line] = explainFailures(staging as never, config, [failure], "config/staging.yaml");
    const template = line
      .split(" (Terraform:")[0]
      .replace("config/staging.yaml", "config/<env>.yaml")
      .replace("services[1] (catalog)", "services[i] (name)")
      .replace(/\(got "[^"]+"\)/, '(got "<tag>")')
      .replace("braveheart/catalog", "<repo>");
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(`\`${template} ...\``);
    // Terraform's snippet of the failing data source is its closing brace, never the tag.
    expect(readme).not.toMatch(/configuration line shows the tag/);
  });

  test("without the config the synthesized stack still names the service and the tag", () => {
    expect(explainFailures(staging as never, undefined, [failure])[0]).toMatch(/^the environment file: services \(catalog\)\.imageTag \(got "[^"]+"\): no image/);
  });

  test("failures it has nothing to say about are left to Terraform's message", () => {
    expect(explainFailures(staging as never, configFor("staging"), [{ summary: "something else", address: "aws_lb.LoadBalancer_Alb_0123ABCD" }])).toEqual([]);
  });
});

describe("explainFailureFiles (what .ci/stacks runs after a failed plan)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "braveheart-explain-"));
    mkdirSync(join(dir, "stacks", "staging-phase1"), { recursive: true });
    writeFileSync(join(dir, "stacks", "staging-phase1", "cdk.tf.json"), JSON.stringify(staging));
    writeFileSync(join(dir, "plan.log"), PLAIN);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("as GitHub error annotations in Actions, plain lines elsewhere", () => {
    const env = { BRAVEHEART_CONFIG: "config/staging.yaml" };
    expect(explainFailureFiles(dir, "staging-phase1", join(dir, "plan.log"), env)).toEqual([expect.stringMatching(/^config\/staging\.yaml: services\[1\] \(catalog\)\.imageTag/)]);
    expect(explainFailureFiles(dir, "staging-phase1", join(dir, "plan.log"), { ...env, GITHUB_ACTIONS: "true" })[0]).toMatch(/^::error::config\/staging\.yaml: services\[1\] \(catalog\)/);
  });

  test("nothing for a stack that was not synthesized", () => {
    expect(explainFailureFiles(dir, "staging-golive", join(dir, "plan.log"), {})).toEqual([]);
  });
});
