/**
 * catalogSuite: the behaviour every Catalog implementation shares — REST catalog semantics
 * (namespaces, tables, commits with requirements, transactions) and concurrent writers.
 * `make` returns a new, empty catalog for each test.
 */
import { describe, expect, it } from "bun:test";
import type { Catalog, TableCommit, TableIdentifier } from "../../runtime/catalog.ts";
import { type ErrorCode, isIngestError } from "../../runtime/errors.ts";
import type { Schema, TableMetadata, TableUpdate } from "../../runtime/iceberg/types.ts";

const schema: Schema = {
  type: "struct",
  "schema-id": 0,
  fields: [
    { id: 10, name: "id", required: true, type: "long" },
    { id: 20, name: "payload", required: false, type: { type: "struct", fields: [{ id: 21, name: "body", required: false, type: "string" }] } },
    { id: 30, name: "ts", required: false, type: "timestamptz" },
  ],
};

export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isIngestError(e)) return e.code;
    throw e;
  }
  return "ok";
}

async function expectCode(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  expect(await codeOf(p)).toBe(code);
}

/** Many round trips against a real server (S3 answers in tens of milliseconds): more than the default 5 s. */
const concurrencyTimeout = 60_000;

let idCounter = 0n;
/** Snapshot ids above 2^53, so that a lossy JSON round trip anywhere would show. */
export function bigSnapshotId(): bigint {
  idCounter += 1n;
  return (1n << 62n) + BigInt(Date.now()) * 1000n + idCounter;
}

