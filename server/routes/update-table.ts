/**
 * POST /v1/{prefix}/namespaces/{namespace}/tables/{table} — updateTable (CommitTableRequest).
 * Requirements and updates are validated before the catalog sees them; the catalog applies them
 * atomically and answers a broken requirement with catalog.commit_conflict → 409; a commit that
 * only lost the swap to a concurrent writer is retried here (commit-retry.ts).
 */
import type { TableRequirement, TableUpdate } from "../../runtime/iceberg/types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { withCommitRetry } from "../commit-retry.ts";
import { jsonResponse } from "../json-response.ts";
import { checkInside } from "../locations.ts";
import { body, tableParam } from "../request-parts.ts";
import { commitTableRequestSchema } from "../request-schemas.ts";
import { badRequest } from "../rest-error.ts";
import { etagOf, metadataForWire } from "../table-result.ts";

export function checkUpdateLocations(updates: readonly { action: string; location?: string }[], root: string | undefined): void {
  for (const update of updates) {
    if (update.action === "set-location" && update.location !== undefined) checkInside("table location", update.location, root);
  }
}

export async function updateTable(c: AppContext, s: Services): Promise<Response> {
  const table = tableParam(c);
  const request = await body(c, s, commitTableRequestSchema, "CommitTableRequest");
  if (request.identifier) {
    const same =
      request.identifier.name === table.name && request.identifier.namespace.join("\u001f") === table.namespace.join("\u001f");
    if (!same) throw badRequest("identifier in the body does not match the table in the path; send the same table in both");
  }
  const warehouse = c.get("warehouse");
  checkUpdateLocations(request.updates, warehouse.location);
  const commit = { identifier: table, requirements: request.requirements as TableRequirement[], updates: request.updates as TableUpdate[] };
  // A staged create (assert-create) is never retried, as in the reference server.
  const creating = commit.requirements.some((r) => r.type === "assert-create");
  const loaded = creating ? await warehouse.catalog.commitTable(commit) : await withCommitRetry(() => warehouse.catalog.commitTable(commit));
  return jsonResponse(
    { "metadata-location": loaded.metadataLocation, metadata: metadataForWire(loaded.metadata) },
    200,
    { etag: await etagOf(loaded.metadataLocation) },
  );
}
