import { findings, type Rule } from "../../rule";
import { block, blocks, bool, UNKNOWN } from "../../values";

const unencrypted = (value: unknown, where: string) => bool(value) !== true && bool(value) !== UNKNOWN && `${where} is not encrypted`;

export const EncryptedVolumes: Rule = {
  id: "BH-CMP-2",
  name: "EncryptedVolumes",
  reason: "EBS volume is not encrypted",
  explanation:
    "Volumes hold container layers, logs and anything a task writes to disk. Encrypt them explicitly: a launch " +
    "template without an encrypted block device mapping inherits the AMI's (unencrypted) root volume unless the " +
    "account happens to have EBS encryption by default.",
  resourceTypes: ["aws_launch_template", "aws_instance", "aws_ebs_volume"],
  check(attributes, { type }) {
    if (type === "aws_ebs_volume") return findings(unencrypted(attributes.encrypted, "the volume"));
    if (type === "aws_instance") {
      const root = block(attributes.root_block_device);
      const extra = blocks(attributes.ebs_block_device);
      if (root === UNKNOWN || extra === UNKNOWN) return "not-applicable";
      return findings(unencrypted(root?.encrypted, "root_block_device"), ...extra.map((d, i) => unencrypted(d.encrypted, `ebs_block_device[${i}]`)));
    }
    const mappings = blocks(attributes.block_device_mappings);
    if (mappings === UNKNOWN) return "not-applicable";
    if (mappings.length === 0) return [{ detail: "no block_device_mappings: the root volume inherits the AMI's encryption" }];
    return findings(
      ...mappings.map((m, i) => {
        const ebs = block(m.ebs);
        if (ebs === UNKNOWN) return undefined;
        return ebs && unencrypted(ebs.encrypted, `block_device_mappings[${i}].ebs`);
      }),
    );
  },
};
