import { findings, type Rule } from "../../rule";
import { describeStatement, statements } from "../../policy";
import { UNKNOWN } from "../../values";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";

/** Why a `:sub` condition value does not pin the caller, or undefined when it does. */
function subProblem(value: string): string | undefined {
  // GitHub: repo:<owner>/<name>:<ref or environment>. A wildcard is tolerable after the repository, never in it.
  const github = /^repo:([^:]*)(:|$)/.exec(value);
  if (github) return /[*?]/.test(github[1]) ? `sub "${value}" has a wildcard in the repository` : undefined;
  // Terraform Cloud: organization:<org>[:project:<project>]:workspace:<workspace>:run_phase:<phase>. Any organization
  // on the host can get a token, so the organization is named in full; a workspace may end in a wildcard (one
  // environment's workspaces), but must be named: `workspace:*` is every workspace anyone in the organization creates.
  const tfc = /^organization:([^:]*)(?::project:[^:]*)?(?::workspace:([^:]*))?/.exec(value);
  if (tfc) {
    if (/[*?]/.test(tfc[1])) return `sub "${value}" has a wildcard in the Terraform Cloud organization`;
    if (tfc[2] === undefined || /^[*?]/.test(tfc[2])) return `sub "${value}" does not name the Terraform Cloud workspace`;
    return undefined;
  }
  return /^[*?]+$/.test(value) || value.startsWith("*") ? `sub "${value}" matches any subject` : undefined;
}

export const OidcTrustPinned: Rule = {
  id: "BH-IAM-4",
  name: "OidcTrustPinned",
  reason: "a web-identity (OIDC) trust is not pinned to one repository or Terraform Cloud workspace (sub and aud conditions)",
  explanation:
    "Every GitHub repository in the world can obtain a token from token.actions.githubusercontent.com, and every " +
    "organization on a Terraform Cloud host from that host. Without a `:sub` condition naming the owner/repository " +
    "(or the organization and workspace), and an `:aud` condition, any of them can assume the role.",
  resourceTypes: ["aws_iam_role"],
  check(attributes, { stack }) {
    const list = statements(attributes.assume_role_policy, stack);
    if (list === undefined || list === UNKNOWN) return "not-applicable";
    return findings(
      ...list
        .filter((s) => s.effect === "Allow" && s.actions.includes(WEB_IDENTITY))
        .flatMap((s) => {
          const conditions = Object.entries(s.condition).filter(([operator]) => /^String(Equals|Like)$/.test(operator));
          const values = (suffix: string) =>
            conditions.flatMap(([, entries]) =>
              Object.entries(entries)
                .filter(([key]) => key.endsWith(suffix))
                .flatMap(([, v]) => (Array.isArray(v) ? v.map(String) : [String(v)])),
            );
          const subs = values(":sub");
          const where = describeStatement(s);
          return [
            subs.length === 0 && `${where} has no :sub condition`,
            ...subs.map((v) => subProblem(v) && `${where} ${subProblem(v)}`),
            values(":aud").length === 0 && `${where} has no :aud condition`,
          ];
        }),
    );
  },
};
