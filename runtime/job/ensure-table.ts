/**
 * Makes sure the job's namespace and table exist, creating them from the contract: the Iceberg
 * schema with field ids, the partition spec from the job's partitioning, and the asset's
 * governance properties. An existing table keeps its ids; contract columns it lacks are added
 * as optional fields in the same commit as the data (safe schema evolution).
 */
import type { Catalog, LoadedTable, TableIdentifier } from "../catalog.ts";
import type { Contract } from "../contract.ts";
import { isIngestError } from "../errors.ts";
import { icebergSchemaFromContract } from "../iceberg/schema-from-contract.ts";
import { partitionSpecFor } from "./partitioner.ts";

export async function ensureTable(
  catalog: Catalog,
  table: TableIdentifier,
  contract: Contract,
  partitioning: string[],
  location?: string,
  properties: Record<string, string> = {},
): Promise<{ loaded: LoadedTable; created: boolean }> {
  try {
    return { loaded: await catalog.loadTable(table), created: false };
  } catch (e) {
    if (!isIngestError(e, "catalog.no_such_table") && !isIngestError(e, "catalog.no_such_namespace")) throw e;
  }
  await ensureNamespace(catalog, table.namespace);
  const schema = icebergSchemaFromContract(contract);
  try {
    const loaded = await catalog.createTable(table.namespace, {
      name: table.name,
      schema,
      location,
      "partition-spec": partitionSpecFor(partitioning, schema),
      properties: { ...contract.properties, "write.format.default": "parquet", ...properties },
    });
    return { loaded, created: true };
  } catch (e) {
    // Another run created it first: use theirs.
    if (isIngestError(e, "catalog.already_exists")) return { loaded: await catalog.loadTable(table), created: false };
    throw e;
  }
}

async function ensureNamespace(catalog: Catalog, namespace: string[]): Promise<void> {
  for (let depth = 1; depth <= namespace.length; depth++) {
    const ns = namespace.slice(0, depth);
    if (await catalog.namespaceExists(ns)) continue;
    try {
      await catalog.createNamespace(ns, {});
    } catch (e) {
      if (!isIngestError(e, "catalog.already_exists")) throw e;
    }
  }
}
