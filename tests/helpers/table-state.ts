/**
 * The committed state of a table in a local warehouse, read through the embedded catalog, with
 * the data files checked by DuckDB: what a reader would see right now.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { join } from "node:path";
import { filesCatalog } from "../../adapters/catalogs/files-catalog.ts";
import { fsStore } from "../../adapters/stores/fs-store.ts";
import { nodeFsApi } from "../../adapters/bun/node-fs-api.ts";
import { listDataFiles } from "../../runtime/iceberg/table-scan.ts";
import { isIngestError } from "../../runtime/errors.ts";
import { pathOf } from "./iceberg-files.ts";

export interface TableState {
  exists: boolean;
  snapshots: number;
  rows: number;
  distinctIds: number;
  metadataLocation?: string;
}

export async function tableState(warehouseDir: string, namespace: string, name: string, idColumn = "order_id"): Promise<TableState> {
  const store = fsStore(warehouseDir, nodeFsApi());
  const catalog = filesCatalog({ store });
  let loaded;
  try {
    loaded = await catalog.loadTable({ namespace: [namespace], name });
  } catch (e) {
    if (isIngestError(e, "catalog.no_such_table") || isIngestError(e, "catalog.no_such_namespace")) return { exists: false, snapshots: 0, rows: 0, distinctIds: 0 };
    throw e;
  }
  const files = await listDataFiles(loaded.metadata, store);
  let rows = 0;
  let distinctIds = 0;
  if (files.length > 0) {
    const con = await (await DuckDBInstance.create(":memory:")).connect();
    const list = files.map((f) => `'${pathOf(f["file-path"])}'`).join(",");
    const r = (await con.runAndReadAll(`SELECT count(*)::BIGINT, count(DISTINCT ${idColumn})::BIGINT FROM read_parquet([${list}], hive_partitioning = false)`)).getRows()[0]!;
    rows = Number(r[0]);
    distinctIds = Number(r[1]);
  }
  return { exists: true, snapshots: loaded.metadata.snapshots.length, rows, distinctIds, metadataLocation: loaded.metadataLocation };
}

export const warehouseOf = (dir: string) => join(dir, "warehouse");

/** Paths of the data files of a table's current snapshot in a local warehouse. */
export async function tableDataFiles(warehouseDir: string, namespace: string, name: string): Promise<string[]> {
  const store = fsStore(warehouseDir, nodeFsApi());
  const { metadata } = await filesCatalog({ store }).loadTable({ namespace: [namespace], name });
  return (await listDataFiles(metadata, store)).map((f) => pathOf(f["file-path"]));
}
