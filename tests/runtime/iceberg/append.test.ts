import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { readAvroContainer } from "../../../runtime/avro/container.ts";
import { isIngestError } from "../../../runtime/errors.ts";
import { planAppend } from "../../../runtime/iceberg/append.ts";
import { encodeBound } from "../../../runtime/iceberg/bounds.ts";
import { readManifest } from "../../../runtime/iceberg/manifest.ts";
import { readManifestList } from "../../../runtime/iceberg/manifest-list.ts";
import { tableMetadataFromJson } from "../../../runtime/iceberg/metadata-json.ts";
import { newTableMetadata } from "../../../runtime/iceberg/new-table-metadata.ts";
import { listDataFiles } from "../../../runtime/iceberg/table-scan.ts";
import type { DataFile, TableMetadata } from "../../../runtime/iceberg/types.ts";
import { applyUpdates } from "../../../runtime/iceberg/updates.ts";
import { keyOf, type ObjectStore } from "../../../runtime/object-store.ts";
import { avscReadContainer } from "../avro/avsc-oracle.ts";
import { goldenRoot } from "./golden.ts";
import { goldenStore } from "./golden-store.ts";

const clock = { now: () => 1_750_000_000_000 };

function dataFile(path: string, partition: Record<string, unknown>, records = 10, size = 1000): DataFile {
  return {
    content: 0,
    "file-path": path,
    "file-format": "PARQUET",
    partition,
    "record-count": records,
    "file-size-in-bytes": size,
    "column-sizes": new Map([[1, 40]]),
    "value-counts": new Map([[1, records]]),
    "null-value-counts": new Map([[1, 0]]),
    "lower-bounds": new Map([[1, encodeBound("long", 1)]]),
    "upper-bounds": new Map([[1, encodeBound("long", records)]]),
    "split-offsets": [4],
    "sort-order-id": 0,
  };
}

function newTable(store: ObjectStore): TableMetadata {
  return newTableMetadata(
    {
      name: "orders",
      schema: { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }, { id: 2, name: "placed_at", required: false, type: "timestamptz" }] },
      "partition-spec": { "spec-id": 0, fields: [{ "source-id": 2, "field-id": 1000, name: "placed_at_day", transform: "day" }] },
    },
    { location: `${store.root}/db/orders`, uuid: "9c12d441-03fe-4693-9a96-a0705ddf69c1", now: 1_700_000_000_000 },
  );
}

async function bytesAt(store: ObjectStore, location: string): Promise<Uint8Array> {
  return (await store.get(keyOf(store, location)!))!;
}

