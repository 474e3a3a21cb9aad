/**
 * filesCatalog: the embedded catalog — no server, just an ObjectStore. Namespaces and table
 * pointers are small JSON objects under `_catalog/` in the store:
 *
 *   _catalog/namespaces/<ns>.json          {"namespace": [...], "properties": {...}}
 *   _catalog/tables/<ns>/<table>.json      {"namespace", "name", "metadata-location", "previous-metadata-location"}
 *
 * where `<ns>` is the namespace parts, each percent-encoded (dots too), joined by `.`. Metadata
 * files are `<table location>/metadata/<version>-<uuid>.metadata.json`, created with
 * `ifNoneMatch: "*"` and never overwritten; a commit replaces the pointer object with `ifMatch`
 * on the etag it read, so of two writers that read the same pointer exactly one wins
 * (spec "Metastore Tables": atomic swap of the metadata location). This needs a store whose
 * conditional puts are atomic across every writer: S3 (RGW, AWS, R2) and memory are; the fs
 * store is only within one process.
 *
 * Multi-table commits (`commitTransaction`) are all-or-nothing for the result, but not isolated:
 * all metadata files are written first, every pointer is checked, then the pointers are swapped
 * one by one in identifier order. If a later swap loses, the earlier ones are put back (with
 * `ifMatch`, so a rollback never overwrites someone else's commit). Between the first and the
 * last swap, a reader can see some tables of the transaction committed and others not; if a
 * writer commits on top of a swap that must be rolled back, the rollback cannot be done and the
 * call fails with `catalog.commit_state_unknown`. Renames have the same kind of short window: the
 * new pointer is created before the old one is deleted.
 */
import type { Catalog, Namespace, TableIdentifier } from "../../runtime/catalog.ts";
import { formatIdentifier } from "../../runtime/catalog.ts";
import { IngestError, isIngestError } from "../../runtime/errors.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import type { Clock } from "../../runtime/platform.ts";
import { formatNamespace } from "./catalog-paging.ts";
import { pointerCatalog } from "./pointer-catalog.ts";
import { type PointerStore, type PointerSwap, type TablePointer, tableKey } from "./pointer-store.ts";

export interface FilesCatalogOptions {
  /** The warehouse: metadata files, table data and the `_catalog/` pointers. */
  store: ObjectStore;
  /** Root of default table locations; default the store's root. */
  warehouse?: string;
  /** Folder of the pointer objects; default `_catalog`. */
  prefix?: string;
  clock?: Clock;
}

const encodePart = (part: string) => encodeURIComponent(part).replace(/\./g, "%2E");
const encodeNamespace = (ns: Namespace) => ns.map(encodePart).join(".");
const decodeNamespace = (text: string): Namespace => text.split(".").map(decodeURIComponent);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

interface PointerObject {
  namespace: Namespace;
  name: string;
  "metadata-location": string;
  "previous-metadata-location"?: string | null;
}

function conflict(table: TableIdentifier, expected: string | null, actual: string | null): IngestError {
  return new IngestError(
    "catalog.commit_conflict",
    expected === null
      ? `Cannot create ${formatIdentifier(table)}: it was created concurrently`
      : `Cannot commit ${formatIdentifier(table)}: metadata location ${expected} has changed to ${String(actual)}; reload the table and retry`,
    { table: formatIdentifier(table) },
  );
}

