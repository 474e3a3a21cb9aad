/** POST /v1/{prefix}/namespaces/{namespace}/tables — createTable, including `stage-create`. */
import type { CreateTableRequest } from "../../runtime/catalog.ts";
import type { PartitionSpec, Schema, SortOrder } from "../../runtime/iceberg/types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { jsonResponse } from "../json-response.ts";
import { checkInside } from "../locations.ts";
import { checkName } from "../names.ts";
import { body, namespaceParam } from "../request-parts.ts";
import { createTableRequestSchema } from "../request-schemas.ts";
import { etagOf, loadTableResult } from "../table-result.ts";

export async function createTable(c: AppContext, s: Services): Promise<Response> {
  const namespace = namespaceParam(c);
  const request = await body(c, s, createTableRequestSchema, "CreateTableRequest");
  const name = checkName("table", request.name);
  const warehouse = c.get("warehouse");
  if (request.location) checkInside("table location", request.location, warehouse.location);
  const create: CreateTableRequest = {
    name,
    // The catalog re-assigns ids as Java's newTableMetadata does; 0 is only a placeholder.
    schema: { "schema-id": 0, ...request.schema } as Schema,
  };
  if (request.location) create.location = request.location;
  if (request["partition-spec"]) {
    const spec = request["partition-spec"];
    create["partition-spec"] = {
      ...spec,
      "spec-id": spec["spec-id"] ?? 0,
      fields: spec.fields.map((f, i) => ({ ...f, "field-id": f["field-id"] ?? 1000 + i })),
    } as PartitionSpec;
  }
  if (request["write-order"]) create["write-order"] = request["write-order"] as SortOrder;
  if (request.properties) create.properties = request.properties;
  if (request["stage-create"]) create["stage-create"] = true;
  const loaded = await warehouse.catalog.createTable(namespace, create);
  const headers: Record<string, string> = {};
  if (loaded.metadataLocation) headers.etag = await etagOf(loaded.metadataLocation);
  return jsonResponse(await loadTableResult(c, s, { namespace, name }, loaded), 200, headers);
}
