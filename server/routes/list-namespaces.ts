/** GET /v1/{prefix}/namespaces — listNamespaces (`parent` levels joined by %1F). */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { namespaceFromParam } from "../names.ts";
import { listOptions } from "../request-parts.ts";

export async function listNamespaces(c: AppContext, _s: Services): Promise<Response> {
  const parentParam = c.req.query("parent");
  // An empty `parent` means absent (rest-summary.md §2).
  const parent = parentParam ? namespaceFromParam(parentParam) : undefined;
  const page = await c.get("warehouse").catalog.listNamespaces(parent, listOptions(c));
  const response: components["schemas"]["ListNamespacesResponse"] = { namespaces: page.items, "next-page-token": page.nextPageToken ?? null };
  return jsonResponse(response);
}