export function filesPointerStore(store: ObjectStore, prefix = "_catalog"): PointerStore {
  const nsKey = (ns: Namespace) => `${prefix}/namespaces/${encodeNamespace(ns)}.json`;
  const tablesPrefix = (ns: Namespace) => `${prefix}/tables/${encodeNamespace(ns)}/`;
  const tKey = (t: TableIdentifier) => `${tablesPrefix(t.namespace)}${encodeURIComponent(t.name)}.json`;

  async function readJson<T>(key: string): Promise<T | null> {
    const bytes = await store.get(key);
    return bytes === null ? null : (JSON.parse(new TextDecoder().decode(bytes)) as T);
  }

  /** The pointer object with the etag it was read at (head first: see `swap`). */
  async function readPointer(table: TableIdentifier): Promise<{ etag: string; pointer: PointerObject } | null> {
    const info = await store.head(tKey(table));
    if (info === null) return null;
    const pointer = await readJson<PointerObject>(tKey(table));
    return pointer === null ? null : { etag: info.etag, pointer };
  }

  async function putPointer(s: PointerSwap, etag: string | null, before: PointerObject | null): Promise<string> {
    // A swap to the same location only re-asserts the pointer (a table a transaction checks but
    // does not change): it keeps the previous location as it was.
    const previous = s.expected === s.next ? (before?.["previous-metadata-location"] ?? null) : s.expected;
    const body: PointerObject = { namespace: s.table.namespace, name: s.table.name, "metadata-location": s.next, "previous-metadata-location": previous };
    const info = await store.put(tKey(s.table), json(body), etag === null ? { ifNoneMatch: "*" } : { ifMatch: etag });
    return info.etag;
  }

  return {
    async listNamespaces() {
      const out: Namespace[] = [];
      for await (const info of store.list(`${prefix}/namespaces/`)) {
        const name = info.key.slice(`${prefix}/namespaces/`.length);
        if (name.endsWith(".json") && !name.includes("/")) out.push(decodeNamespace(name.slice(0, -5)));
      }
      return out;
    },

    async loadNamespace(namespace) {
      return (await readJson<{ properties: Record<string, string> }>(nsKey(namespace)))?.properties ?? null;
    },

    async createNamespace(namespace, properties) {
      try {
        await store.put(nsKey(namespace), json({ namespace, properties }), { ifNoneMatch: "*" });
      } catch (e) {
        if (!isIngestError(e, "store.precondition_failed")) throw e;
        throw new IngestError("catalog.already_exists", `Namespace already exists: ${formatNamespace(namespace)}`, { namespace });
      }
    },

    async updateNamespace(namespace, change) {
      // Property updates never conflict in meaning, so a lost race is simply redone.
      for (let attempt = 0; ; attempt++) {
        const info = await store.head(nsKey(namespace));
        const current = info && (await readJson<{ properties: Record<string, string> }>(nsKey(namespace)));
        if (!info || !current) throw new IngestError("catalog.no_such_namespace", `Namespace does not exist: ${formatNamespace(namespace)}`, { namespace });
        try {
          await store.put(nsKey(namespace), json({ namespace, properties: change({ ...current.properties }) }), { ifMatch: info.etag });
          return;
        } catch (e) {
          if (!isIngestError(e, "store.precondition_failed") || attempt >= 20) throw e;
        }
      }
    },

    async dropNamespace(namespace) {
      await store.delete(nsKey(namespace));
    },

    async listTables(namespace) {
      const names: string[] = [];
      const start = tablesPrefix(namespace);
      for await (const info of store.list(start)) {
        const rest = info.key.slice(start.length);
        if (rest.endsWith(".json") && !rest.includes("/")) names.push(decodeURIComponent(rest.slice(0, -5)));
      }
      return names;
    },

    async loadTable(table) {
      const p = await readJson<PointerObject>(tKey(table));
      return p === null ? null : ({ metadataLocation: p["metadata-location"], previousMetadataLocation: p["previous-metadata-location"] ?? null } satisfies TablePointer);
    },

    async swap(swaps) {
      const ordered = [...swaps].sort((a, b) => (tableKey(a.table) < tableKey(b.table) ? -1 : 1));
      // Check every pointer before moving any, so an ordinary conflict moves nothing. The etag
      // is read before the content: if the object changes in between, the ifMatch put fails.
      const read: ({ etag: string; pointer: PointerObject } | null)[] = [];
      for (const s of ordered) {
        const current = await readPointer(s.table);
        const location = current?.pointer["metadata-location"] ?? null;
        if (location !== s.expected) throw conflict(s.table, s.expected, location);
        read.push(current);
      }
      const done: { swap: PointerSwap; etag: string; before: PointerObject | null }[] = [];
      for (const [i, s] of ordered.entries()) {
        const before = read[i] ?? null;
        try {
          done.push({ swap: s, etag: await putPointer(s, before?.etag ?? null, before?.pointer ?? null), before: before?.pointer ?? null });
        } catch (e) {
          if (!isIngestError(e, "store.precondition_failed")) {
            // The put may have landed: neither the commit nor its cleanup can be decided here.
            throw new IngestError(
              "catalog.commit_state_unknown",
              `swapping the pointer of ${formatIdentifier(s.table)} failed (${(e as Error).message}); the commit may or may not have happened: reload the table before retrying`,
              { table: formatIdentifier(s.table) },
              { cause: e },
            );
          }
          await rollback(done);
          const now = await readPointer(s.table);
          throw conflict(s.table, s.expected, now?.pointer["metadata-location"] ?? null);
        }
      }
    },

    async dropTable(table) {
      if ((await store.head(tKey(table))) === null) return false;
      await store.delete(tKey(table));
      return true;
    },

    async renameTable(from, to) {
      const source = await readPointer(from);
      if (source === null) throw new IngestError("catalog.no_such_table", `Table does not exist: ${formatIdentifier(from)}`);
      const moved: PointerObject = { ...source.pointer, namespace: to.namespace, name: to.name };
      try {
        await store.put(tKey(to), json(moved), { ifNoneMatch: "*" });
      } catch (e) {
        if (!isIngestError(e, "store.precondition_failed")) throw e;
        throw new IngestError("catalog.already_exists", `Table already exists: ${formatIdentifier(to)}`);
      }
      // A commit to the old name after we read it would be lost: undo the rename instead.
      if ((await store.head(tKey(from)))?.etag !== source.etag) {
        await store.delete(tKey(to));
        throw conflict(from, source.pointer["metadata-location"], null);
      }
      await store.delete(tKey(from));
    },
  };

  async function rollback(done: { swap: PointerSwap; etag: string; before: PointerObject | null }[]): Promise<void> {
    for (const d of done.reverse()) {
      try {
        if (d.before === null) {
          if ((await store.head(tKey(d.swap.table)))?.etag !== d.etag) throw new Error("pointer moved");
          await store.delete(tKey(d.swap.table));
        } else {
          await store.put(tKey(d.swap.table), json(d.before), { ifMatch: d.etag });
        }
      } catch (e) {
        throw new IngestError(
          "catalog.commit_state_unknown",
          `transaction partly applied: ${formatIdentifier(d.swap.table)} was committed, another table of the transaction lost its swap, and putting ${formatIdentifier(d.swap.table)} back failed because it changed again; reload the tables and check them`,
          { table: formatIdentifier(d.swap.table) },
          { cause: e },
        );
      }
    }
  }
}

export function filesCatalog(options: FilesCatalogOptions): Catalog {
  return pointerCatalog({ pointers: filesPointerStore(options.store, options.prefix), store: options.store, warehouse: options.warehouse, clock: options.clock });
}
