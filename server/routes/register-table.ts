/** POST /v1/{prefix}/namespaces/{namespace}/register — registerTable (metadata must be in the warehouse). */
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { checkInside } from "../locations.ts";
import { checkName } from "../names.ts";
import { body, namespaceParam } from "../request-parts.ts";
import { registerTableRequestSchema } from "../request-schemas.ts";
import { RestError } from "../rest-error.ts";
import { etagOf, loadTableResult } from "../table-result.ts";

export async function registerTable(c: AppContext, s: Services): Promise<Response> {
  const namespace = namespaceParam(c);
  const request = await body(c, s, registerTableRequestSchema, "RegisterTableRequest");
  const name = checkName("table", request.name);
  const warehouse = c.get("warehouse");
  checkInside("metadata-location", request["metadata-location"], warehouse.location);
  if (request.overwrite) {
    throw new RestError(406, "UnsupportedOperationException", "register with overwrite=true is not supported; drop the table first, then register");
  }
  const table = { namespace, name };
  const loaded = await warehouse.catalog.registerTable(table, request["metadata-location"]);
  return jsonResponse(await loadTableResult(c, s, table, loaded), 200, { etag: await etagOf(loaded.metadataLocation) });
}
