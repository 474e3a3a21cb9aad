/**
 * GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials — loadCredentials: the
 * refresh path for vended credentials. Served only when a credential vendor is configured, and,
 * like every other route, it vends nothing unless the request carries X-Iceberg-Access-Delegation.
 */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { accessDelegationOf } from "../credential-vendor.ts";
import { jsonResponse } from "../json-response.ts";
import { tableParam } from "../request-parts.ts";

export async function loadCredentials(c: AppContext, s: Services): Promise<Response> {
  const table = tableParam(c);
  const loaded = await c.get("warehouse").catalog.loadTable(table);
  const asked = accessDelegationOf(c.req.header("x-iceberg-access-delegation"));
  if (asked.length === 0) return jsonResponse({ "storage-credentials": [] });
  const access = await s.credentialVendor?.vend({
    warehouse: c.get("warehouse").name,
    table,
    location: loaded.metadata.location,
    mechanisms: asked,
  });
  const response: components["schemas"]["LoadCredentialsResponse"] = { "storage-credentials": access?.storageCredentials ?? [] };
  return jsonResponse(response);
}
