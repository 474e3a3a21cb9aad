/** HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table} — tableExists: 204, or 404. */
import { formatIdentifier } from "../../runtime/catalog.ts";
import type { AppContext, Services } from "../app-env.ts";
import { noContent } from "../json-response.ts";
import { tableParam } from "../request-parts.ts";
import { RestError } from "../rest-error.ts";

export async function tableExists(c: AppContext, _s: Services): Promise<Response> {
  const table = tableParam(c);
  if (await c.get("warehouse").catalog.tableExists(table)) return noContent();
  throw new RestError(404, "NoSuchTableException", `Table does not exist: ${formatIdentifier(table)}`);
}
