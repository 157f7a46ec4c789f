// Real HTTPS servers on 127.0.0.1 for the smoke tests: a test CA made with the machine's openssl, leaf certificates
// for the names under test, and an "edge" that answers as CloudFront + the services would, with one switch per way a
// deployment can be broken. Every server is closed (connections included) by the test that started it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Pki {
  readonly dir: string;
  readonly caFile: string;
  readonly ca: string;
  /** A key and certificate signed by the CA for these DNS names. */
  leaf(names: readonly string[]): { key: string; cert: string };
  dispose(): void;
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), "braveheart-verify-pki-"));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=braveheart verify test CA");
  let n = 0;
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    ca: readFileSync(join(dir, "ca.pem"), "utf8"),
    leaf(names) {
      const id = `leaf${n++}`;
      writeFileSync(join(dir, `${id}.ext`), `subjectAltName=${names.map((x) => `DNS:${x}`).join(",")}\n`);
      openssl("req", "-new", ...ec, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${names[0]}`);
      openssl("x509", "-req", "-in", `${id}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-extfile", `${id}.ext`, "-out", `${id}.pem`);
      return { key: readFileSync(join(dir, `${id}.key`), "utf8"), cert: readFileSync(join(dir, `${id}.pem`), "utf8") };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface EdgeBehaviour {
  /** Security headers the edge adds to every response. */
  readonly securityHeaders: readonly { name: string; value: string }[];
  /** Paths each service answers (prefix match) and its marker header value; longest prefix wins. */
  readonly services: readonly { name: string; prefixes: readonly string[] }[];
  /** Leave this security header out. */
  readonly dropHeader?: string;
  /** This path prefix falls through to the ALB's default 404 (its rule is missing). */
  readonly unroutedPrefix?: string;
  /** Answer every request after this many milliseconds. */
  readonly delayMs?: number;
  /** Accept requests and never answer. */
  readonly hang?: boolean;
  /** Also accept TLS 1.0/1.1 handshakes. */
  readonly allowLegacyTls?: boolean;
  /** Answer as the ALB does: only requests carrying X-Origin-Verify reach a service. */
  readonly requireOriginHeader?: boolean;
  /**
   * Path prefixes CloudFront sends to the legacy load balancer (before the data cutover): answered 200 by "legacy",
   * without any service's marker, as the legacy platform would.
   */
  readonly legacyPrefixes?: readonly string[];
}

export interface Running {
  readonly port: number;
  close(): Promise<void>;
}

const listen = (server: Server | TcpServer): Promise<number> =>
  new Promise((ok) => server.listen(0, "127.0.0.1", () => ok((server.address() as AddressInfo).port)));

export async function startEdge(tls: { key: string; cert: string }, behaviour: EdgeBehaviour): Promise<Running> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createHttpsServer(
    {
      ...tls,
      minVersion: behaviour.allowLegacyTls ? "TLSv1" : "TLSv1.2",
      ciphers: behaviour.allowLegacyTls ? "DEFAULT@SECLEVEL=0" : undefined,
    },
    (req, res): void => {
      if (behaviour.hang) return;
      const answer = (): void => {
        for (const h of behaviour.securityHeaders) if (h.name !== behaviour.dropHeader) res.setHeader(h.name, h.value);
        const path = (req.url ?? "/").split("?")[0];
        const origin = !behaviour.requireOriginHeader || req.headers["x-origin-verify"] !== undefined;
        if (origin && path === "/healthz") {
          res.writeHead(200, { "content-type": "text/plain" }).end("ok");
          return;
        }
        if (behaviour.legacyPrefixes?.some((prefix) => path.startsWith(prefix))) {
          res.writeHead(200, { "content-type": "text/html", server: "legacy" }).end("<html>legacy platform</html>");
          return;
        }
        const owner = behaviour.services
          .flatMap((s) => s.prefixes.map((prefix) => ({ name: s.name, prefix })))
          .filter((r) => path.startsWith(r.prefix) && !(behaviour.unroutedPrefix && r.prefix.startsWith(behaviour.unroutedPrefix)))
          .sort((a, b) => b.prefix.length - a.prefix.length)[0];
        if (!origin || !owner) {
          res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
          return;
        }
        res.writeHead(200, { "content-type": "text/plain", "x-service": owner.name }).end(`${owner.name} here`);
      };
      if (behaviour.delayMs === undefined) {
        answer();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, behaviour.delayMs);
      timers.add(timer);
    },
  );
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise((ok) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Accepts TCP connections and never speaks: a load balancer whose TLS stack hangs. */
export async function startSilentTcp(): Promise<Running> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released): connections are refused, as a security group's drop. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
