/** GET /v1/{prefix}/namespaces/{namespace} — loadNamespaceMetadata. */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { namespaceParam } from "../request-parts.ts";

export async function loadNamespaceMetadata(c: AppContext, _s: Services): Promise<Response> {
  const namespace = namespaceParam(c);
  const properties = await c.get("warehouse").catalog.loadNamespace(namespace);
  const response: components["schemas"]["GetNamespaceResponse"] = { namespace, properties };
  return jsonResponse(response);
}
