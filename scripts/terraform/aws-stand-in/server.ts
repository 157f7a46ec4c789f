// A local stand-in for the AWS APIs that `terraform plan` reads: the data sources' lookups, answered from an
// `AwsWorld` in each service's real wire protocol, on a free loopback port. Anything it does not know is answered
// with a 400 error that names the call (not retried; the plan fails with it), and is recorded, so a new data source cannot
// slip through as a silent success.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { errorResponse, operationName, parseRequest, type AwsRequest, type AwsResponse } from "./protocols";
import { cloudfront } from "./services/cloudfront";
import { ec2 } from "./services/ec2";
import { ecr } from "./services/ecr";
import { iam } from "./services/iam";
import { route53 } from "./services/route53";
import { secretsmanager } from "./services/secretsmanager";
import { ssm } from "./services/ssm";
import { sts } from "./services/sts";
import type { AwsWorld } from "./world";

type Handler = (request: AwsRequest, world: AwsWorld) => AwsResponse | undefined;

/** By the SigV4 signing name of each service. */
const HANDLERS: Readonly<Record<string, Handler>> = { sts, iam, ec2, route53, cloudfront, ssm, secretsmanager, ecr };

export const UNKNOWN_CALL_CODE = "AwsStandInUnknownCall";

export interface AwsStandIn {
  /** `http://127.0.0.1:<port>`: every endpoint of the provider points here. */
  readonly url: string;
  /** Every call answered, as `service:Operation`, in order. */
  readonly calls: readonly string[];
  /** Calls the stand-in does not know, as `service:Operation`. */
  readonly unknownCalls: readonly string[];
  close(): Promise<void>;
}

export interface AwsStandInOptions {
  readonly world: AwsWorld;
  /**
   * Closes the server after this long even if nobody calls close(), so a crashed test cannot leave it running.
   * @default 600000 (10 minutes)
   */
  readonly lifetimeMs?: number;
}

export function handle(request: AwsRequest | undefined, world: AwsWorld): { response: AwsResponse; known: boolean } {
  if (!request) {
    return { response: errorResponse(undefined, 400, "MissingAuthenticationToken", "the AWS stand-in answers SigV4-signed requests only"), known: false };
  }
  const response = HANDLERS[request.service]?.(request, world);
  if (response) return { response, known: true };
  const name = operationName(request);
  return {
    response: errorResponse(request, 400, UNKNOWN_CALL_CODE, `the offline AWS stand-in does not answer ${name} (add it in scripts/terraform/aws-stand-in/services)`),
    known: false,
  };
}

export async function startAwsStandIn(options: AwsStandInOptions): Promise<AwsStandIn> {
  const calls: string[] = [];
  const unknownCalls: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = parseRequest(req, Buffer.concat(chunks).toString("utf8"));
      const { response, known } = handle(request, options.world);
      const name = request ? operationName(request) : `unsigned ${req.method} ${req.url}`;
      (known ? calls : unknownCalls).push(name);
      res.writeHead(response.status, { "content-type": response.contentType, "x-amzn-requestid": "offline", ...response.headers });
      res.end(response.body);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const lifetime = setTimeout(() => server.close(), options.lifetimeMs ?? 600_000);
  lifetime.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    unknownCalls,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
