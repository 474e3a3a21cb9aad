import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { readAvroContainer } from "../../../runtime/avro/container.ts";
import { decodeBound, encodeBound } from "../../../runtime/iceberg/bounds.ts";
import { inheritManifestEntry, readManifest, writeManifest } from "../../../runtime/iceberg/manifest.ts";
import { tableMetadataFromJson } from "../../../runtime/iceberg/metadata-json.ts";
import type { DataFile } from "../../../runtime/iceberg/types.ts";
import { avscReadContainer } from "../avro/avsc-oracle.ts";
import { goldenFiles, goldenRoot } from "./golden.ts";

const read = (rel: string) => new Uint8Array(readFileSync(`${goldenRoot}/${rel}`));
const renameDir = "spark/rename_column/metadata";
const renameMetadata = tableMetadataFromJson(readFileSync(`${goldenRoot}/${renameDir}/v1.metadata.json`, "utf8"));
const renameManifest = `${renameDir}/abf62b15-903b-40b6-9e6b-26bcdceac9b3-m0.avro`;
const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : undefined);

describe("readManifest", () => {
  it("reads the Spark rename_column manifest with the values Spark wrote", async () => {
    const m = await readManifest(read(renameManifest));
    expect(m.partitionSpecId).toBe(0);
    expect(m.content).toBe("data");
    expect(m.entries.length).toBe(3);
    const first = m.entries.find((e) => e["data-file"]["file-path"].includes("date=2022-01-01"))!;
    expect(first.status).toBe(1);
    expect(first["snapshot-id"]).toBe(5276958600260276572n);
    expect(first["sequence-number"]).toBeNull();
    const f = first["data-file"];
    expect(f.partition).toEqual({ id_bucket: 0, date: 18993 });
    expect(f["file-format"]).toBe("PARQUET");
    expect(f["record-count"]).toBe(2);
    expect(f["file-size-in-bytes"]).toBe(1430);
    expect(f["column-sizes"]).toEqual(new Map([[1, 40], [2, 71], [3, 72], [4, 54], [5, 39]]));
    expect(f["nan-value-counts"]).toEqual(new Map());
    expect(hex(f["lower-bounds"]!.get(4))).toBe("fe0c");
    expect(decodeBound("string", f["upper-bounds"]!.get(2)!)).toBe("Mopsy–Naïve");
    expect(f["split-offsets"]).toEqual([4]);
    expect(f["sort-order-id"]).toBe(0);
    const nullDate = m.entries.find((e) => e["data-file"].partition.date === null)!;
    expect(nullDate["data-file"]["lower-bounds"]!.has(3)).toBe(false);
  });

  for (const path of goldenFiles("-m0.avro").concat(goldenFiles("-m1.avro"))) {
    it(`reads ${path.slice(goldenRoot.length + 1)}`, async () => {
      const m = await readManifest(new Uint8Array(readFileSync(path)));
      expect(m.entries.length).toBeGreaterThan(0);
      for (const e of m.entries) expect(e["data-file"]["file-path"]).toMatch(/^s3a?:\/\//);
    });
  }

  it("lets ADDED entries inherit the manifest's snapshot id and sequence number", () => {
    const entry = { status: 1 as const, "snapshot-id": null, "sequence-number": null, "file-sequence-number": null, "data-file": {} as DataFile };
    expect(inheritManifestEntry(entry, { "added-snapshot-id": 9n, "sequence-number": 4 })).toMatchObject({ "snapshot-id": 9n, "sequence-number": 4, "file-sequence-number": 4 });
    const existing = { ...entry, status: 0 as const, "snapshot-id": 3n, "sequence-number": 2, "file-sequence-number": 2 };
    expect(inheritManifestEntry(existing, { "added-snapshot-id": 9n, "sequence-number": 4 })).toMatchObject({ "snapshot-id": 3n, "sequence-number": 2 });
  });
});

describe("writeManifest", () => {
  it("writes exactly the Avro schema of the Java 1.8 writer for an unpartitioned table", async () => {
    const javaFile = await readAvroContainer(read("java/bunnies/metadata/a01399a1-e864-4562-b921-c8cb56e6e4a9-m0.avro"));
    const metadata = tableMetadataFromJson(readFileSync(`${goldenRoot}/java/bunnies/metadata/v5.metadata.json`, "utf8"));
    const theirs = await readManifest(read("java/bunnies/metadata/a01399a1-e864-4562-b921-c8cb56e6e4a9-m0.avro"));
    const bytes = await writeManifest({ schema: metadata.schemas[1]!, spec: metadata["partition-specs"][0]!, entries: theirs.entries });
    const ours = await readAvroContainer(bytes);
    expect(ours.schema).toEqual(javaFile.schema);
    expect(ours.codec).toBe("deflate");
    expect(ours.metadata).toMatchObject({ "partition-spec": "[]", "partition-spec-id": "0", "format-version": "2", content: "data", "schema-id": "1" });
    expect(JSON.parse(ours.metadata.schema!)).toEqual(JSON.parse(javaFile.metadata.schema!));
  });

  it("rewrites Spark's partitioned manifest so that avsc decodes the same entries", async () => {
    const spark = await readManifest(read(renameManifest));
    const bytes = await writeManifest({ schema: renameMetadata.schemas[0]!, spec: renameMetadata["partition-specs"][0]!, entries: spark.entries });
    const theirs = await avscReadContainer(bytes);
    const sparkRecords = (await avscReadContainer(read(renameManifest))).records as { data_file: Record<string, unknown> }[];
    expect(theirs.records).toEqual(sparkRecords.map((r) => ({ ...r, data_file: { ...r.data_file, referenced_data_file: null } })));
    const avroSchema = JSON.parse(theirs.metadata["avro.schema"]!);
    const partition = avroSchema.fields[4].type.fields[3].type;
    expect(partition).toEqual({
      type: "record",
      name: "r102",
      fields: [
        { name: "id_bucket", type: ["null", "int"], default: null, "field-id": 1000 },
        { name: "date", type: ["null", { type: "int", logicalType: "date" }], default: null, "field-id": 1001 },
      ],
    });
    expect((await readManifest(bytes)).entries).toEqual(spark.entries);
  });

  it("writes decimal, uuid and timestamp partitions as Java maps them to Avro, and reads them back", async () => {
    const schema = {
      type: "struct" as const,
      "schema-id": 0,
      fields: [
        { id: 1, name: "amount", required: false, type: "decimal(10, 2)" },
        { id: 2, name: "id", required: false, type: "uuid" },
        { id: 3, name: "at", required: false, type: "timestamptz" },
        { id: 4, name: "Breed Name", required: false, type: "string" },
      ],
    };
    const spec = {
      "spec-id": 3,
      fields: [
        { "source-id": 1, "field-id": 1000, name: "amount", transform: "identity" },
        { "source-id": 2, "field-id": 1001, name: "id", transform: "identity" },
        { "source-id": 3, "field-id": 1002, name: "at_hour", transform: "hour" },
        { "source-id": 4, "field-id": 1003, name: "Breed Name", transform: "truncate[2]" },
      ],
    };
    const dataFile: DataFile = {
      content: 0,
      "file-path": "memory://t/data/a.parquet",
      "file-format": "PARQUET",
      partition: { amount: -500n, id: "f79c3e09-677c-4bbd-a479-3f349cb785e7", at_hour: 473362, "Breed Name": "Ho" },
      "record-count": 3,
      "file-size-in-bytes": 100,
      "lower-bounds": new Map([[1, encodeBound("decimal(10, 2)", -500n)]]),
    };
    const entry = { status: 1 as const, "snapshot-id": null, "sequence-number": null, "file-sequence-number": null, "data-file": dataFile };
    const bytes = await writeManifest({ schema, spec, entries: [entry], codec: "null" });
    const theirs = await avscReadContainer(bytes);
    const fields = JSON.parse(theirs.metadata["avro.schema"]!).fields[4].type.fields[3].type.fields;
    expect(fields.map((f: { name: string }) => f.name)).toEqual(["amount", "id", "at_hour", "Breed_x20Name"]);
    expect(fields[0].type[1]).toEqual({ type: "fixed", name: "decimal_10_2", size: 5, logicalType: "decimal", precision: 10, scale: 2 });
    expect(fields[1].type[1]).toEqual({ type: "fixed", name: "uuid_fixed", size: 16, logicalType: "uuid" });
    const partition = (theirs.records[0] as { data_file: { partition: Record<string, unknown> } }).data_file.partition;
    expect(partition.amount).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xfe, 0x0c]));
    expect(theirs.metadata.content).toBe("data");
    expect(theirs.metadata["partition-spec-id"]).toBe("3");
    expect((await readManifest(bytes)).entries).toEqual([{ ...entry, "data-file": { ...dataFile, "key-metadata": null, "sort-order-id": null } }]);
  });

  it("refuses a partition field whose source column is missing", async () => {
    const schema = { type: "struct" as const, "schema-id": 0, fields: [] };
    const spec = { "spec-id": 0, fields: [{ "source-id": 7, "field-id": 1000, name: "x", transform: "identity" }] };
    await expect(writeManifest({ schema, spec, entries: [] })).rejects.toThrow("source id 7");
  });
});
