/** GET /v1/{prefix}/namespaces/{namespace}/tables/{table} — loadTable, with ETag / If-None-Match. */
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { tableParam } from "../request-parts.ts";
import { badRequest } from "../rest-error.ts";
import { etagMatches, etagOf, loadTableResult, type SnapshotMode } from "../table-result.ts";

export async function loadTable(c: AppContext, s: Services): Promise<Response> {
  const table = tableParam(c);
  const snapshots = c.req.query("snapshots") ?? "all";
  if (snapshots !== "all" && snapshots !== "refs") {
    throw badRequest(`snapshots=${JSON.stringify(snapshots)} is not supported; use snapshots=all or snapshots=refs`);
  }
  const mode: SnapshotMode = snapshots;
  const loaded = await c.get("warehouse").catalog.loadTable(table);
  const etag = await etagOf(loaded.metadataLocation, mode);
  if (etagMatches(c.req.header("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers: { etag } });
  }
  return jsonResponse(await loadTableResult(c, s, table, loaded, mode), 200, { etag });
}
