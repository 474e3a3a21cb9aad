/**
 * AWS Signature Version 4 for S3 requests, on Web Crypto (docs.aws.amazon.com, "Signature
 * Version 4 signing process" and "Authenticating Requests: Using the Authorization Header").
 * Used by the remote signer: the client sends the request it wants to make, the server returns
 * the headers that authorize it, and the keys never leave the server.
 */
export interface SigningKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  url: URL;
  /** Header name (any case) → values. */
  headers: Record<string, string[]>;
  region: string;
  service?: string;
  /** Milliseconds since the epoch. */
  now: number;
}

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

async function hmac(key: ArrayBuffer | Uint8Array, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey("raw", key instanceof Uint8Array ? new Uint8Array(key) : key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, encoder.encode(text));
}

/** RFC 3986 unreserved characters stay; everything else is %XX (SigV4 "UriEncode"). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams.entries()].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** Headers that are signed: host, content-md5, content-type and every x-amz-* header. */
function signable(name: string): boolean {
  return name === "host" || name === "content-md5" || name === "content-type" || name.startsWith("x-amz-");
}

/** The request's headers plus x-amz-date, x-amz-content-sha256, the session token and Authorization. */
export async function signS3Request(request: RequestToSign, keys: SigningKeys): Promise<Record<string, string[]>> {
  const service = request.service ?? "s3";
  const amzDate = new Date(request.now).toISOString().replace(/[:-]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "x-amz-date" || lower === "x-amz-security-token") continue;
    out[lower] = [...values];
  }
  out.host = [request.url.host];
  out["x-amz-date"] = [amzDate];
  out["x-amz-content-sha256"] ??= ["UNSIGNED-PAYLOAD"];
  if (keys.sessionToken) out["x-amz-security-token"] = [keys.sessionToken];

  const names = Object.keys(out).filter(signable).sort();
  const canonicalHeaders = names.map((n) => `${n}:${out[n]!.map((v) => v.trim().replace(/\s+/g, " ")).join(",")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method.toUpperCase(),
    request.url.pathname || "/",
    canonicalQuery(request.url),
    canonicalHeaders,
    signedHeaders,
    out["x-amz-content-sha256"]![0]!,
  ].join("\n");
  const scope = `${day}/${request.region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, await sha256Hex(canonicalRequest)].join("\n");
  let key = await hmac(encoder.encode(`AWS4${keys.secretAccessKey}`), day);
  key = await hmac(key, request.region);
  key = await hmac(key, service);
  key = await hmac(key, "aws4_request");
  const signature = hex(await hmac(key, stringToSign));
  out.authorization = [`AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`];
  return out;
}
