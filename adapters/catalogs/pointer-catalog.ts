/**
 * pointerCatalog: a Catalog with REST semantics (../shared/specs/iceberg/rest-catalog-open-api.yaml)
 * over a PointerStore (namespaces + table → metadata location, with compare-and-swap) and the
 * warehouse ObjectStore that holds the metadata files.
 *
 * A commit is the REST server's sequence (CatalogHandlers.commit): load the current metadata,
 * check every requirement (409 on failure), apply the updates (400 when invalid), write a new
 * metadata file, then swap the pointer from the old location to the new one. A lost swap is a
 * `catalog.commit_conflict`; nothing is retried here — the caller reloads and rebases. The file of
 * a lost swap is deleted, because the swap is known to have failed; after any other error it is
 * left (a write whose outcome is unknown must not be cleaned up).
 */
import type { Catalog, CreateTableRequest, LoadedTable, Namespace, TableCommit, TableIdentifier } from "../../runtime/catalog.ts";
import { formatIdentifier } from "../../runtime/catalog.ts";
import { IngestError, isIngestError } from "../../runtime/errors.ts";
import { newTableMetadata } from "../../runtime/iceberg/new-table-metadata.ts";
import { checkRequirements } from "../../runtime/iceberg/requirements.ts";
import type { TableMetadata } from "../../runtime/iceberg/types.ts";
import { applyUpdates } from "../../runtime/iceberg/updates.ts";
import type { ObjectStore } from "../../runtime/object-store.ts";
import { type Clock, systemClock } from "../../runtime/platform.ts";
import { checkIdentifier, checkNamespace, formatNamespace, paginate } from "./catalog-paging.ts";
import { keyInStore, metadataVersion, purgeTableFiles, readMetadata, writeMetadata } from "./metadata-files.ts";
import { namespaceKey, type PointerStore, type PointerSwap, tableKey } from "./pointer-store.ts";

export interface PointerCatalogOptions {
  pointers: PointerStore;
  /** Where metadata files are written; every table location must be inside it. */
  store: ObjectStore;
  /** Root of default table locations (`<warehouse>/<namespace parts>/<table>`); default `store.root`. */
  warehouse?: string;
  clock?: Clock;
}

interface Prepared {
  commit: TableCommit;
  swap: PointerSwap;
  base: TableMetadata | null;
  next: TableMetadata;
  version: number;
}

const noSuchNamespace = (ns: Namespace) =>
  new IngestError("catalog.no_such_namespace", `Namespace does not exist: ${formatNamespace(ns)}; create it first`, { namespace: ns });
const noSuchTable = (t: TableIdentifier) =>
  new IngestError("catalog.no_such_table", `Table does not exist: ${formatIdentifier(t)}`, { table: formatIdentifier(t) });
const tableExists = (t: TableIdentifier) =>
  new IngestError("catalog.already_exists", `Table already exists: ${formatIdentifier(t)}; load it, or pick another name`, { table: formatIdentifier(t) });

