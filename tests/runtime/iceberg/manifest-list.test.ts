import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { readAvroContainer } from "../../../runtime/avro/container.ts";
import { readManifest } from "../../../runtime/iceberg/manifest.ts";
import { type ManifestFile, readManifestList, summarizePartitions, writeManifestList } from "../../../runtime/iceberg/manifest-list.ts";
import { tableMetadataFromJson } from "../../../runtime/iceberg/metadata-json.ts";
import { partitionColumns } from "../../../runtime/iceberg/partition-avro.ts";
import { avscReadContainer } from "../avro/avsc-oracle.ts";
import { goldenFiles, goldenRoot } from "./golden.ts";

const read = (rel: string) => new Uint8Array(readFileSync(`${goldenRoot}/${rel}`));
const sparkList = "spark/rename_column/metadata/snap-5276958600260276572-1-abf62b15-903b-40b6-9e6b-26bcdceac9b3.avro";
const javaList = "java/bunnies/metadata/snap-9158179788527662767-1-a01399a1-e864-4562-b921-c8cb56e6e4a9.avro";
const hex = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString("hex") : b);

describe("readManifestList", () => {
  it("reads Spark's list, whose counts use the old field names", async () => {
    const [m] = await readManifestList(read(sparkList));
    expect(m).toMatchObject({ "manifest-length": 7506, "partition-spec-id": 0, content: 0, "sequence-number": 1, "min-sequence-number": 1, "added-snapshot-id": 5276958600260276572n, "added-files-count": 3, "added-rows-count": 4, "existing-files-count": 0 });
    expect(m!.partitions!.map((p) => [p["contains-null"], p["contains-nan"], hex(p["lower-bound"]), hex(p["upper-bound"])])).toEqual([
      [false, false, "00000000", "03000000"],
      [true, false, "314a0000", "324a0000"],
    ]);
  });

  for (const path of goldenFiles(".avro").filter((p) => p.includes("/snap-"))) {
    it(`reads ${path.slice(goldenRoot.length + 1)}`, async () => {
      const list = await readManifestList(new Uint8Array(readFileSync(path)));
      expect(list.length).toBeGreaterThan(0);
      for (const m of list) expect(typeof m["added-snapshot-id"]).toBe("bigint");
    });
  }
});

describe("writeManifestList", () => {
  it("writes exactly the Avro schema and metadata keys of the Java 1.8 writer", async () => {
    const java = await readAvroContainer(read(javaList));
    const manifests = await readManifestList(read(javaList));
    const bytes = await writeManifestList({ snapshotId: 9158179788527662767n, parentSnapshotId: 6458828015811002920n, sequenceNumber: 3, manifests });
    const ours = await readAvroContainer(bytes);
    expect(ours.schema).toEqual(java.schema);
    expect(ours.metadata).toEqual({ "snapshot-id": "9158179788527662767", "parent-snapshot-id": "6458828015811002920", "sequence-number": "3", "format-version": "2" });
    expect(java.metadata).toMatchObject(ours.metadata);
    expect((await avscReadContainer(bytes)).records).toEqual((await avscReadContainer(read(javaList))).records);
    expect(await readManifestList(bytes)).toEqual(manifests);
  });

  it("writes parent-snapshot-id as the string null for a first snapshot", async () => {
    const bytes = await writeManifestList({ snapshotId: 1n, parentSnapshotId: null, sequenceNumber: 1, manifests: [] });
    expect((await readAvroContainer(bytes)).metadata["parent-snapshot-id"]).toBe("null");
  });

  it("copies Spark's rows so that avsc reads them unchanged under the new field names", async () => {
    const manifests: ManifestFile[] = await readManifestList(read(sparkList));
    const bytes = await writeManifestList({ snapshotId: 2n, parentSnapshotId: 5276958600260276572n, sequenceNumber: 2, manifests });
    const [ours] = (await avscReadContainer(bytes)).records as Record<string, unknown>[];
    const [spark] = (await avscReadContainer(read(sparkList))).records as Record<string, unknown>[];
    expect(ours).toEqual({
      ...Object.fromEntries(Object.entries(spark!).map(([k, v]) => [k.replace("_data_files_", "_files_"), v])),
      key_metadata: null,
    });
  });
});

describe("summarizePartitions", () => {
  it("reproduces the partition summaries Spark wrote", async () => {
    const metadata = tableMetadataFromJson(readFileSync(`${goldenRoot}/spark/rename_column/metadata/v1.metadata.json`, "utf8"));
    const manifest = await readManifest(read("spark/rename_column/metadata/abf62b15-903b-40b6-9e6b-26bcdceac9b3-m0.avro"));
    const columns = partitionColumns(metadata["partition-specs"][0]!, metadata.schemas[0]!);
    const [spark] = await readManifestList(read(sparkList));
    expect(summarizePartitions(columns, manifest.entries)).toEqual(spark!.partitions!);
  });

  it("orders strings by code point and skips NaN", () => {
    const columns = [
      { name: "s", avroName: "s", fieldId: 1000, transform: "identity", sourceType: "string", type: "string" },
      { name: "d", avroName: "d", fieldId: 1001, transform: "identity", sourceType: "double", type: "double" },
    ];
    const entry = (s: string, d: number) => ({ status: 1 as const, "snapshot-id": null, "sequence-number": null, "file-sequence-number": null, "data-file": { content: 0 as const, "file-path": "", "file-format": "PARQUET" as const, partition: { s, d }, "record-count": 1, "file-size-in-bytes": 1 } });
    const [s, d] = summarizePartitions(columns, [entry("\uFF61", 1), entry("🐇", NaN), entry("a", -2)]);
    expect(new TextDecoder().decode(s!["upper-bound"]!)).toBe("🐇");
    expect(new TextDecoder().decode(s!["lower-bound"]!)).toBe("a");
    expect(d!["contains-nan"]).toBe(true);
    expect(new DataView(d!["upper-bound"]!.buffer).getFloat64(0, true)).toBe(1);
  });
});
