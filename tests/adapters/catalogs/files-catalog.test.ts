import { afterAll, describe, expect, it } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesCatalog } from "../../../adapters/catalogs/files-catalog.ts";
import { fsStore } from "../../../adapters/stores/fs-store.ts";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { nodeFsApi } from "../../../adapters/bun/node-fs-api.ts";
import { IngestError } from "../../../runtime/errors.ts";
import { tableMetadataFromJson } from "../../../runtime/iceberg/metadata-json.ts";
import type { Catalog } from "../../../runtime/catalog.ts";
import { keyOf, type ObjectStore } from "../../../runtime/object-store.ts";
import { appendCommit, catalogSuite, codeOf } from "../../suites/catalog.suite.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

catalogSuite("filesCatalog on memoryStore", async () => filesCatalog({ store: memoryStore("wh") }));

catalogSuite("filesCatalog on fsStore", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dativo-files-catalog-"));
  dirs.push(dir);
  return filesCatalog({ store: fsStore(dir, nodeFsApi()) });
});

describe("filesCatalog", () => {
  it("keeps namespaces and pointers as JSON under _catalog/ and never rewrites a metadata file", async () => {
    const store = memoryStore("wh");
    const catalog = filesCatalog({ store });
    await catalog.createNamespace(["a.b", "c"], { owner: "x" });
    const id = { namespace: ["a.b", "c"], name: "t 1" };
    await catalog.createTable(id.namespace, { name: id.name, schema: { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "x", required: false, type: "int" }] } });
    const first = await catalog.loadTable(id);
    const firstBytes = await store.get(keyOf(store, first.metadataLocation)!);
    await catalog.commitTable(appendCommit(id, first.metadata));

    const keys: string[] = [];
    for await (const info of store.list("")) keys.push(info.key);
    expect(keys.filter((k) => k.startsWith("_catalog/"))).toEqual(["_catalog/namespaces/a%2Eb.c.json", "_catalog/tables/a%2Eb.c/t%201.json"]);
    const pointer = JSON.parse(new TextDecoder().decode((await store.get("_catalog/tables/a%2Eb.c/t%201.json"))!));
    const current = await catalog.loadTable(id);
    expect(pointer).toEqual({ namespace: ["a.b", "c"], name: "t 1", "metadata-location": current.metadataLocation, "previous-metadata-location": first.metadataLocation });
    expect(keys.filter((k) => k.endsWith(".metadata.json"))).toHaveLength(2);
    expect(await store.get(keyOf(store, first.metadataLocation)!)).toEqual(firstBytes!);
    expect(tableMetadataFromJson(new TextDecoder().decode((await store.get(keyOf(store, current.metadataLocation)!))!)).snapshots).toHaveLength(1);
    expect((await catalog.listNamespaces()).items).toEqual([["a.b"]]);
    expect(await catalog.loadNamespace(["a.b", "c"])).toEqual({ owner: "x" });
  });

  it("deletes the metadata file of a commit that lost its swap", async () => {
    const store = memoryStore("wh");
    const catalog = filesCatalog({ store });
    await catalog.createNamespace(["db"]);
    await catalog.createTable(["db"], { name: "t", schema: { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "x", required: false, type: "int" }] } });
    const id = { namespace: ["db"], name: "t" };
    const base = await catalog.loadTable(id);
    const results = await Promise.all([0, 1, 2, 3].map(() => codeOf(catalog.commitTable(appendCommit(id, base.metadata)))));
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    const files: string[] = [];
    for await (const info of store.list("db/t/metadata/")) files.push(info.key);
    expect(files.filter((k) => k.endsWith(".metadata.json"))).toHaveLength(2);
  });

  it("refuses a table location outside its store", async () => {
    const catalog = filesCatalog({ store: memoryStore("wh") });
    await catalog.createNamespace(["db"]);
    const code = await codeOf(catalog.createTable(["db"], { name: "t", location: "s3://elsewhere/t", schema: { type: "struct", "schema-id": 0, fields: [] } }));
    expect(code).toBe("catalog.bad_request");
  });

  describe("a transaction whose later swap loses", () => {
    const schema = { type: "struct" as const, "schema-id": 0, fields: [{ id: 1, name: "x", required: false, type: "int" }] };
    const a = { namespace: ["db"], name: "a" };
    const b = { namespace: ["db"], name: "b" };

    /** A memoryStore that runs `interfere` (once) just before the pointer of table b is swapped. */
    async function setup(interfere: (other: Catalog) => Promise<void>) {
      const inner = memoryStore("wh");
      let armed = false;
      const store: ObjectStore = {
        ...inner,
        async put(key, body, options) {
          if (armed && key === "_catalog/tables/db/b.json" && options?.ifMatch !== undefined) {
            armed = false;
            await interfere(other);
          }
          return inner.put(key, body, options);
        },
      };
      const other = filesCatalog({ store: inner });
      const catalog = filesCatalog({ store });
      await catalog.createNamespace(["db"]);
      await catalog.createTable(["db"], { name: "a", schema });
      await catalog.createTable(["db"], { name: "b", schema });
      const baseA = await catalog.loadTable(a);
      const baseB = await catalog.loadTable(b);
      armed = true;
      const code = await codeOf(catalog.commitTransaction([appendCommit(a, baseA.metadata), appendCommit(b, baseB.metadata)]));
      return { code, catalog, inner, baseA };
    }

    it("puts the earlier pointers back and deletes the transaction's metadata files", async () => {
      const { code, catalog, inner, baseA } = await setup(async (other) => {
        await other.commitTable(appendCommit(b, (await other.loadTable(b)).metadata));
      });
      expect(code).toBe("catalog.commit_conflict");
      expect((await catalog.loadTable(a)).metadataLocation).toBe(baseA.metadataLocation);
      const files: string[] = [];
      for await (const info of inner.list("db/")) files.push(info.key);
      expect(files.filter((k) => k.startsWith("db/a/") && k.endsWith(".metadata.json"))).toHaveLength(1);
      expect(files.filter((k) => k.startsWith("db/b/") && k.endsWith(".metadata.json"))).toHaveLength(2);
    });

    it("reports an unknown state when a writer already committed on top of a pointer it must put back", async () => {
      const { code, catalog } = await setup(async (other) => {
        await other.commitTable(appendCommit(b, (await other.loadTable(b)).metadata));
        await other.commitTable(appendCommit(a, (await other.loadTable(a)).metadata));
      });
      expect(code).toBe("catalog.commit_state_unknown");
      expect((await catalog.loadTable(a)).metadata.snapshots).toHaveLength(2);
    });
  });

  describe("a pointer swap whose response is lost", () => {
    const schema = { type: "struct" as const, "schema-id": 0, fields: [{ id: 1, name: "x", required: false, type: "int" }] };
    const id = { namespace: ["db"], name: "t" };

    /** A memoryStore whose next pointer swap of db.t fails like a 5xx, after or instead of landing. */
    async function setup(landed: boolean) {
      const inner = memoryStore("wh");
      let armed = false;
      const store: ObjectStore = {
        ...inner,
        async put(key, body, options) {
          if (armed && key === "_catalog/tables/db/t.json" && options?.ifMatch !== undefined) {
            armed = false;
            if (landed) await inner.put(key, body, options);
            throw new IngestError("store.unreachable", "s3 PutObject failed with 500 InternalError");
          }
          return inner.put(key, body, options);
        },
      };
      const catalog = filesCatalog({ store });
      await catalog.createNamespace(["db"]);
      await catalog.createTable(["db"], { name: "t", schema });
      const base = await catalog.loadTable(id);
      armed = true;
      const code = await codeOf(catalog.commitTable(appendCommit(id, base.metadata)));
      const files: string[] = [];
      for await (const info of inner.list("db/t/metadata/")) files.push(info.key);
      return { code, catalog, files };
    }

    it("reports success when the pointer did move", async () => {
      const { code, catalog, files } = await setup(true);
      expect(code).toBe("ok");
      expect((await catalog.loadTable(id)).metadata.snapshots).toHaveLength(1);
      expect(files).toHaveLength(2);
    });

    it("reports a conflict and removes its metadata file when the pointer did not move", async () => {
      const { code, catalog, files } = await setup(false);
      expect(code).toBe("catalog.commit_conflict");
      expect((await catalog.loadTable(id)).metadata.snapshots).toHaveLength(0);
      expect(files).toHaveLength(1);
    });
  });
});
