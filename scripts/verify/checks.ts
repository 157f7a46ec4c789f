// One attempt of each kind of check: a request (http.ts) and a verdict that names what was expected and what came.
import type { ServiceMarker } from "../../config/service-verify";
import { httpsGet, tlsHandshake, type ClientOptions, type HttpResponse, type NetworkFailure } from "./http";
import type { Check } from "./plan";

export interface Verdict {
  readonly ok: boolean;
  /** What was seen: the status, the missing header, the error. */
  readonly detail: string;
}

/** What a check expects, in words: printed with every failure and kept in the JSON report. */
export function expectation(check: Check): string {
  switch (check.kind) {
    case "tls":
      return "a certificate that covers the name, TLS 1.2 or later, and TLS 1.0/1.1 refused";
    case "security-headers":
      return `200 with ${check.headers.map((h) => `${h.name}: ${h.value}`).join(", ") || "(no headers promised)"}`;
    case "health":
      return "200";
    case "route":
      return `2xx/3xx from service '${check.service}' (${describeMarker(check.marker)})`;
    case "origin-refused":
      return "the ALB refuses a request without the origin-verify header (no connection, or 4xx without the service's marker)";
  }
}

export function describeMarker(marker: ServiceMarker): string {
  return "header" in marker ? `header ${marker.header}: ${marker.value}` : `body containing ${JSON.stringify(marker.bodyContains)}`;
}

export function hasMarker(response: HttpResponse, marker: ServiceMarker): boolean {
  if ("bodyContains" in marker) return response.body.includes(marker.bodyContains);
  const value = response.headers[marker.header.toLowerCase()];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).some((v) => v === marker.value);
}

function failureText(failure: NetworkFailure): string {
  switch (failure.code) {
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `the certificate does not cover the name: ${failure.message}`;
    case "TIMEOUT":
      return failure.message;
    default:
      return `${failure.code} during ${failure.stage}: ${failure.message}`;
  }
}

const statusText = (r: HttpResponse) => `${r.status}${r.status === 404 && !r.body.trim().startsWith("<") ? ` (${JSON.stringify(r.body.trim().slice(0, 60))})` : ""}`;

export async function attempt(check: Check, client: ClientOptions): Promise<Verdict> {
  const url = new URL(check.url);
  switch (check.kind) {
    case "tls":
      return checkTls(url, client);
    case "security-headers": {
      const r = await httpsGet(url, client);
      if (!r.ok) return { ok: false, detail: failureText(r) };
      if (r.status !== 200) return { ok: false, detail: `got ${statusText(r)}` };
      const wrong = check.headers.flatMap((h) => {
        const got = r.headers[h.name.toLowerCase()];
        const value = Array.isArray(got) ? got.join(", ") : got;
        if (value === undefined) return [`${h.name} missing`];
        return value === h.value ? [] : [`${h.name} is ${JSON.stringify(value)}, not ${JSON.stringify(h.value)}`];
      });
      return wrong.length ? { ok: false, detail: wrong.join("; ") } : { ok: true, detail: `200, ${check.headers.length} security headers` };
    }
    case "health": {
      const r = await httpsGet(url, client);
      if (!r.ok) return { ok: false, detail: failureText(r) };
      return r.status === 200 ? { ok: true, detail: "200" } : { ok: false, detail: `got ${statusText(r)}` };
    }
    case "route": {
      const r = await httpsGet(url, client);
      if (!r.ok) return { ok: false, detail: failureText(r) };
      const marked = hasMarker(r, check.marker);
      if (r.status >= 200 && r.status < 400 && marked) return { ok: true, detail: `${r.status}, ${describeMarker(check.marker)}` };
      const why = r.status === 404 && !marked ? "the ALB's default action or another service answered" : !marked ? `without ${describeMarker(check.marker)}` : "";
      return { ok: false, detail: `got ${statusText(r)}${why ? `: ${why}` : ""}` };
    }
    case "origin-refused": {
      const r = await httpsGet(url, client);
      if (!r.ok) {
        // Refused before any HTTP exchange (the security group admits CloudFront's addresses only): what we want.
        // A name that does not resolve proves nothing about the ALB (phase1 creates origin.<zone>).
        if (r.code === "ENOTFOUND" || r.code === "EAI_AGAIN") return { ok: false, detail: `${new URL(check.url).hostname} does not resolve (${r.code}): cannot show the ALB refuses` };
        if (r.stage === "connect") return { ok: true, detail: `no connection (${r.code})` };
        return { ok: false, detail: `connected but ${failureText(r)}: neither refused nor answered` };
      }
      if (hasMarker(r, check.marker)) return { ok: false, detail: `service '${check.service}' answered ${r.status} without the origin-verify header` };
      if (r.status >= 400 && r.status < 500) return { ok: true, detail: `${r.status} without the service's marker` };
      return { ok: false, detail: `got ${r.status} without the origin-verify header: the ALB serves requests that skip CloudFront` };
    }
  }
}

async function checkTls(url: URL, client: ClientOptions): Promise<Verdict> {
  const modern = await tlsHandshake(url, client, { minVersion: "TLSv1" });
  if (!modern.ok) {
    const detail = modern.code === "ERR_TLS_CERT_ALTNAME_INVALID" ? `the certificate does not cover ${url.hostname}: ${modern.message}` : `${modern.code}: ${modern.message}`;
    return { ok: false, detail };
  }
  if (modern.protocol !== "TLSv1.2" && modern.protocol !== "TLSv1.3") return { ok: false, detail: `negotiated ${modern.protocol}, below TLS 1.2` };
  const legacy = await tlsHandshake(url, client, { minVersion: "TLSv1", maxVersion: "TLSv1.1", verify: false });
  if (legacy.ok) return { ok: false, detail: `accepted a ${legacy.protocol} handshake: TLS 1.0/1.1 must be refused` };
  if (legacy.code === "TIMEOUT") return { ok: false, detail: `a TLS 1.0/1.1 handshake got no answer: ${legacy.message}` };
  const cert = modern.certificate;
  return { ok: true, detail: `${modern.protocol}, certificate ${cert?.subjectaltname ?? cert?.subject?.CN ?? "?"} valid to ${cert?.valid_to ?? "?"}, TLS 1.0/1.1 refused` };
}
