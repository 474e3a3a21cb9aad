import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { isIngestError } from "../../../runtime/errors.ts";
import { parseJson } from "../../../runtime/json/lossless-json.ts";
import { newSnapshotId, snapshotIdFrom, tableMetadataFromJson, tableMetadataToJson } from "../../../runtime/iceberg/metadata-json.ts";
import { goldenFiles, goldenName } from "./golden.ts";

const metadataFiles = goldenFiles(".metadata.json");

describe("tableMetadataFromJson on golden tables", () => {
  it("finds the golden metadata files", () => {
    expect(metadataFiles.length).toBeGreaterThanOrEqual(15);
  });

  for (const path of metadataFiles) {
    it(`loads and round-trips ${goldenName(path)} losslessly`, () => {
      const text = readFileSync(path, "utf8");
      const m = tableMetadataFromJson(text);
      for (const s of m.snapshots) {
        expect(typeof s["snapshot-id"]).toBe("bigint");
        expect(text).toContain(`"snapshot-id" : ${s["snapshot-id"]}`);
      }
      for (const ref of Object.values(m.refs)) expect(typeof ref["snapshot-id"]).toBe("bigint");
      for (const entry of m["snapshot-log"]) expect(typeof entry["snapshot-id"]).toBe("bigint");
      const original = parseJson(text) as Record<string, unknown>;
      if (original["current-snapshot-id"] === -1) expect(m["current-snapshot-id"]).toBeNull();
      expect(parseJson(tableMetadataToJson(m, 2))).toEqual(original);
      expect(tableMetadataFromJson(tableMetadataToJson(m))).toEqual(m);
    });
  }

  it("keeps 9158179788527662767 exact in the java bunnies table", () => {
    const path = metadataFiles.find((p) => p.endsWith("java/bunnies/metadata/v5.metadata.json"))!;
    const m = tableMetadataFromJson(readFileSync(path, "utf8"));
    expect(m["current-snapshot-id"]).toBe(9158179788527662767n);
    expect(m.refs.main!["snapshot-id"]).toBe(9158179788527662767n);
    expect(m.snapshots[2]!["parent-snapshot-id"]).toBe(6458828015811002920n);
  });
});

describe("tableMetadataFromJson on v1 metadata", () => {
  const v1 = `{
    "format-version": 1, "table-uuid": "d20125c8-7284-442c-9aea-15fee620737c", "location": "s3://b/t",
    "last-updated-ms": 1602638573874, "last-column-id": 3,
    "schema": {"type": "struct", "fields": [{"id": 1, "name": "x", "required": true, "type": "long"}]},
    "partition-spec": [{"name": "x", "transform": "identity", "source-id": 1, "field-id": 1000}],
    "properties": {}, "current-snapshot-id": 3055729675574597004,
    "snapshots": [{"snapshot-id": 3055729675574597004, "timestamp-ms": 1555100955770,
      "summary": {"operation": "append"}, "manifest-list": "s3://b/t/metadata/snap.avro"}]
  }`;

  it("fills in the v2 fields as the spec's v1 reading rules say", () => {
    const m = tableMetadataFromJson(v1);
    expect(m["format-version"]).toBe(1);
    expect(m.schemas).toEqual([{ type: "struct", "schema-id": 0, fields: [{ id: 1, name: "x", required: true, type: "long" }] }]);
    expect(m["current-schema-id"]).toBe(0);
    expect(m["partition-specs"]).toEqual([{ "spec-id": 0, fields: [{ name: "x", transform: "identity", "source-id": 1, "field-id": 1000 }] }]);
    expect(m["default-spec-id"]).toBe(0);
    expect(m["last-partition-id"]).toBe(1000);
    expect(m["sort-orders"]).toEqual([{ "order-id": 0, fields: [] }]);
    expect(m["last-sequence-number"]).toBe(0);
    expect(m.snapshots[0]!["sequence-number"]).toBe(0);
    expect(m.refs).toEqual({ main: { "snapshot-id": 3055729675574597004n, type: "branch" } });
    expect(m["snapshot-log"]).toEqual([]);
  });
});

describe("malformed metadata", () => {
  it("fails with a catalog error, not a bare SyntaxError", () => {
    let error: unknown;
    try {
      tableMetadataFromJson('{"format-version": 2, "snapshots": [');
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "catalog.bad_request")).toBe(true);
    expect(() => tableMetadataFromJson("[]")).toThrow("not a JSON object");
    expect(() => tableMetadataFromJson('{"format-version": 4}')).toThrow("format-version 4 is not supported");
  });
});

describe("current-snapshot-id", () => {
  it("maps -1 to null and prints null back as -1 for v2", () => {
    const path = metadataFiles.find((p) => p.endsWith("java/bunnies/metadata/v1.metadata.json"))!;
    const m = tableMetadataFromJson(readFileSync(path, "utf8"));
    expect(m["current-snapshot-id"]).toBeNull();
    expect(tableMetadataToJson(m)).toContain('"current-snapshot-id":-1');
  });

  it("normalizes ids from an object that parseJson produced", () => {
    const m = tableMetadataFromJson({ "format-version": 2, "current-snapshot-id": 5, snapshots: [{ "snapshot-id": 5, "timestamp-ms": 1, "manifest-list": "x", summary: { operation: "append" } }], refs: { main: { "snapshot-id": 5, type: "branch" } } });
    expect(m["current-snapshot-id"]).toBe(5n);
    expect(m.refs.main!["snapshot-id"]).toBe(5n);
  });
});

describe("snapshotIdFrom", () => {
  it("accepts bigints, safe integers and decimal strings", () => {
    expect(snapshotIdFrom(7n)).toBe(7n);
    expect(snapshotIdFrom(42)).toBe(42n);
    expect(snapshotIdFrom("9158179788527662767")).toBe(9158179788527662767n);
  });

  it("refuses a number that a lossy parser already rounded", () => {
    let error: unknown;
    try {
      snapshotIdFrom(9158179788527662767);
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "catalog.bad_request")).toBe(true);
    expect(String(error)).toContain("parseJson");
  });

  it("refuses things that are not integers", () => {
    expect(() => snapshotIdFrom(1.5)).toThrow("not an integer");
    expect(() => snapshotIdFrom("12a")).toThrow("not an integer");
  });
});

describe("newSnapshotId", () => {
  it("returns positive ids below 2^53 by default and below 2^63 on request", () => {
    for (let i = 0; i < 200; i++) {
      const id = newSnapshotId(crypto);
      expect(id > 0n && id < 2n ** 53n).toBe(true);
      const big = newSnapshotId(crypto, undefined, { bits: 63 });
      expect(big > 0n && big < 2n ** 63n).toBe(true);
    }
  });

  it("never returns an id the table already has", () => {
    let calls = 0;
    const scripted = {
      getRandomValues<T extends ArrayBufferView | null>(array: T): T {
        const words = array as unknown as Uint32Array;
        words[0] = 0;
        words[1] = calls++ < 2 ? 7 : 8;
        return array;
      },
    };
    const metadata = { snapshots: [{ "snapshot-id": 7n, "timestamp-ms": 0, "manifest-list": "", summary: { operation: "append" } }] };
    expect(newSnapshotId(scripted, metadata)).toBe(8n);
  });
});
