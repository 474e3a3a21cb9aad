/** DELETE /v1/{prefix}/namespaces/{namespace} — dropNamespace (409 when not empty). */
import type { AppContext, Services } from "../app-env.ts";
import { noContent } from "../json-response.ts";
import { namespaceParam } from "../request-parts.ts";

export async function dropNamespace(c: AppContext, _s: Services): Promise<Response> {
  await c.get("warehouse").catalog.dropNamespace(namespaceParam(c));
  return noContent();
}
