/** HEAD /v1/{prefix}/namespaces/{namespace} — namespaceExists: 204, or 404 with no body. */
import type { AppContext, Services } from "../app-env.ts";
import { noContent } from "../json-response.ts";
import { namespaceParam } from "../request-parts.ts";
import { RestError } from "../rest-error.ts";

export async function namespaceExists(c: AppContext, _s: Services): Promise<Response> {
  const namespace = namespaceParam(c);
  if (await c.get("warehouse").catalog.namespaceExists(namespace)) return noContent();
  throw new RestError(404, "NoSuchNamespaceException", `Namespace does not exist: ${namespace.join(".")}`);
}
