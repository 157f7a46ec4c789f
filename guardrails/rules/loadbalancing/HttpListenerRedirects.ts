import type { Rule } from "../../rule";
import { block, blocks, str, UNKNOWN } from "../../values";

export const HttpListenerRedirects: Rule = {
  id: "BH-LB-2",
  name: "HttpListenerRedirects",
  reason: "plain-HTTP listener does something other than redirect to HTTPS",
  explanation:
    "An HTTP listener exists only so that http:// links keep working; anything it forwards travels unencrypted. " +
    "Its only default action is a redirect with protocol HTTPS (status HTTP_301).",
  resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
  check(attributes) {
    const protocol = str(attributes.protocol);
    if (protocol !== "HTTP") return "not-applicable";
    const actions = blocks(attributes.default_action);
    if (actions === UNKNOWN) return "not-applicable";
    const problems = actions.flatMap((a, i) => {
      const redirect = block(a.redirect);
      if (redirect === UNKNOWN) return [];
      if (str(a.type) !== "redirect" || !redirect) return [`default_action[${i}] is ${String(a.type)}`];
      const target = str(redirect.protocol);
      return target === "HTTPS" || target === UNKNOWN ? [] : [`default_action[${i}] redirects to ${target ?? "the same protocol"}`];
    });
    return problems.map((detail) => ({ detail }));
  },
};
