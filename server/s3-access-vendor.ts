/**
 * s3AccessVendor: storage access for tables in an `s3://` warehouse, by either mechanism of the
 * spec's `X-Iceberg-Access-Delegation`, in the client's order of preference:
 *
 * - `remote-signing` (the scoped one): LoadTableResult.config gets `s3.remote-signing-enabled:
 *   true`, `signer.endpoint: v1/{prefix}/namespaces/{ns}/tables/{t}/sign`, `s3.endpoint`,
 *   `s3.path-style-access`, `client.region`, `s3.region` — and no keys. The client POSTs each S3
 *   request to that endpoint; the server signs it (SigV4) only if it touches objects under the
 *   table's location: object requests by key, listings by `prefix`, DeleteObjects by every
 *   `<Key>` of the body. Anything else is 403 ForbiddenException.
 * - `vended-credentials` (only when enabled): the server's own keys, see
 *   static-credential-vendor.ts for exactly what is returned and why it is not scoped.
 */
import type { Clock } from "../runtime/platform.ts";
import type { CredentialVendor, RemoteSignRequest } from "./credential-vendor.ts";
import { isInside } from "./locations.ts";
import { RestError } from "./rest-error.ts";
import { signS3Request } from "./s3-sigv4.ts";
import { staticCredentialVendor, type StaticS3Credentials } from "./static-credential-vendor.ts";

export interface S3AccessOptions {
  credentials: StaticS3Credentials;
  vendCredentials: boolean;
  remoteSigning: boolean;
  clock: Clock;
}

const forbidden = (message: string) => new RestError(403, "ForbiddenException", message);

/** The bucket and key a request URL addresses, for the configured endpoint or AWS. */
function target(url: URL, credentials: StaticS3Credentials): { bucket: string; key: string } {
  const endpointHost = credentials.endpoint ? new URL(credentials.endpoint).host : `s3.${credentials.region}.amazonaws.com`;
  const path = url.pathname.replace(/^\//, "");
  let bucket: string;
  let rawKey: string;
  if (url.host === endpointHost || url.host === "s3.amazonaws.com") {
    [bucket, rawKey] = [path.split("/")[0] ?? "", path.split("/").slice(1).join("/")];
  } else if (url.host.endsWith(`.${endpointHost}`) || url.host.endsWith(".s3.amazonaws.com")) {
    bucket = url.host.slice(0, url.host.indexOf("."));
    rawKey = path;
  } else {
    throw forbidden(`remote signing refuses host ${url.host}: only the warehouse's S3 endpoint ${endpointHost} is signed`);
  }
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    throw forbidden(`remote signing refuses the malformed path ${url.pathname}`);
  }
  if (!bucket) throw forbidden("remote signing refuses a request without a bucket");
  return { bucket, key };
}

function checkScope(request: RemoteSignRequest, url: URL, location: string, credentials: StaticS3Credentials): void {
  const { bucket, key } = target(url, credentials);
  const inside = (k: string) => isInside(`s3://${bucket}/${k.replace(/\/+$/, "")}`, location);
  if (key !== "") {
    if (!inside(key)) throw forbidden(`remote signing refuses s3://${bucket}/${key}: it is outside the table location ${location}`);
    return;
  }
  const method = request.method.toUpperCase();
  if ((method === "GET" || method === "HEAD") && url.searchParams.has("prefix")) {
    const prefix = url.searchParams.get("prefix")!;
    if (!inside(prefix)) throw forbidden(`remote signing refuses listing prefix ${prefix}: it is outside the table location ${location}`);
    return;
  }
  if (method === "POST" && url.searchParams.has("delete")) {
    const keys = [...(request.body ?? "").matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    if (keys.length === 0 || !keys.every(inside)) throw forbidden(`remote signing refuses a DeleteObjects request with keys outside the table location ${location}`);
    return;
  }
  throw forbidden(`remote signing refuses ${method} on the whole bucket ${bucket}; only object requests, listings by prefix and DeleteObjects inside the table are signed`);
}

export function s3AccessVendor(options: S3AccessOptions): CredentialVendor {
  const { credentials } = options;
  const vended = staticCredentialVendor(credentials);
  const vendor: CredentialVendor = {
    async vend(request) {
      if (!/^s3[an]?:\/\//.test(request.location)) return null;
      for (const mechanism of request.mechanisms) {
        if (mechanism === "vended-credentials" && options.vendCredentials) return vended.vend({ ...request, mechanisms: [mechanism] });
        if (mechanism === "remote-signing" && options.remoteSigning) {
          const t = request.table;
          const path = `v1/${encodeURIComponent(request.warehouse)}/namespaces/${t.namespace.map(encodeURIComponent).join("%1F")}/tables/${encodeURIComponent(t.name)}/sign`;
          const config: Record<string, string> = {
            "s3.remote-signing-enabled": "true",
            "signer.endpoint": path,
            "s3.path-style-access": String(credentials.pathStyle),
            "client.region": credentials.region,
            "s3.region": credentials.region,
          };
          if (credentials.endpoint) config["s3.endpoint"] = credentials.endpoint;
          return { config, storageCredentials: [] };
        }
      }
      return null;
    },
  };
  if (options.remoteSigning) {
    vendor.sign = async (request, table) => {
      if (request.provider !== undefined && request.provider !== "s3") {
        throw new RestError(400, "BadRequestException", `remote signing supports provider s3, not ${JSON.stringify(request.provider)}`);
      }
      let url: URL;
      try {
        url = new URL(request.uri);
      } catch {
        throw new RestError(400, "BadRequestException", `remote signing needs an absolute uri, got ${JSON.stringify(request.uri)}`);
      }
      if (!/^s3[an]?:\/\//.test(table.location)) throw forbidden(`table location ${table.location} is not in S3; nothing to sign`);
      checkScope(request, url, table.location, credentials);
      const headers = await signS3Request(
        { method: request.method, url, headers: request.headers, region: request.region || credentials.region, now: options.clock.now() },
        credentials,
      );
      return { uri: request.uri, headers };
    };
  }
  return vendor;
}
