/**
 * POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/sign — signRequest: S3 remote signing,
 * scoped to the table's location (see s3-access-vendor.ts). Served only when a signer is set.
 */
import { z } from "zod";
import type { AppContext, Services } from "../app-env.ts";
import type { components } from "../iceberg-rest-types.ts";
import { jsonResponse } from "../json-response.ts";
import { body, tableParam } from "../request-parts.ts";
import { RestError } from "../rest-error.ts";

const remoteSignRequestSchema = z.object({
  region: z.string(),
  uri: z.string().min(1),
  method: z.enum(["PUT", "GET", "HEAD", "POST", "DELETE", "PATCH", "OPTIONS"]),
  headers: z.record(z.string(), z.array(z.string())),
  properties: z.record(z.string(), z.string()).nullish(),
  body: z.string().nullish(),
  provider: z.string().nullish(),
});

export async function signRequest(c: AppContext, s: Services): Promise<Response> {
  const table = tableParam(c);
  const request = await body(c, s, remoteSignRequestSchema, "RemoteSignRequest");
  const vendor = s.credentialVendor;
  if (!vendor?.sign) throw new RestError(406, "UnsupportedOperationException", "this server does not sign requests; ask for vended-credentials instead");
  const loaded = await c.get("warehouse").catalog.loadTable(table);
  const signed = await vendor.sign(
    { region: request.region, uri: request.uri, method: request.method, headers: request.headers, body: request.body ?? undefined, provider: request.provider ?? undefined },
    { warehouse: c.get("warehouse").name, location: loaded.metadata.location },
  );
  const response: components["schemas"]["RemoteSignResult"] = signed;
  return jsonResponse(response);
}
