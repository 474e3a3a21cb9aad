/** POST /v1/{prefix}/tables/rename — renameTable. */
import type { AppContext, Services } from "../app-env.ts";
import { noContent } from "../json-response.ts";
import { identifier } from "../names.ts";
import { body } from "../request-parts.ts";
import { renameTableRequestSchema } from "../request-schemas.ts";

export async function renameTable(c: AppContext, s: Services): Promise<Response> {
  const request = await body(c, s, renameTableRequestSchema, "RenameTableRequest");
  const source = identifier(request.source.namespace, request.source.name);
  const destination = identifier(request.destination.namespace, request.destination.name);
  await c.get("warehouse").catalog.renameTable(source, destination);
  return noContent();
}
