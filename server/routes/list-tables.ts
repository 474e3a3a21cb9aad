/** GET /v1/{prefix}/namespaces/{namespace}/tables — listTables. */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { listOptions, namespaceParam } from "../request-parts.ts";

export async function listTables(c: AppContext, _s: Services): Promise<Response> {
  const page = await c.get("warehouse").catalog.listTables(namespaceParam(c), listOptions(c));
  const response: components["schemas"]["ListTablesResponse"] = { identifiers: page.items, "next-page-token": page.nextPageToken ?? null };
  return jsonResponse(response);
}
