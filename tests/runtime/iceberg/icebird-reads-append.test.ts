import { describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { icebergRead } from "icebird";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { planAppend } from "../../../runtime/iceberg/append.ts";
import { readManifest } from "../../../runtime/iceberg/manifest.ts";
import { tableMetadataFromJson, tableMetadataToJson } from "../../../runtime/iceberg/metadata-json.ts";
import { newTableMetadata } from "../../../runtime/iceberg/new-table-metadata.ts";
import { applyUpdates } from "../../../runtime/iceberg/updates.ts";
import type { ObjectStore } from "../../../runtime/object-store.ts";
import { goldenRoot } from "./golden.ts";

const golden = `${goldenRoot}/spark/rename_column`;

/** A memory store whose root is a local folder; `flush` writes its objects there for icebird (which reads file:// URLs). */
function folderStore(dir: string): ObjectStore & { flush(): Promise<void> } {
  const inner = memoryStore("icebird");
  return {
    ...inner,
    root: `file://${dir}`,
    async flush() {
      for await (const info of inner.list("")) {
        mkdirSync(dirname(join(dir, info.key)), { recursive: true });
        writeFileSync(join(dir, info.key), (await inner.get(info.key))!);
      }
    },
  };
}

describe("a table written by planAppend", () => {
  it("is read by icebird, row for row, across two appends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dativo-icebird-"));
    try {
      const store = folderStore(dir);
      const sparkMetadata = tableMetadataFromJson(readFileSync(`${golden}/metadata/v1.metadata.json`, "utf8"));
      let metadata = newTableMetadata(
        { name: "rename_column", schema: sparkMetadata.schemas[0]!, "partition-spec": sparkMetadata["partition-specs"][0]! },
        { location: `${store.root}/db/t`, uuid: crypto.randomUUID(), now: Date.now() },
      );
      // Spark's data files with their metrics, moved into our table.
      const spark = await readManifest(new Uint8Array(readFileSync(`${golden}/metadata/abf62b15-903b-40b6-9e6b-26bcdceac9b3-m0.avro`)));
      const files = [];
      for (const e of spark.entries) {
        const relative = e["data-file"]["file-path"].split("/rename_column/")[1]!;
        await store.put(`db/t/${relative}`, new Uint8Array(readFileSync(`${golden}/${relative}`)));
        files.push({ ...e["data-file"], "file-path": `${store.root}/db/t/${relative}` });
      }
      for (const batch of [files.slice(0, 2), files.slice(2)]) {
        const plan = await planAppend({ metadata, dataFiles: batch, store, clock: { now: () => Date.now() }, crypto });
        metadata = applyUpdates(metadata, plan.updates, { now: Date.now() });
      }
      await store.put("db/t/metadata/v1.metadata.json", new TextEncoder().encode(tableMetadataToJson(metadata, 2)));
      await store.put("db/t/metadata/version-hint.text", new TextEncoder().encode("1"));
      await store.flush();

      const rows = await icebergRead({ tableUrl: `${store.root}/db/t` });
      const simple = rows
        .map((r) => ({ id: Number(r.id), name: r.name, date: r.date === null ? null : (r.date as Date).toISOString().slice(0, 10), price: Number(r.price), active: r.active }))
        .sort((a, b) => a.id - b.id);
      // The rows in the Spark data files.
      expect(simple).toEqual([
        { id: 1, name: "Flopsy 🐇", date: "2022-01-01", price: 9.99, active: true },
        { id: 2, name: "Mopsy–Naïve", date: "2022-01-01", price: -5, active: false },
        { id: 3, name: "Cottontail", date: null, price: 0, active: true },
        { id: 4, name: "Thumper", date: "2022-01-02", price: 99999999.99, active: false },
      ]);
      expect(metadata.snapshots.length).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
