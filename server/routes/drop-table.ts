/** DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}[?purgeRequested=] — dropTable. */
import type { AppContext, Services } from "../app-env.ts";
import { noContent } from "../json-response.ts";
import { tableParam } from "../request-parts.ts";
import { badRequest } from "../rest-error.ts";

export async function dropTable(c: AppContext, _s: Services): Promise<Response> {
  const table = tableParam(c);
  const purge = c.req.query("purgeRequested") ?? "false";
  if (purge !== "true" && purge !== "false") {
    throw badRequest(`purgeRequested=${JSON.stringify(purge)} is not a boolean; pass true or false`);
  }
  await c.get("warehouse").catalog.dropTable(table, { purge: purge === "true" });
  return noContent();
}
