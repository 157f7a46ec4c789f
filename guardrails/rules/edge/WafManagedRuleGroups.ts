import { WAF_MANAGED_RULE_GROUPS } from "../../../constructs/edge/cdn";
import { findings, type Rule } from "../../rule";
import { isExpression } from "../../values";

interface WafRule {
  Name?: string;
  Statement?: { ManagedRuleGroupStatement?: { VendorName?: string; Name?: string } };
  OverrideAction?: { None?: object; Count?: object };
}

export const WafManagedRuleGroups: Rule = {
  id: "BH-EDGE-9",
  name: "WafManagedRuleGroups",
  reason: "web ACL lacks an AWS managed rule group, or counts one instead of enforcing it",
  explanation:
    "The web ACL is only as good as its rules: every environment runs the same AWS managed groups (common rules, " +
    "known bad inputs, IP reputation), enforced (OverrideAction None), so staging tests what production enforces. " +
    "Single rules that must only count are overridden inside the group (RuleActionOverrides), never the whole group.",
  resourceTypes: ["aws_wafv2_web_acl"],
  check(attributes) {
    const json = attributes.rule_json;
    if (typeof json !== "string") return attributes.rule === undefined ? [{ detail: "no rules" }] : "not-applicable";
    if (isExpression(json)) return "not-applicable";
    const rules = JSON.parse(json) as WafRule[];
    return findings(
      ...WAF_MANAGED_RULE_GROUPS.map((group) => {
        const rule = rules.find((r) => r.Statement?.ManagedRuleGroupStatement?.VendorName === "AWS" && r.Statement.ManagedRuleGroupStatement.Name === group);
        if (!rule) return `AWS managed rule group ${group} is missing`;
        return rule.OverrideAction?.None === undefined && `${group} is overridden to ${Object.keys(rule.OverrideAction ?? {}).join(", ") || "nothing"} instead of None`;
      }),
    );
  },
};
