// The smoke tests' only network code: one bounded HTTPS request, and TLS handshakes, with curl-like name
// resolution overrides (`--resolve host:port:address`) so a test can point a real hostname at 127.0.0.1 and still
// exercise SNI and the certificate's names. Node's own https and tls modules; no HTTP client package.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request } from "node:https";
import { isIP } from "node:net";
import { connect, type PeerCertificate, type TLSSocket } from "node:tls";

export interface ClientOptions {
  /** PEM CA certificates to trust instead of Node's bundled roots (a test's own CA). @default - Node's roots */
  readonly ca?: string;
  /** `host:port` -> address, as curl's --resolve. */
  readonly resolve?: ReadonlyMap<string, string>;
  /** Upper bound of one attempt: connect, handshake, response and body together. */
  readonly timeoutMs: number;
}

/** How far a failed attempt got: no TCP connection, no TLS session, or no (complete) response. */
export type Stage = "connect" | "tls" | "response";

export interface HttpResponse {
  readonly ok: true;
  readonly status: number;
  /** Lower-case names, as Node gives them. */
  readonly headers: Record<string, string | string[] | undefined>;
  /** The first BODY_LIMIT bytes, as UTF-8. */
  readonly body: string;
  readonly tlsProtocol: string | null;
}

export interface NetworkFailure {
  readonly ok: false;
  readonly stage: Stage;
  /** Node's error code (ECONNREFUSED, ERR_TLS_CERT_ALTNAME_INVALID, ...) or TIMEOUT. */
  readonly code: string;
  readonly message: string;
}

const BODY_LIMIT = 64 * 1024;

/** A `lookup` for net/tls/https that answers overridden names first (both callback shapes Node uses). */
function lookupWith(resolve: ReadonlyMap<string, string> | undefined, port: number) {
  return (hostname: string, options: { all?: boolean }, callback: (...args: any[]) => void) => {
    const address = resolve?.get(`${hostname.toLowerCase()}:${port}`);
    if (address === undefined) return dnsLookup(hostname, options as any, callback as any);
    const family = isIP(address) || 4;
    if (options.all) callback(null, [{ address, family } satisfies LookupAddress]);
    else callback(null, address, family);
  };
}

const portOf = (url: URL) => Number(url.port || 443);

/** Error codes of a refused or unreachable TCP connection (before any TLS byte). */
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"]);

/** One GET, bounded by `timeoutMs` from start to the end of the body; never throws. */
export function httpsGet(url: URL, options: ClientOptions, headers: Record<string, string> = {}): Promise<HttpResponse | NetworkFailure> {
  return new Promise((settle) => {
    let stage: Stage = "connect";
    let done = false;
    const finish = (result: HttpResponse | NetworkFailure) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      settle(result);
    };
    const req = request(
      {
        protocol: "https:",
        host: url.hostname,
        port: portOf(url),
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: { "user-agent": "braveheart-verify", accept: "*/*", ...headers },
        ca: options.ca,
        agent: false,
        lookup: lookupWith(options.resolve, portOf(url)) as any,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < BODY_LIMIT) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () =>
          finish({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString("utf8"),
            tlsProtocol: (res.socket as TLSSocket).getProtocol?.() ?? null,
          }),
        );
        res.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, stage: "response", code: err.code ?? "ERROR", message: err.message }));
      },
    );
    req.on("socket", (socket) => {
      socket.once("connect", () => (stage = "tls"));
      socket.once("secureConnect", () => (stage = "response"));
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? "ERROR";
      finish({ ok: false, stage: CONNECT_ERRORS.has(code) ? "connect" : stage, code, message: err.message });
    });
    const timer = setTimeout(() => finish({ ok: false, stage, code: "TIMEOUT", message: `no ${stageWaitedFor(stage)} within ${options.timeoutMs} ms` }), options.timeoutMs);
    req.end();
  });
}

function stageWaitedFor(stage: Stage): string {
  return stage === "connect" ? "TCP connection" : stage === "tls" ? "TLS handshake" : "complete response";
}

export interface HandshakeResult {
  readonly ok: boolean;
  readonly protocol?: string | null;
  readonly certificate?: PeerCertificate;
  readonly code?: string;
  readonly message?: string;
}

export interface HandshakeOptions {
  readonly minVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  readonly maxVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  /** Verify the chain and that the certificate covers the name. @default true */
  readonly verify?: boolean;
}

/** A TLS handshake only (SNI = the URL's host), bounded by `timeoutMs`; never throws. */
export function tlsHandshake(url: URL, options: ClientOptions, handshake: HandshakeOptions = {}): Promise<HandshakeResult> {
  return new Promise((settle) => {
    let done = false;
    const legacy = handshake.maxVersion === "TLSv1" || handshake.maxVersion === "TLSv1.1";
    const socket = connect({
      host: url.hostname,
      port: portOf(url),
      servername: url.hostname,
      ca: options.ca,
      rejectUnauthorized: handshake.verify ?? true,
      minVersion: handshake.minVersion,
      maxVersion: handshake.maxVersion,
      // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level: lower it for the probe, or the probe would
      // "pass" without ever offering the old versions to the server.
      ciphers: legacy ? "DEFAULT@SECLEVEL=0" : undefined,
      lookup: lookupWith(options.resolve, portOf(url)) as any,
    });
    const finish = (result: HandshakeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      settle(result);
    };
    socket.once("secureConnect", () => finish({ ok: true, protocol: socket.getProtocol(), certificate: socket.getPeerCertificate() }));
    socket.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, code: err.code ?? "ERROR", message: err.message }));
    const timer = setTimeout(() => finish({ ok: false, code: "TIMEOUT", message: `no TLS handshake within ${options.timeoutMs} ms` }), options.timeoutMs);
  });
}
