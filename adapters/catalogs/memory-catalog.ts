/**
 * memoryCatalog: a Catalog whose pointers live in Maps, for tests and throwaway runs. Metadata
 * files still go to an ObjectStore (a fresh memoryStore by default), so every reader that follows
 * a metadata location works as with the other catalogs. A swap checks and applies all its pointer
 * moves without yielding, so multi-table commits are truly atomic within the process.
 */
import type { Catalog, Namespace, TableIdentifier } from "../../runtime/catalog.ts";
import { formatIdentifier } from "../../runtime/catalog.ts";
import { IngestError } from "../../runtime/errors.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { Clock } from "../../runtime/platform.ts";
import { memoryStore } from "../stores/memory-store.ts";
import { formatNamespace } from "./catalog-paging.ts";
import { pointerCatalog } from "./pointer-catalog.ts";
import { namespaceKey, type PointerStore, type TablePointer, tableKey } from "./pointer-store.ts";

export interface MemoryCatalogOptions {
  /** Where metadata files go; default a new memoryStore. */
  store?: ObjectStore;
  /** Root of default table locations; default the store's root. */
  warehouse?: string;
  clock?: Clock;
}

export function memoryPointerStore(): PointerStore {
  const namespaces = new Map<string, { namespace: Namespace; properties: Record<string, string> }>();
  const tables = new Map<string, { table: TableIdentifier; pointer: TablePointer }>();

  return {
    async listNamespaces() {
      return [...namespaces.values()].map((n) => [...n.namespace]);
    },
    async loadNamespace(namespace) {
      const entry = namespaces.get(namespaceKey(namespace));
      return entry ? { ...entry.properties } : null;
    },
    async createNamespace(namespace, properties) {
      const key = namespaceKey(namespace);
      if (namespaces.has(key)) {
        throw new IngestError("catalog.already_exists", `Namespace already exists: ${formatNamespace(namespace)}`, { namespace });
      }
      namespaces.set(key, { namespace: [...namespace], properties: { ...properties } });
    },
    async updateNamespace(namespace, change) {
      const entry = namespaces.get(namespaceKey(namespace));
      if (!entry) throw new IngestError("catalog.no_such_namespace", `Namespace does not exist: ${formatNamespace(namespace)}`, { namespace });
      entry.properties = change({ ...entry.properties });
    },
    async dropNamespace(namespace) {
      namespaces.delete(namespaceKey(namespace));
    },
    async listTables(namespace) {
      const key = namespaceKey(namespace);
      return [...tables.values()].filter((t) => namespaceKey(t.table.namespace) === key).map((t) => t.table.name);
    },
    async loadTable(table) {
      const entry = tables.get(tableKey(table));
      return entry ? { ...entry.pointer } : null;
    },
    async swap(swaps) {
      for (const s of swaps) {
        const current = tables.get(tableKey(s.table))?.pointer.metadataLocation ?? null;
        if (current !== s.expected) {
          throw new IngestError(
            "catalog.commit_conflict",
            `Cannot commit ${formatIdentifier(s.table)}: metadata location ${String(s.expected)} has changed to ${String(current)}; reload the table and retry`,
            { table: formatIdentifier(s.table) },
          );
        }
      }
      for (const s of swaps) {
        tables.set(tableKey(s.table), { table: { namespace: [...s.table.namespace], name: s.table.name }, pointer: { metadataLocation: s.next, previousMetadataLocation: s.expected } });
      }
    },
    async dropTable(table) {
      return tables.delete(tableKey(table));
    },
    async renameTable(from, to) {
      const entry = tables.get(tableKey(from));
      if (!entry) throw new IngestError("catalog.no_such_table", `Table does not exist: ${formatIdentifier(from)}`);
      if (tables.has(tableKey(to))) throw new IngestError("catalog.already_exists", `Table already exists: ${formatIdentifier(to)}`);
      tables.delete(tableKey(from));
      tables.set(tableKey(to), { table: { namespace: [...to.namespace], name: to.name }, pointer: entry.pointer });
    },
  };
}

export function memoryCatalog(options: MemoryCatalogOptions = {}): Catalog {
  const store = options.store ?? memoryStore("warehouse");
  return pointerCatalog({ pointers: memoryPointerStore(), store, warehouse: options.warehouse, clock: options.clock });
}
