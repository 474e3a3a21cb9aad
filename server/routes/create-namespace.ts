/** POST /v1/{prefix}/namespaces — createNamespace. */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { checkNamespace } from "../names.ts";
import { body } from "../request-parts.ts";
import { createNamespaceRequestSchema } from "../request-schemas.ts";

export async function createNamespace(c: AppContext, s: Services): Promise<Response> {
  const request = await body(c, s, createNamespaceRequestSchema, "CreateNamespaceRequest");
  const namespace = checkNamespace(request.namespace);
  const properties = await c.get("warehouse").catalog.createNamespace(namespace, request.properties ?? {});
  const response: components["schemas"]["CreateNamespaceResponse"] = { namespace, properties };
  return jsonResponse(response);
}
