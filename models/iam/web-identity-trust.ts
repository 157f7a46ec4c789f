// Who can assume a role through a web identity (OIDC) token, from its synthesized trust policy. IAM semantics (IAM
// User Guide, "Condition element" and "String condition operators"): statements are ORed, an explicit Deny wins;
// within a Condition every operator block must hold, within a block every key must hold, and a key's list of values is
// ORed. StringEquals compares exactly and case-sensitively; StringLike the same with `*` (any run) and `?` (one).
import { globMatches } from "../cutover/matching";

/** The claims IAM reads from a web identity token, GitHub Actions' or Terraform Cloud's (condition keys `<issuer>:sub`, `<issuer>:aud`). */
export interface WebIdentityToken {
  readonly issuer: string;
  readonly claims: Readonly<Record<string, string>>;
}

type Statement = { Effect: string; Action: string | string[]; Principal?: { Federated?: string }; Condition?: Record<string, Record<string, string | string[]>> };

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringLike: (p, v) => globMatches(p, v),
};

function conditionHolds(condition: Statement["Condition"], token: WebIdentityToken): boolean {
  return Object.entries(condition ?? {}).every(([operator, block]) => {
    const test = OPERATORS[operator];
    if (!test) throw new Error(`web-identity trust model: unsupported condition operator ${operator}`);
    return Object.entries(block).every(([key, expected]) => {
      const claim = key.startsWith(`${token.issuer}:`) ? token.claims[key.slice(token.issuer.length + 1)] : undefined;
      // A key whose claim is absent does not match (no ...IfExists operators here).
      return claim !== undefined && [expected].flat().some((p) => test(p, claim));
    });
  });
}

/** Whether a token from `providerArn` with these claims may call sts:AssumeRoleWithWebIdentity on the role. */
export function canAssumeWithWebIdentity(assumeRolePolicy: string, providerArn: string, token: WebIdentityToken): boolean {
  const statements = [JSON.parse(assumeRolePolicy).Statement].flat() as Statement[];
  const applies = (s: Statement) =>
    [s.Action].flat().includes("sts:AssumeRoleWithWebIdentity") && s.Principal?.Federated === providerArn && conditionHolds(s.Condition, token);
  const matching = statements.filter(applies);
  return matching.some((s) => s.Effect === "Allow") && !matching.some((s) => s.Effect === "Deny");
}
