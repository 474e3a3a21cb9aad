import { describe, expect, it } from "bun:test";
import { memoryCatalog } from "../../../adapters/catalogs/memory-catalog.ts";
import { metadataVersion } from "../../../adapters/catalogs/metadata-files.ts";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { planAppend } from "../../../runtime/iceberg/append.ts";
import type { DataFile } from "../../../runtime/iceberg/types.ts";
import type { ObjectStore } from "../../../runtime/object-store.ts";

const clock = { now: () => 1_750_000_000_000 };

function dataFile(path: string): DataFile {
  return { content: 0, "file-path": path, "file-format": "PARQUET", partition: {}, "record-count": 1, "file-size-in-bytes": 4 };
}

async function keys(store: ObjectStore): Promise<string[]> {
  const out: string[] = [];
  for await (const info of store.list("")) out.push(info.key);
  return out.sort();
}

describe("metadataVersion", () => {
  it("reads the version of Java-style and Hadoop-style metadata file names", () => {
    expect(metadataVersion("s3://b/t/metadata/00042-6f1e.metadata.json")).toBe(42);
    expect(metadataVersion("s3://b/t/metadata/00003-6f1e.gz.metadata.json")).toBe(3);
    expect(metadataVersion("s3://b/t/metadata/v7.metadata.json")).toBe(7);
    expect(metadataVersion("s3://b/t/metadata/current.json")).toBe(-1);
  });
});

describe("purging a dropped table", () => {
  it("deletes every file the table references, wherever it is in the store, and nothing else", async () => {
    const store = memoryStore("wh");
    const catalog = memoryCatalog({ store });
    await catalog.createNamespace(["db"]);
    const id = { namespace: ["db"], name: "t" };
    await catalog.createTable(["db"], { name: "t", schema: { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }] } });
    const bytes = new Uint8Array([1, 2, 3, 4]);
    // One data file inside the table location, one elsewhere in the store (as after a location change).
    await store.put("db/t/data/a.parquet", bytes);
    await store.put("shared/b.parquet", bytes);
    await store.put("db/t/data/orphan.parquet", bytes);
    await store.put("db/other/keep.parquet", bytes);
    for (const path of ["db/t/data/a.parquet", "shared/b.parquet"]) {
      const loaded = await catalog.loadTable(id);
      const plan = await planAppend({ metadata: loaded.metadata, dataFiles: [dataFile(`${store.root}/${path}`)], store, clock, crypto });
      await catalog.commitTable({ identifier: id, requirements: plan.requirements, updates: plan.updates });
    }
    const before = await keys(store);
    expect(before.filter((k) => k.endsWith(".metadata.json"))).toHaveLength(3);
    expect(before.filter((k) => k.endsWith(".avro")).length).toBeGreaterThanOrEqual(4);

    await catalog.dropTable(id, { purge: true });
    expect(await keys(store)).toEqual(["db/other/keep.parquet", "db/t/data/orphan.parquet"]);
  });
});
