import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { planAppend } from "../../../runtime/iceberg/append.ts";
import { tableMetadataFromJson } from "../../../runtime/iceberg/metadata-json.ts";
import { listDataFiles, listLiveEntries, listManifests } from "../../../runtime/iceberg/table-scan.ts";
import { applyUpdates } from "../../../runtime/iceberg/updates.ts";
import { keyOf } from "../../../runtime/object-store.ts";
import { avscReadContainer } from "../avro/avsc-oracle.ts";
import { goldenName, goldenTables } from "./golden.ts";
import { goldenStore } from "./golden-store.ts";

function latestMetadata(table: string) {
  const dir = join(table, "metadata");
  const files = readdirSync(dir).filter((f) => f.endsWith(".metadata.json")).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return tableMetadataFromJson(readFileSync(join(dir, files.at(-1)!), "utf8"));
}

describe("listDataFiles on golden tables", () => {
  for (const table of goldenTables()) {
    it(`lists every snapshot's data files of ${goldenName(table)} as its summary counts them`, async () => {
      const store = await goldenStore();
      const metadata = latestMetadata(table);
      expect(metadata.snapshots.length).toBeGreaterThan(0);
      for (const snapshot of metadata.snapshots) {
        const files = await listDataFiles(metadata, store, snapshot["snapshot-id"]);
        expect(String(files.length)).toBe(snapshot.summary["total-data-files"]!);
        expect(String(files.reduce((n, f) => n + f["record-count"], 0))).toBe(snapshot.summary["total-records"]!);
        for (const f of files) {
          expect(f.content).toBe(0);
          expect(await store.head(keyOf(store, f["file-path"])!)).not.toBeNull();
        }
        const deletes = (await listLiveEntries(metadata, store, snapshot["snapshot-id"])).filter((e) => e["data-file"].content !== 0);
        expect(String(deletes.length)).toBe(snapshot.summary["total-delete-files"]!);
      }
    });
  }

  it("lists the current snapshot by default and inherits sequence numbers", async () => {
    const store = await goldenStore();
    const metadata = latestMetadata(goldenTables().find((t) => t.endsWith("java/bunnies"))!);
    const files = await listDataFiles(metadata, store);
    expect(files.map((f) => f["file-path"].split("/").at(-1)).sort()).toEqual(["bunnies-initial.parquet", "bunnies-updated-new-zealand.parquet"]);
    const entries = await listLiveEntries(metadata, store);
    const bySeq = Object.fromEntries(entries.map((e) => [e["data-file"]["file-path"].split("/").at(-1)!, [e["sequence-number"], e["file-sequence-number"], e["snapshot-id"]]]));
    expect(bySeq["bunnies-initial.parquet"]).toEqual([1, 1, 4951213507629824583n]);
    expect(bySeq["bunnies-pos-deletes.parquet"]).toEqual([2, 2, 6458828015811002920n]);
    expect(bySeq["bunnies-updated-new-zealand.parquet"]).toEqual([3, 3, 9158179788527662767n]);
  });

  it("returns nothing for a table without snapshots", async () => {
    const store = await goldenStore();
    const metadata = tableMetadataFromJson(readFileSync(join(goldenTables().find((t) => t.endsWith("java/bunnies"))!, "metadata/v1.metadata.json"), "utf8"));
    expect(await listDataFiles(metadata, store)).toEqual([]);
  });

  it("names the missing file when a manifest list is gone", async () => {
    const store = await goldenStore();
    const metadata = latestMetadata(goldenTables().find((t) => t.endsWith("athena/example"))!);
    await store.delete(keyOf(store, metadata.snapshots[0]!["manifest-list"])!);
    await expect(listDataFiles(metadata, store)).rejects.toThrow("is missing from s3://hyperparam-iceberg");
  });
});

describe("appending to a copy of each golden table", () => {
  for (const table of goldenTables()) {
    it(`keeps ${goldenName(table)}'s manifests and adds ours, readable by avsc`, async () => {
      const store = await goldenStore();
      const metadata = latestMetadata(table);
      const spec = metadata["partition-specs"].find((s) => s["spec-id"] === metadata["default-spec-id"])!;
      const partition = Object.fromEntries(spec.fields.map((f) => [f.name, null]));
      const path = `${metadata.location.replace("s3a://", "s3://")}/data/appended.parquet`;
      const file = { content: 0 as const, "file-path": path, "file-format": "PARQUET" as const, partition, "record-count": 3, "file-size-in-bytes": 123 };
      const before = await listManifests(metadata, store);
      const plan = await planAppend({ metadata, dataFiles: [file], store, clock: { now: () => Date.now() }, crypto });

      const list = await avscReadContainer((await store.get(keyOf(store, plan.manifestListLocation)!))!);
      const paths = (list.records as { manifest_path: string }[]).map((r) => r.manifest_path);
      expect(paths).toEqual([plan.newManifests[0]!["manifest-path"], ...before.map((m) => m["manifest-path"])]);
      for (const p of paths) expect((await avscReadContainer((await store.get(keyOf(store, p)!))!)).records.length).toBeGreaterThan(0);

      const committed = applyUpdates(metadata, plan.updates, { now: Date.now() });
      const files = await listDataFiles(committed, store);
      expect(files.length).toBe(Number(metadata.snapshots.at(-1)!.summary["total-data-files"]) + 1);
      expect(files[0]!["file-path"]).toBe(path);
      expect(plan.snapshot.summary["total-data-files"]).toBe(String(files.length));
    });
  }
});
