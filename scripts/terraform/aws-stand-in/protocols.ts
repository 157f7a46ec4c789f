// The wire protocols of the AWS APIs the stand-in answers, as AWS documents them ("AWS query protocol", "EC2 query
// protocol", "REST-XML", "AWS JSON 1.1"): just enough to parse a request and write a response the SDK in the aws
// provider accepts.
import type { IncomingMessage } from "node:http";

/** A parsed request: the service it was signed for, and the operation as the protocol names it. */
export interface AwsRequest {
  /** The SigV4 credential scope's service (`ec2`, `sts`, `route53`, ...): every SDK call names it. */
  readonly service: string;
  readonly region: string;
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Query protocols: the form fields; JSON protocols: the parsed body. */
  readonly form: URLSearchParams;
  readonly json: Record<string, unknown>;
  /** `X-Amz-Target` for JSON protocols (`AmazonSSM.GetParameter`). */
  readonly target?: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Extra headers (CloudFront's `ETag`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The service and region from `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request`. */
export function parseRequest(req: IncomingMessage, body: string): AwsRequest | undefined {
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? "");
  if (!scope) return undefined;
  const url = new URL(req.url ?? "/", "http://stand-in");
  const contentType = String(req.headers["content-type"] ?? "");
  let json: Record<string, unknown> = {};
  if (contentType.includes("json") && body.trim() !== "") json = JSON.parse(body) as Record<string, unknown>;
  return {
    service: scope[2],
    region: scope[1],
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    form: contentType.includes("x-www-form-urlencoded") ? new URLSearchParams(body) : new URLSearchParams(),
    json,
    target: req.headers["x-amz-target"] as string | undefined,
  };
}

export const escapeXml = (value: unknown): string =>
  String(value).replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

/** A list whose elements have their own name (`<HostedZones><HostedZone>...`), whatever the protocol's default. */
export class XmlList {
  constructor(
    readonly item: string,
    readonly items: readonly unknown[],
  ) {}
}
export const list = (item: string, items: readonly unknown[]) => new XmlList(item, items);

/** An XML element per key; arrays become `<member>` lists (query protocol) unless `item` names the list element. */
export function xml(value: unknown, item = "member"): string {
  if (value === undefined || value === null) return "";
  if (value instanceof XmlList) return value.items.map((v) => `<${value.item}>${xml(v, item)}</${value.item}>`).join("");
  if (Array.isArray(value)) return value.map((v) => `<${item}>${xml(v, item)}</${item}>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => (v === undefined ? "" : `<${k}>${xml(v, item)}</${k}>`))
      .join("");
  }
  return escapeXml(value);
}

const REQUEST_ID = "0f0f0f0f-5a5a-4b4b-8c8c-offline000000";

/** AWS query protocol (STS, IAM, ...): `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/>`. */
export function queryResponse(action: string, namespace: string, result: Record<string, unknown>): AwsResponse {
  const body =
    `<${action}Response xmlns="${namespace}"><${action}Result>${xml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, contentType: "text/xml", body };
}

/** EC2 query protocol: no Result wrapper, lists of `<item>`, lower-camel element names. */
export function ec2Response(action: string, result: Record<string, unknown>): AwsResponse {
  const body = `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${REQUEST_ID}</requestId>${xml(result, "item")}</${action}Response>`;
  return { status: 200, contentType: "text/xml;charset=UTF-8", body };
}

/** REST-XML (Route 53, CloudFront): a root element of the operation's output shape. */
export function restXmlResponse(root: string, namespace: string, result: Record<string, unknown>, headers: Record<string, string> = {}): AwsResponse {
  return { status: 200, contentType: "text/xml", headers, body: `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${namespace}">${xml(result)}</${root}>` };
}

/** AWS JSON 1.1 (SSM, Secrets Manager, ECR). */
export function jsonResponse(result: unknown): AwsResponse {
  return { status: 200, contentType: "application/x-amz-json-1.1", body: JSON.stringify(result) };
}

/** An error in the request's own protocol, so the SDK reports `code: message` as it would for AWS. */
export function errorResponse(request: AwsRequest | undefined, status: number, code: string, message: string): AwsResponse {
  if (request?.target) {
    return { status, contentType: "application/x-amz-json-1.1", body: JSON.stringify({ __type: code, message }) };
  }
  if (request?.service === "ec2") {
    return { status, contentType: "text/xml", body: `<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${REQUEST_ID}</RequestID></Response>` };
  }
  return {
    status,
    contentType: "text/xml",
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`,
  };
}

/** The operation a request names, whatever its protocol: `ec2:DescribeAvailabilityZones`, `route53:GET /2013-04-01/hostedzone`. */
export function operationName(request: AwsRequest): string {
  const action = request.form.get("Action") ?? request.query.get("Action") ?? request.target?.split(".").pop();
  return `${request.service}:${action ?? `${request.method} ${request.path}`}`;
}
