/** POST /v1/{prefix}/namespaces/{namespace}/properties — updateProperties. */
import type { components } from "../iceberg-rest-types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { body, namespaceParam } from "../request-parts.ts";
import { updateNamespacePropertiesRequestSchema } from "../request-schemas.ts";
import { RestError } from "../rest-error.ts";

export async function updateProperties(c: AppContext, s: Services): Promise<Response> {
  const namespace = namespaceParam(c);
  const request = await body(c, s, updateNamespacePropertiesRequestSchema, "UpdateNamespacePropertiesRequest");
  const removals = request.removals ?? [];
  const updates = request.updates ?? {};
  const both = removals.filter((key) => key in updates);
  if (both.length > 0) {
    // Spec: "422 - Unprocessable Entity, e.g. a key in both removals and updates".
    throw new RestError(422, "UnprocessableEntityException", `properties ${both.join(", ")} are both removed and updated; send each key once`);
  }
  const result = await c.get("warehouse").catalog.updateNamespaceProperties(namespace, removals, updates);
  const response: components["schemas"]["UpdateNamespacePropertiesResponse"] = { updated: result.updated, removed: result.removed, missing: result.missing };
  return jsonResponse(response);
}
