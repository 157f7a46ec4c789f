// ImportBlock against cdktf's own `importFrom`: the same Terraform, without a terraform binary at synth.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Testing, TerraformStack } from "cdktf";
import { ImportBlock } from "../../../constructs/state/import-block";
import { withoutTerraformOnPath } from "../../helpers";

const IMPORT_ID = "Z0HOSTEDZONE_www.example.com_A";

/** A stack with one record, imported either way. */
function stackWith(how: "ImportBlock" | "importFrom"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "stack");
  new AwsProvider(stack, "aws", { region: "eu-west-2" });
  const record = new Route53Record(stack, "Legacy", { zoneId: "Z0HOSTEDZONE", name: "www.example.com", type: "A", ttl: 60, records: ["192.0.2.1"] });
  if (how === "importFrom") record.importFrom(IMPORT_ID);
  else new ImportBlock(stack, "LegacyImport", { resource: record, importId: IMPORT_ID });
  return stack;
}

describe("ImportBlock", () => {
  test("writes the import block cdktf's importFrom writes, to the resource's bare address", () => {
    const json = JSON.parse(Testing.synth(stackWith("ImportBlock")));
    expect(json.import).toEqual([{ to: "aws_route53_record.Legacy", id: IMPORT_ID }]);
    expect(json).toEqual(JSON.parse(Testing.synth(stackWith("importFrom"))));
  });

  test("writes the same HCL and stack metadata as importFrom", () => {
    const [ours, cdktfs] = [stackWith("ImportBlock"), stackWith("importFrom")];
    expect(Testing.synthHcl(ours)).toMatch(/^import {\n\s*to = aws_route53_record\.Legacy\n\s*id = "Z0HOSTEDZONE_www\.example\.com_A"\n}$/m);
    expect(Testing.synthHcl(ours)).toEqual(Testing.synthHcl(cdktfs));
    expect(Testing.synthHcl(ours, false, true)["//"].metadata.imports).toEqual({ aws_route53_record: ["Legacy"] });
    expect(Testing.synthHcl(ours, false, true)).toEqual(Testing.synthHcl(cdktfs, false, true));
  });

  test("synthesizes where no terraform binary is installed, where importFrom fails", () => {
    // WHEN each stack runs the validations a real synth runs, with no terraform on PATH
    const problems = (how: "ImportBlock" | "importFrom") =>
      withoutTerraformOnPath(() => stackWith(how).node.findAll().flatMap((c) => c.node.validate()));
    // THEN ours has none; cdktf's shells out to `terraform version` and fails
    expect(problems("ImportBlock")).toEqual([]);
    expect(problems("importFrom")).toEqual([expect.stringContaining("Could not determine version of terraform")]);
  });
});