export function pointerCatalog(options: PointerCatalogOptions): Catalog {
  const { pointers, store } = options;
  const warehouse = (options.warehouse ?? store.root).replace(/\/+$/, "");
  const clock = options.clock ?? systemClock;

  async function requireNamespace(ns: Namespace): Promise<Record<string, string>> {
    checkNamespace(ns);
    const props = await pointers.loadNamespace(ns);
    if (props === null) throw noSuchNamespace(ns);
    return props;
  }

  async function load(table: TableIdentifier): Promise<LoadedTable> {
    checkIdentifier(table);
    const pointer = await pointers.loadTable(table);
    if (pointer === null) throw noSuchTable(table);
    return { metadataLocation: pointer.metadataLocation, metadata: await readMetadata(store, pointer.metadataLocation) };
  }

  /** Writes the first metadata file and creates the pointer; the file goes again if that fails. */
  async function create(table: TableIdentifier, metadata: TableMetadata, version: number): Promise<LoadedTable> {
    const location = await writeMetadata(store, metadata, version);
    try {
      await pointers.swap([{ table, expected: null, next: location }]);
    } catch (e) {
      if (isIngestError(e, "catalog.commit_conflict")) {
        await store.delete(keyInStore(store, location, "metadata file"));
        throw tableExists(table);
      }
      throw e;
    }
    return { metadataLocation: location, metadata };
  }

  async function prepare(commit: TableCommit): Promise<Prepared> {
    const table = commit.identifier;
    checkIdentifier(table);
    const pointer = await pointers.loadTable(table);
    const creating = (commit.requirements ?? []).some((r) => r?.type === "assert-create");
    if (pointer === null && !creating) throw noSuchTable(table);
    const base = pointer === null ? null : await readMetadata(store, pointer.metadataLocation);
    checkRequirements(base, commit.requirements);
    if (base === null) await requireNamespace(table.namespace);
    const next = applyUpdates(base, commit.updates, { now: clock.now(), previousMetadataLocation: pointer?.metadataLocation });
    if (base === null) keyInStore(store, next.location, `table ${formatIdentifier(table)} location`);
    const version = pointer === null ? 0 : metadataVersion(pointer.metadataLocation) + 1;
    const current = pointer?.metadataLocation ?? null;
    return { commit, base, next, version, swap: { table, expected: current, next: current ?? "" } };
  }

  /** Writes the new metadata files, swaps all pointers at once, and cleans up after a lost swap. */
  async function commitAll(prepared: Prepared[]): Promise<string[]> {
    const changed = prepared.filter((p) => p.next !== p.base);
    const locations = await Promise.all(changed.map((p) => writeMetadata(store, p.next, p.version)));
    changed.forEach((p, i) => (p.swap.next = locations[i]!));
    try {
      await pointers.swap(prepared.map((p) => p.swap));
    } catch (e) {
      const status = isIngestError(e, "catalog.commit_state_unknown") && prepared.length === 1 ? await commitStatus(prepared[0]!.swap) : "unknown";
      if (status === "success") return locations;
      if (isIngestError(e, "catalog.commit_conflict") || status === "failure") {
        await Promise.all(locations.map((l) => store.delete(keyInStore(store, l, "metadata file"))));
        if (status === "failure") {
          throw new IngestError("catalog.commit_conflict", `commit to ${formatIdentifier(prepared[0]!.swap.table)} did not happen (${(e as Error).message}); reload the table and retry`, {}, { cause: e });
        }
      }
      throw e;
    }
    return locations;
  }

  /**
   * After a swap whose outcome is unknown (a 5xx, a dropped connection), decides it the way
   * Java's `BaseMetastoreTableOperations.checkCommitStatus` does: it happened if the pointer is at
   * the new file, or the current metadata lists the new file in its metadata-log (someone
   * committed on top); otherwise it did not. If even that check fails, it stays unknown.
   */
  async function commitStatus(swap: PointerSwap): Promise<"success" | "failure" | "unknown"> {
    try {
      const pointer = await pointers.loadTable(swap.table);
      if (pointer === null) return "unknown";
      if (pointer.metadataLocation === swap.next) return "success";
      const current = await readMetadata(store, pointer.metadataLocation);
      return current["metadata-log"].some((e) => e["metadata-file"] === swap.next) ? "success" : "failure";
    } catch {
      return "unknown";
    }
  }

  return {
    // Like Java's JdbcCatalog, a level exists in listings when any namespace below it exists:
    // listing [] after creating only ["a", "b"] shows ["a"].
    async listNamespaces(parent = [], options) {
      if (parent.length > 0) await requireNamespace(parent);
      const children = new Map<string, Namespace>();
      for (const ns of await pointers.listNamespaces()) {
        if (ns.length <= parent.length || parent.some((p, i) => ns[i] !== p)) continue;
        const child = ns.slice(0, parent.length + 1);
        children.set(namespaceKey(child), child);
      }
      return paginate([...children.values()], namespaceKey, options);
    },

    async createNamespace(namespace, properties = {}) {
      checkNamespace(namespace);
      await pointers.createNamespace(namespace, { ...properties });
      return { ...properties };
    },

    loadNamespace: requireNamespace,

    async namespaceExists(namespace) {
      checkNamespace(namespace);
      return (await pointers.loadNamespace(namespace)) !== null;
    },

    async updateNamespaceProperties(namespace, removals, updates) {
      checkNamespace(namespace);
      const both = removals.filter((k) => k in updates);
      if (both.length > 0) {
        throw new IngestError("catalog.bad_request", `namespace properties ${both.join(", ")} are both updated and removed; send each key once`, { keys: both });
      }
      const result = { updated: Object.keys(updates), removed: [] as string[], missing: [] as string[] };
      await pointers.updateNamespace(namespace, (props) => {
        result.removed = removals.filter((k) => k in props);
        result.missing = removals.filter((k) => !(k in props));
        const next = { ...props, ...updates };
        for (const k of removals) delete next[k];
        return next;
      });
      return result;
    },

    async dropNamespace(namespace) {
      await requireNamespace(namespace);
      const tables = await pointers.listTables(namespace);
      const children = (await pointers.listNamespaces()).filter((ns) => ns.length > namespace.length && namespace.every((p, i) => ns[i] === p));
      if (tables.length > 0 || children.length > 0) {
        throw new IngestError(
          "catalog.namespace_not_empty",
          `Namespace ${formatNamespace(namespace)} is not empty: ${tables.length} tables and ${children.length} namespaces exist; drop them first`,
          { namespace, tables: tables.length, namespaces: children.length },
        );
      }
      await pointers.dropNamespace(namespace);
    },

    async listTables(namespace, options) {
      await requireNamespace(namespace);
      const names = await pointers.listTables(namespace);
      const page = paginate(names, (n) => n, options);
      return { ...page, items: page.items.map((name) => ({ namespace: [...namespace], name })) };
    },

    async createTable(namespace, request: CreateTableRequest) {
      const table = { namespace, name: request?.name };
      checkIdentifier(table);
      await requireNamespace(namespace);
      if ((await pointers.loadTable(table)) !== null) throw tableExists(table);
      const location = request.location ?? `${warehouse}/${namespace.join("/")}/${request.name}`;
      keyInStore(store, location.replace(/\/+$/, ""), `table ${formatIdentifier(table)} location`);
      const metadata = newTableMetadata(request, { location, uuid: crypto.randomUUID(), now: clock.now() });
      // REST stage-create: metadata without a metadata-location; a commit with assert-create creates it.
      if (request["stage-create"]) return { metadataLocation: "", metadata };
      return create(table, metadata, 0);
    },

    loadTable: load,

    async tableExists(table) {
      checkIdentifier(table);
      return (await pointers.loadTable(table)) !== null;
    },

    async dropTable(table, options = {}) {
      checkIdentifier(table);
      // A purge whose metadata file is already gone still drops the table; there is nothing to follow.
      const loaded = options.purge ? await load(table).catch((e) => (isIngestError(e, "store.not_found") ? null : Promise.reject(e))) : null;
      if (!(await pointers.dropTable(table))) throw noSuchTable(table);
      if (loaded) await purgeTableFiles(store, loaded.metadataLocation, loaded.metadata);
    },

    async renameTable(from, to) {
      checkIdentifier(from);
      checkIdentifier(to);
      if ((await pointers.loadTable(from)) === null) throw noSuchTable(from);
      await requireNamespace(to.namespace);
      if ((await pointers.loadTable(to)) !== null) throw tableExists(to);
      await pointers.renameTable(from, to);
    },

    async registerTable(table, metadataLocation) {
      checkIdentifier(table);
      await requireNamespace(table.namespace);
      if ((await pointers.loadTable(table)) !== null) throw tableExists(table);
      const key = keyInStore(store, metadataLocation, "metadata location");
      if ((await store.head(key)) === null) {
        throw new IngestError("catalog.bad_request", `metadata file ${metadataLocation} does not exist; register the location of an existing metadata.json`, { metadataLocation });
      }
      const metadata = await readMetadata(store, metadataLocation);
      try {
        await pointers.swap([{ table, expected: null, next: metadataLocation }]);
      } catch (e) {
        throw isIngestError(e, "catalog.commit_conflict") ? tableExists(table) : e;
      }
      return { metadataLocation, metadata };
    },

    async commitTable(commit) {
      const prepared = await prepare(commit);
      if (prepared.next === prepared.base) return { metadataLocation: prepared.swap.expected!, metadata: prepared.base! };
      const [location] = await commitAll([prepared]);
      return { metadataLocation: location!, metadata: prepared.next };
    },

    async commitTransaction(commits) {
      const seen = new Set<string>();
      for (const c of commits) {
        checkIdentifier(c.identifier);
        const key = tableKey(c.identifier);
        if (seen.has(key)) {
          throw new IngestError("catalog.bad_request", `transaction changes table ${formatIdentifier(c.identifier)} twice; send one change per table`);
        }
        seen.add(key);
      }
      const prepared: Prepared[] = [];
      for (const c of commits) prepared.push(await prepare(c));
      if (prepared.length > 0) await commitAll(prepared);
    },
  };
}
