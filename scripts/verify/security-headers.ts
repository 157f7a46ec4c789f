// The response headers CloudFront adds, read from the synthesized `aws_cloudfront_response_headers_policy`, so the
// smoke test checks what the policy promises and cannot drift from it. CloudFront's wire formats (CloudFront
// Developer Guide, "Understand response headers policies", security headers):
//   Strict-Transport-Security  max-age=<access_control_max_age_sec>[; includeSubDomains][; preload]
//   X-Content-Type-Options     nosniff
//   X-Frame-Options            DENY | SAMEORIGIN
//   Referrer-Policy            <referrer_policy>
//   X-XSS-Protection           0 | 1 | 1; mode=block | 1; report=<report_uri>
//   Content-Security-Policy    <content_security_policy>
// plus custom_headers_config items, name and value as given.

/** A header the response must carry; `value` compared exactly (header names are case-insensitive on the wire). */
export interface ExpectedHeader {
  readonly name: string;
  readonly value: string;
}

type Json = Record<string, any>;
/** cdktf writes a single nested block as an object; Terraform JSON also allows a one-element list. */
const one = (block: unknown): Json | undefined => (Array.isArray(block) ? block[0] : (block as Json | undefined));

export function promisedHeaders(policy: Json): ExpectedHeader[] {
  const security = one(policy.security_headers_config) ?? {};
  const headers: ExpectedHeader[] = [];
  const hsts = one(security.strict_transport_security);
  if (hsts) {
    const parts = [`max-age=${hsts.access_control_max_age_sec}`];
    if (hsts.include_subdomains) parts.push("includeSubDomains");
    if (hsts.preload) parts.push("preload");
    headers.push({ name: "Strict-Transport-Security", value: parts.join("; ") });
  }
  if (one(security.content_type_options)) headers.push({ name: "X-Content-Type-Options", value: "nosniff" });
  const frame = one(security.frame_options);
  if (frame) headers.push({ name: "X-Frame-Options", value: String(frame.frame_option) });
  const referrer = one(security.referrer_policy);
  if (referrer) headers.push({ name: "Referrer-Policy", value: String(referrer.referrer_policy) });
  const xss = one(security.xss_protection);
  if (xss) {
    const value = !xss.protection ? "0" : xss.mode_block ? "1; mode=block" : xss.report_uri ? `1; report=${xss.report_uri}` : "1";
    headers.push({ name: "X-XSS-Protection", value });
  }
  const csp = one(security.content_security_policy);
  if (csp) headers.push({ name: "Content-Security-Policy", value: String(csp.content_security_policy) });
  const custom = one(policy.custom_headers_config);
  const items: Json[] = custom ? (Array.isArray(custom.items) ? custom.items : custom.items ? [custom.items] : []) : [];
  for (const item of items) headers.push({ name: String(item.header), value: String(item.value) });
  return headers;
}

/**
 * The headers every viewer response of a synthesized stack carries: its response-headers policies' (the
 * distribution's behaviours all use the one security-headers policy; with several, a response carries one of them, so
 * only headers they all promise are expected).
 */
export function promisedHeadersOfStack(stack: { resource?: Record<string, Record<string, Json>> }): ExpectedHeader[] {
  const policies = Object.values(stack.resource?.aws_cloudfront_response_headers_policy ?? {});
  if (policies.length === 0) return [];
  const [first, ...rest] = policies.map(promisedHeaders);
  const key = (h: ExpectedHeader) => `${h.name.toLowerCase()}\n${h.value}`;
  return first.filter((h) => rest.every((other) => other.some((o) => key(o) === key(h))));
}