describe("planAppend on an empty table", () => {
  it("writes a manifest and a manifest list and describes the commit", async () => {
    const store = memoryStore("append");
    const metadata = newTable(store);
    const files = [dataFile(`${store.root}/db/orders/data/placed_at_day=2024-06-01/a.parquet`, { placed_at_day: 19875 }, 10, 1000), dataFile(`${store.root}/db/orders/data/placed_at_day=2024-06-02/b.parquet`, { placed_at_day: 19876 }, 5, 500)];
    const plan = await planAppend({ metadata, dataFiles: files, store, clock, crypto, extraSummary: { "dativo.run-id": "r1" } });

    const id = plan.snapshot["snapshot-id"];
    expect(plan.snapshot["parent-snapshot-id"]).toBeUndefined();
    expect(plan.snapshot["sequence-number"]).toBe(1);
    expect(plan.snapshot["timestamp-ms"]).toBe(1_750_000_000_000);
    expect(plan.snapshot["schema-id"]).toBe(0);
    expect(plan.snapshot.summary).toEqual({
      "dativo.run-id": "r1",
      operation: "append",
      "added-data-files": "2",
      "added-records": "15",
      "added-files-size": "1500",
      "changed-partition-count": "2",
      "total-records": "15",
      "total-files-size": "1500",
      "total-data-files": "2",
      "total-delete-files": "0",
      "total-position-deletes": "0",
      "total-equality-deletes": "0",
    });
    expect(plan.updates).toEqual([
      { action: "add-snapshot", snapshot: plan.snapshot },
      { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": id },
    ]);
    expect(plan.requirements).toEqual([
      { type: "assert-table-uuid", uuid: "9c12d441-03fe-4693-9a96-a0705ddf69c1" },
      { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null },
    ]);
    expect(plan.snapshot["manifest-list"]).toMatch(new RegExp(`^memory://append/db/orders/metadata/snap-${id}-1-[0-9a-f-]{36}\\.avro$`));

    const list = await avscReadContainer(await bytesAt(store, plan.manifestListLocation));
    expect(list.metadata).toMatchObject({ "snapshot-id": String(id), "parent-snapshot-id": "null", "sequence-number": "1", "format-version": "2" });
    expect(list.records.length).toBe(1);
    const row = list.records[0] as Record<string, unknown>;
    expect(row).toMatchObject({ partition_spec_id: 0, content: 0, sequence_number: 1, min_sequence_number: 1, added_snapshot_id: Number(id), added_files_count: 2, added_rows_count: 15, existing_files_count: 0, deleted_files_count: 0 });
    const manifestBytes = await bytesAt(store, row.manifest_path as string);
    expect(row.manifest_length).toBe(manifestBytes.length);
    expect(row.partitions).toEqual([{ contains_null: false, contains_nan: false, lower_bound: encodeBound("date", 19875), upper_bound: encodeBound("date", 19876) }]);

    const manifest = await avscReadContainer(manifestBytes);
    expect(manifest.metadata).toMatchObject({ "partition-spec-id": "0", "format-version": "2", content: "data", "schema-id": "0" });
    expect(JSON.parse(manifest.metadata["partition-spec"]!)).toEqual(metadata["partition-specs"][0]!.fields);
    expect((manifest.records as Record<string, unknown>[]).map((r) => [r.status, r.snapshot_id, r.sequence_number, r.file_sequence_number])).toEqual([
      [1, Number(id), null, null],
      [1, Number(id), null, null],
    ]);
  });

  it("lets the committed table list exactly the appended files", async () => {
    const store = memoryStore("append");
    const metadata = newTable(store);
    const files = [dataFile(`${store.root}/db/orders/data/a.parquet`, { placed_at_day: null })];
    const plan = await planAppend({ metadata, dataFiles: files, store, clock, crypto });
    const committed = applyUpdates(metadata, plan.updates, { now: clock.now() });
    expect(await listDataFiles(committed, store)).toEqual([{ ...files[0]!, "spec-id": 0, "key-metadata": null }]);
  });
});

describe("planAppend on a table with history", () => {
  it("puts the new manifest first and copies the base snapshot's manifests unchanged (Spark table)", async () => {
    const store = await goldenStore();
    const metadata = tableMetadataFromJson(readFileSync(`${goldenRoot}/spark/rename_column/metadata/v3.metadata.json`, "utf8"));
    const parent = metadata.snapshots.find((s) => s["snapshot-id"] === metadata["current-snapshot-id"])!;
    const file = dataFile("s3://hyperparam-iceberg/spark/rename_column/data/x.parquet", { id_bucket: 1, date: 19000 }, 7, 700);
    const plan = await planAppend({ metadata, dataFiles: [file], store, clock, crypto });

    expect(plan.snapshot["parent-snapshot-id"]).toBe(parent["snapshot-id"]);
    expect(plan.snapshot["sequence-number"]).toBe(metadata["last-sequence-number"] + 1);
    expect(plan.requirements[1]).toEqual({ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": parent["snapshot-id"] });
    expect(plan.snapshot.summary["total-records"]).toBe(String(Number(parent.summary["total-records"]) + 7));
    expect(plan.snapshot.summary["total-data-files"]).toBe(String(Number(parent.summary["total-data-files"]) + 1));
    expect(plan.manifestListLocation.startsWith("s3://hyperparam-iceberg/spark/rename_column/metadata/snap-")).toBe(true);

    const oldRows = (await avscReadContainer(await bytesAt(store, parent["manifest-list"]))).records as Record<string, unknown>[];
    const newRows = (await avscReadContainer(await bytesAt(store, plan.manifestListLocation))).records as Record<string, unknown>[];
    expect(newRows.length).toBe(oldRows.length + 1);
    expect(newRows[0]!.added_snapshot_id).toBe(Number(plan.snapshot["snapshot-id"]));
    const renamed = (r: Record<string, unknown>) => ({ ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace("_data_files_", "_files_"), v])), key_metadata: null });
    expect(newRows.slice(1)).toEqual(oldRows.map(renamed));

    const committed = applyUpdates(metadata, plan.updates, { now: clock.now() });
    const before = await listDataFiles(metadata, store);
    const after = await listDataFiles(committed, store);
    expect(after.length).toBe(before.length + 1);
    expect(after.some((f) => f["file-path"] === file["file-path"] && f.partition.date === 19000)).toBe(true);
  });

  it("re-plans on a new base after a conflict, reusing the manifest", async () => {
    const store = memoryStore("retry");
    const metadata = newTable(store);
    const mine = [dataFile(`${store.root}/db/orders/data/mine.parquet`, { placed_at_day: 1 })];
    const theirs = [dataFile(`${store.root}/db/orders/data/theirs.parquet`, { placed_at_day: 2 }, 3, 300)];
    const first = await planAppend({ metadata, dataFiles: mine, store, clock, crypto });
    const other = await planAppend({ metadata, dataFiles: theirs, store, clock, crypto });
    const afterOther = applyUpdates(metadata, other.updates, { now: clock.now() });

    const retry = await planAppend({ metadata: afterOther, dataFiles: mine, store, clock, crypto, reuseManifests: first.newManifests, attempt: 2 });
    expect(retry.snapshot["snapshot-id"]).toBe(first.snapshot["snapshot-id"]);
    expect(retry.snapshot["sequence-number"]).toBe(2);
    expect(retry.snapshot["parent-snapshot-id"]).toBe(other.snapshot["snapshot-id"]);
    expect(retry.snapshot.summary["total-records"]).toBe("13");
    expect(retry.requirements[1]).toEqual({ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": other.snapshot["snapshot-id"] });
    expect(retry.manifestListLocation).toContain(`snap-${first.snapshot["snapshot-id"]}-2-`);
    const list = await readManifestList(await bytesAt(store, retry.manifestListLocation));
    expect(list.map((m) => m["manifest-path"])).toEqual([first.newManifests[0]!["manifest-path"], other.newManifests[0]!["manifest-path"]]);
    expect(list.map((m) => m["sequence-number"])).toEqual([2, 1]);

    const committed = applyUpdates(afterOther, retry.updates, { now: clock.now() });
    const files = await listDataFiles(committed, store);
    expect(files.map((f) => f["file-path"]).sort()).toEqual([mine[0]!["file-path"], theirs[0]!["file-path"]].sort());
  });

  it("writes one manifest per partition spec", async () => {
    const store = memoryStore("specs");
    const base = newTable(store);
    const metadata: TableMetadata = { ...base, "partition-specs": [...base["partition-specs"], { "spec-id": 1, fields: [] }] };
    const plan = await planAppend({ metadata, dataFiles: [dataFile(`${store.root}/a.parquet`, { placed_at_day: 5 }), { ...dataFile(`${store.root}/b.parquet`, {}), "spec-id": 1 }], store, clock, crypto });
    expect(plan.newManifests.map((m) => [m["partition-spec-id"], m["added-files-count"]])).toEqual([[0, 1], [1, 1]]);
    const unpartitioned = await readManifest(await bytesAt(store, plan.newManifests[1]!["manifest-path"]));
    expect(unpartitioned.partitionSpecId).toBe(1);
    expect(unpartitioned.entries[0]!["data-file"].partition).toEqual({});
  });
});

describe("planAppend refuses", () => {
  it("format version 1 tables, with the fix", async () => {
    const store = memoryStore("v1");
    const metadata = { ...newTable(store), "format-version": 1 as const };
    await expect(planAppend({ metadata, dataFiles: [], store, clock, crypto })).rejects.toThrow("upgrade the table");
  });

  it("delete files and partition tuples that don't match the spec", async () => {
    const store = memoryStore("bad");
    const metadata = newTable(store);
    await expect(planAppend({ metadata, dataFiles: [{ ...dataFile("memory://bad/x", { placed_at_day: 1 }), content: 1 }], store, clock, crypto })).rejects.toThrow("an append adds data files only");
    await expect(planAppend({ metadata, dataFiles: [dataFile("memory://bad/x", { day: 1 })], store, clock, crypto })).rejects.toThrow("spec 0 has [placed_at_day]");
  });

  it("a table whose location is outside the store", async () => {
    const metadata = newTable(memoryStore("elsewhere"));
    let error: unknown;
    try {
      await planAppend({ metadata, dataFiles: [], store: memoryStore("here"), clock, crypto });
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "config.invalid")).toBe(true);
  });
});

describe("written files", () => {
  it("are Avro that avsc and our reader agree on", async () => {
    const store = memoryStore("agree");
    const plan = await planAppend({ metadata: newTable(store), dataFiles: [dataFile("memory://agree/a.parquet", { placed_at_day: 3 })], store, clock, crypto });
    const bytes = await bytesAt(store, plan.newManifests[0]!["manifest-path"]);
    expect((await readAvroContainer(bytes)).records.length).toBe((await avscReadContainer(bytes)).records.length);
  });
});
