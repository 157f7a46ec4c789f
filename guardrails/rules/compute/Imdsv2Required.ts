import type { Rule } from "../../rule";
import { block, str, UNKNOWN } from "../../values";

export const Imdsv2Required: Rule = {
  id: "BH-CMP-1",
  name: "Imdsv2Required",
  reason: 'instance metadata does not require IMDSv2 (metadata_options.http_tokens = "required")',
  explanation:
    "IMDSv1 answers any GET, so a server-side request forgery in any container can read the instance role's " +
    "credentials. Session tokens (IMDSv2) stop that; set metadata_options { http_tokens = \"required\" }.",
  resourceTypes: ["aws_launch_template", "aws_instance"],
  check(attributes) {
    const options = block(attributes.metadata_options);
    if (options === UNKNOWN) return "not-applicable";
    const tokens = str(options?.http_tokens);
    if (tokens === UNKNOWN) return "not-applicable";
    return tokens === "required" ? "compliant" : [{ detail: `http_tokens is ${tokens ?? "unset (optional)"}` }];
  },
};