/** An append as a writer sends it: assert the branch it read, add a snapshot, move main. */
export function appendCommit(table: TableIdentifier, m: TableMetadata, snapshotId = bigSnapshotId()): TableCommit {
  const parent = m["current-snapshot-id"] ?? null;
  const snapshot = {
    "snapshot-id": snapshotId,
    "sequence-number": m["last-sequence-number"] + 1,
    "timestamp-ms": Date.now(),
    "manifest-list": `${m.location}/metadata/snap-${snapshotId}.avro`,
    summary: { operation: "append", "added-records": "1" },
    "schema-id": m["current-schema-id"],
    ...(parent === null ? {} : { "parent-snapshot-id": parent }),
  };
  return {
    identifier: table,
    requirements: [
      { type: "assert-table-uuid", uuid: m["table-uuid"] },
      { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": parent },
    ],
    updates: [
      { action: "add-snapshot", snapshot },
      { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": snapshotId },
    ],
  };
}

export function catalogSuite(name: string, make: () => Promise<Catalog>): void {
  const t = (namespace: string[], table: string): TableIdentifier => ({ namespace, name: table });

  async function withTable(): Promise<{ catalog: Catalog; id: TableIdentifier }> {
    const catalog = await make();
    await catalog.createNamespace(["db"]);
    const id = t(["db"], "events");
    await catalog.createTable(["db"], { name: "events", schema });
    return { catalog, id };
  }

  describe(`${name}: namespaces`, () => {
    it("creates, loads and updates a namespace's properties", async () => {
      const c = await make();
      expect(await c.createNamespace(["sales"], { owner: "ana" })).toEqual({ owner: "ana" });
      expect(await c.loadNamespace(["sales"])).toEqual({ owner: "ana" });
      expect(await c.namespaceExists(["sales"])).toBe(true);
      expect(await c.namespaceExists(["nope"])).toBe(false);
      await expectCode(c.createNamespace(["sales"]), "catalog.already_exists");
      await expectCode(c.loadNamespace(["nope"]), "catalog.no_such_namespace");
      const result = await c.updateNamespaceProperties(["sales"], ["owner", "ghost"], { team: "core" });
      expect(result).toEqual({ updated: ["team"], removed: ["owner"], missing: ["ghost"] });
      expect(await c.loadNamespace(["sales"])).toEqual({ team: "core" });
      await expectCode(c.updateNamespaceProperties(["nope"], [], { a: "b" }), "catalog.no_such_namespace");
    });

    it("lists nested namespaces one level below the parent", async () => {
      const c = await make();
      for (const ns of [["a"], ["a", "b"], ["a", "c"], ["a", "b", "x"], ["z"]]) await c.createNamespace(ns);
      expect((await c.listNamespaces()).items).toEqual([["a"], ["z"]]);
      expect((await c.listNamespaces(["a"])).items).toEqual([["a", "b"], ["a", "c"]]);
      expect((await c.listNamespaces(["a", "b"])).items).toEqual([["a", "b", "x"]]);
      expect((await c.listNamespaces(["a", "c"])).items).toEqual([]);
      await expectCode(c.listNamespaces(["missing"]), "catalog.no_such_namespace");
    });

    it("pages through namespaces and tables with page tokens", async () => {
      const c = await make();
      const names = ["n1", "n2", "n3", "n4", "n5"];
      for (const n of names) await c.createNamespace([n]);
      const seen: string[][] = [];
      let token: string | undefined = "";
      let pages = 0;
      do {
        const page = await c.listNamespaces([], { pageToken: token, pageSize: 2 });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        token = page.nextPageToken;
        pages++;
      } while (token !== undefined && pages < 10);
      expect(seen).toEqual(names.map((n) => [n]));
      expect(pages).toBe(3);
      for (const tname of ["t3", "t1", "t2"]) await c.createTable(["n1"], { name: tname, schema });
      const first = await c.listTables(["n1"], { pageSize: 2 });
      expect(first.items.map((i) => i.name)).toEqual(["t1", "t2"]);
      const second = await c.listTables(["n1"], { pageSize: 2, pageToken: first.nextPageToken });
      expect(second).toEqual({ items: [{ namespace: ["n1"], name: "t3" }] });
      expect((await c.listTables(["n1"])).items).toHaveLength(3);
      await expectCode(c.listTables(["missing"]), "catalog.no_such_namespace");
    });

    it("drops only empty namespaces", async () => {
      const c = await make();
      await c.createNamespace(["a"]);
      await c.createNamespace(["a", "b"]);
      await c.createNamespace(["t"]);
      await c.createTable(["t"], { name: "x", schema });
      await expectCode(c.dropNamespace(["a"]), "catalog.namespace_not_empty");
      await expectCode(c.dropNamespace(["t"]), "catalog.namespace_not_empty");
      await c.dropNamespace(["a", "b"]);
      await c.dropNamespace(["a"]);
      await c.dropTable(t(["t"], "x"));
      await c.dropNamespace(["t"]);
      expect((await c.listNamespaces()).items).toEqual([]);
      await expectCode(c.dropNamespace(["a"]), "catalog.no_such_namespace");
    });
  });

  describe(`${name}: tables`, () => {
    it("creates a table with fresh ids, a default location and a first metadata file", async () => {
      const { catalog, id } = await withTable();
      const loaded = await catalog.loadTable(id);
      const m = loaded.metadata;
      expect(m.location).toMatch(/\/db\/events$/);
      expect(loaded.metadataLocation.startsWith(`${m.location}/metadata/00000-`)).toBe(true);
      expect(loaded.metadataLocation).toEndWith(".metadata.json");
      expect(m.schemas[0]!.fields.map((f) => f.id)).toEqual([1, 2, 3]);
      expect(m["last-column-id"]).toBe(4);
      expect(m["format-version"]).toBe(2);
      expect(m["current-snapshot-id"] ?? null).toBeNull();
      expect(await catalog.tableExists(id)).toBe(true);
      expect(await catalog.tableExists(t(["db"], "other"))).toBe(false);
      await expectCode(catalog.createTable(["db"], { name: "events", schema }), "catalog.already_exists");
      await expectCode(catalog.createTable(["nope"], { name: "events", schema }), "catalog.no_such_namespace");
      await expectCode(catalog.loadTable(t(["db"], "missing")), "catalog.no_such_table");
    });

    it("commits an append, records the previous metadata file and bumps the version", async () => {
      const { catalog, id } = await withTable();
      const before = await catalog.loadTable(id);
      const commit = appendCommit(id, before.metadata);
      const after = await catalog.commitTable(commit);
      const snapshotId = (commit.updates[0] as Extract<TableUpdate, { action: "add-snapshot" }>).snapshot["snapshot-id"];
      expect(after.metadata["current-snapshot-id"]).toBe(snapshotId);
      expect(after.metadataLocation).toContain("/metadata/00001-");
      expect(after.metadata["metadata-log"].map((e) => e["metadata-file"])).toEqual([before.metadataLocation]);
      const reloaded = await catalog.loadTable(id);
      expect(reloaded.metadataLocation).toBe(after.metadataLocation);
      expect(reloaded.metadata["current-snapshot-id"]).toBe(snapshotId);
      expect(reloaded.metadata.snapshots[0]!["snapshot-id"]).toBe(snapshotId);
    });

    it("fails a commit whose requirement no longer holds and changes nothing", async () => {
      const { catalog, id } = await withTable();
      const base = await catalog.loadTable(id);
      await catalog.commitTable(appendCommit(id, base.metadata));
      const current = await catalog.loadTable(id);
      await expectCode(catalog.commitTable(appendCommit(id, base.metadata)), "catalog.commit_conflict");
      await expectCode(catalog.commitTable({ identifier: id, requirements: [{ type: "assert-table-uuid", uuid: "other" }], updates: [] }), "catalog.commit_conflict");
      expect((await catalog.loadTable(id)).metadataLocation).toBe(current.metadataLocation);
      await expectCode(catalog.commitTable(appendCommit(t(["db"], "missing"), base.metadata)), "catalog.no_such_table");
    });

    it("rejects an unknown update with a bad request and writes nothing", async () => {
      const { catalog, id } = await withTable();
      const before = await catalog.loadTable(id);
      await expectCode(catalog.commitTable({ identifier: id, requirements: [], updates: [{ action: "frobnicate" } as unknown as TableUpdate] }), "catalog.bad_request");
      expect((await catalog.loadTable(id)).metadataLocation).toBe(before.metadataLocation);
    });

    it("returns the current metadata without a new file when a commit changes nothing", async () => {
      const { catalog, id } = await withTable();
      const before = await catalog.loadTable(id);
      const result = await catalog.commitTable({ identifier: id, requirements: [], updates: [{ action: "set-properties", updates: {} }] });
      expect(result.metadataLocation).toBe(before.metadataLocation);
    });

    it("stages a create without registering it, and creates it with an assert-create commit", async () => {
      const catalog = await make();
      await catalog.createNamespace(["db"]);
      const staged = await catalog.createTable(["db"], { name: "staged", schema, "stage-create": true });
      expect(staged.metadataLocation).toBe("");
      const id = t(["db"], "staged");
      expect(await catalog.tableExists(id)).toBe(false);
      const m = staged.metadata;
      const updates: TableUpdate[] = [
        { action: "assign-uuid", uuid: m["table-uuid"] },
        { action: "upgrade-format-version", "format-version": 2 },
        { action: "add-schema", schema: m.schemas[0]! },
        { action: "set-current-schema", "schema-id": -1 },
        { action: "add-spec", spec: m["partition-specs"][0]! },
        { action: "set-default-spec", "spec-id": -1 },
        { action: "add-sort-order", "sort-order": m["sort-orders"][0]! },
        { action: "set-default-sort-order", "sort-order-id": -1 },
        { action: "set-location", location: m.location },
        { action: "set-properties", updates: m.properties },
      ];
      const created = await catalog.commitTable({ identifier: id, requirements: [{ type: "assert-create" }], updates });
      expect(created.metadata["table-uuid"]).toBe(m["table-uuid"]);
      expect(created.metadataLocation).toContain("/metadata/00000-");
      expect((await catalog.loadTable(id)).metadata.schemas).toEqual(m.schemas);
      await expectCode(catalog.commitTable({ identifier: id, requirements: [{ type: "assert-create" }], updates }), "catalog.commit_conflict");
    });

    it("renames a table across namespaces", async () => {
      const { catalog, id } = await withTable();
      await catalog.createNamespace(["archive"]);
      const target = t(["archive"], "events_2024");
      const before = await catalog.loadTable(id);
      await expectCode(catalog.renameTable(id, t(["missing"], "x")), "catalog.no_such_namespace");
      await catalog.createTable(["archive"], { name: "taken", schema });
      await expectCode(catalog.renameTable(id, t(["archive"], "taken")), "catalog.already_exists");
      await catalog.renameTable(id, target);
      expect(await catalog.tableExists(id)).toBe(false);
      expect((await catalog.loadTable(target)).metadataLocation).toBe(before.metadataLocation);
      expect((await catalog.listTables(["archive"])).items.map((i) => i.name)).toEqual(["events_2024", "taken"]);
      await expectCode(catalog.renameTable(id, t(["archive"], "again")), "catalog.no_such_table");
      const after = await catalog.commitTable(appendCommit(target, (await catalog.loadTable(target)).metadata));
      expect(after.metadata.snapshots).toHaveLength(1);
    });

    it("drops a table and keeps its files unless asked to purge", async () => {
      const { catalog, id } = await withTable();
      const kept = await catalog.loadTable(id);
      await catalog.dropTable(id);
      expect(await catalog.tableExists(id)).toBe(false);
      await expectCode(catalog.dropTable(id), "catalog.no_such_table");
      const registered = await catalog.registerTable(id, kept.metadataLocation);
      expect(registered.metadata["table-uuid"]).toBe(kept.metadata["table-uuid"]);
      await catalog.commitTable(appendCommit(id, registered.metadata));
      await catalog.dropTable(id, { purge: true });
      await expectCode(catalog.registerTable(id, kept.metadataLocation), "catalog.bad_request");
    });

    it("registers an existing metadata file only from inside the warehouse and under a free name", async () => {
      const { catalog, id } = await withTable();
      const loaded = await catalog.loadTable(id);
      const copy = t(["db"], "copy");
      const registered = await catalog.registerTable(copy, loaded.metadataLocation);
      expect(registered.metadataLocation).toBe(loaded.metadataLocation);
      expect((await catalog.loadTable(copy)).metadata["table-uuid"]).toBe(loaded.metadata["table-uuid"]);
      await expectCode(catalog.registerTable(copy, loaded.metadataLocation), "catalog.already_exists");
      await expectCode(catalog.registerTable(t(["db"], "outside"), "file:///elsewhere/metadata/00000-x.metadata.json"), "catalog.bad_request");
      await expectCode(catalog.registerTable(t(["nope"], "x"), loaded.metadataLocation), "catalog.no_such_namespace");
    });
  });

  describe(`${name}: transactions`, () => {
    it("commits changes to several tables together", async () => {
      const { catalog, id } = await withTable();
      const other = t(["db"], "other");
      await catalog.createTable(["db"], { name: "other", schema });
      const a = await catalog.loadTable(id);
      const b = await catalog.loadTable(other);
      await catalog.commitTransaction([appendCommit(id, a.metadata), appendCommit(other, b.metadata)]);
      expect((await catalog.loadTable(id)).metadata.snapshots).toHaveLength(1);
      expect((await catalog.loadTable(other)).metadata.snapshots).toHaveLength(1);
    });

    it("changes no table when one requirement fails", async () => {
      const { catalog, id } = await withTable();
      const other = t(["db"], "other");
      await catalog.createTable(["db"], { name: "other", schema });
      const a = await catalog.loadTable(id);
      const b = await catalog.loadTable(other);
      await catalog.commitTable(appendCommit(other, b.metadata));
      const bNow = await catalog.loadTable(other);
      await expectCode(catalog.commitTransaction([appendCommit(id, a.metadata), appendCommit(other, b.metadata)]), "catalog.commit_conflict");
      expect((await catalog.loadTable(id)).metadataLocation).toBe(a.metadataLocation);
      expect((await catalog.loadTable(other)).metadataLocation).toBe(bNow.metadataLocation);
      await expectCode(catalog.commitTransaction([appendCommit(id, a.metadata), appendCommit(t(["db"], "ghost"), a.metadata)]), "catalog.no_such_table");
      expect((await catalog.loadTable(id)).metadataLocation).toBe(a.metadataLocation);
    });
  });

  describe(`${name}: concurrent writers`, () => {
    it("lets exactly one of 8 writers win each round and the others fail with a conflict", async () => {
      const { catalog, id } = await withTable();
      for (let round = 1; round <= 3; round++) {
        const base = await catalog.loadTable(id);
        const results = await Promise.all(Array.from({ length: 8 }, () => codeOf(catalog.commitTable(appendCommit(id, base.metadata)))));
        expect(results.filter((r) => r === "ok")).toHaveLength(1);
        expect(results.filter((r) => r === "catalog.commit_conflict")).toHaveLength(7);
        expect((await catalog.loadTable(id)).metadata.snapshots).toHaveLength(round);
      }
    }, concurrencyTimeout);

    it("loses no append when 8 writers reload, rebase and retry", async () => {
      const { catalog, id } = await withTable();
      const perWriter = 2;
      const mine = Array.from({ length: 8 }, () => Array.from({ length: perWriter }, () => bigSnapshotId()));
      let conflicts = 0;
      await Promise.all(
        mine.map(async (ids) => {
          for (const snapshotId of ids) {
            for (let attempt = 0; ; attempt++) {
              if (attempt > 100) throw new Error("writer starved");
              const current = await catalog.loadTable(id);
              const code = await codeOf(catalog.commitTable(appendCommit(id, current.metadata, snapshotId)));
              if (code === "ok") break;
              expect(code).toBe("catalog.commit_conflict");
              conflicts++;
            }
          }
        }),
      );
      const m = (await catalog.loadTable(id)).metadata;
      const all = mine.flat();
      expect(m.snapshots.map((s) => s["snapshot-id"]).sort()).toEqual([...all].sort());
      expect(m["last-sequence-number"]).toBe(all.length);
      // One linear history: every snapshot's parent is the one before it.
      const byId = new Map(m.snapshots.map((s) => [s["snapshot-id"], s]));
      let cursor = m["current-snapshot-id"] ?? null;
      let length = 0;
      while (cursor !== null) {
        length++;
        cursor = byId.get(cursor)?.["parent-snapshot-id"] ?? null;
      }
      expect(length).toBe(all.length);
      expect(m["snapshot-log"]).toHaveLength(all.length);
      expect(conflicts).toBeGreaterThan(0);
    }, concurrencyTimeout);
  });
}
