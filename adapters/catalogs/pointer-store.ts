/**
 * PointerStore: the little a catalog has to keep besides metadata files — which namespaces
 * exist with what properties, and for each table the location of its current metadata file —
 * with compare-and-swap on that location. This is the "metastore table" of the Iceberg spec
 * (https://iceberg.apache.org/spec/#metastore-tables): everything else (metadata JSON, manifests,
 * data) is immutable files in the warehouse store. `pointerCatalog` turns any PointerStore into
 * a full Catalog; memory, files and postgres implement it.
 */
import type { Namespace, TableIdentifier } from "../../runtime/catalog.ts";

export interface TablePointer {
  metadataLocation: string;
  previousMetadataLocation?: string | null;
}

/** One pointer move: `expected` null creates the table (it must not exist yet). */
export interface PointerSwap {
  table: TableIdentifier;
  expected: string | null;
  next: string;
}

export interface PointerStore {
  /** Every namespace that exists, any depth. */
  listNamespaces(): Promise<Namespace[]>;
  /** Null when the namespace does not exist. */
  loadNamespace(namespace: Namespace): Promise<Record<string, string> | null>;
  /** Fails with `catalog.already_exists` when it exists. */
  createNamespace(namespace: Namespace, properties: Record<string, string>): Promise<void>;
  /** Read-modify-write of the properties, atomic; `catalog.no_such_namespace` when missing. */
  updateNamespace(namespace: Namespace, change: (properties: Record<string, string>) => Record<string, string>): Promise<void>;
  /** Removes the namespace entry (the catalog has checked that it is empty). */
  dropNamespace(namespace: Namespace): Promise<void>;

  /** Table names in a namespace. */
  listTables(namespace: Namespace): Promise<string[]>;
  loadTable(table: TableIdentifier): Promise<TablePointer | null>;
  /**
   * Moves every pointer from `expected` to `next`, all or none. A pointer that is no longer at
   * `expected` (or, for a create, already exists) fails the whole call with
   * `catalog.commit_conflict` and nothing moves — see each implementation for how atomic
   * "nothing" is.
   */
  swap(swaps: PointerSwap[]): Promise<void>;
  /** Returns false when the table did not exist. */
  dropTable(table: TableIdentifier): Promise<boolean>;
  /** Fails with `catalog.no_such_table` / `catalog.already_exists`. */
  renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void>;
}

export function namespaceKey(namespace: Namespace): string {
  return namespace.join("\u001f");
}

export function tableKey(table: TableIdentifier): string {
  return `${namespaceKey(table.namespace)}\u001e${table.name}`;
}
