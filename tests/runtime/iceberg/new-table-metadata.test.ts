import { describe, expect, it } from "bun:test";
import { isIngestError } from "../../../runtime/errors.ts";
import { tableMetadataFromJson, tableMetadataToJson } from "../../../runtime/iceberg/metadata-json.ts";
import { assignFreshIds, newTableMetadata } from "../../../runtime/iceberg/new-table-metadata.ts";
import type { Schema } from "../../../runtime/iceberg/types.ts";

const options = { location: "s3://bucket/wh/db/events/", uuid: "8a1b2c3d-0000-4000-8000-000000000001", now: 1_700_000_000_000 };

// Ids deliberately out of order and sparse, as a client that never assigned them would send.
const schema: Schema = {
  type: "struct",
  "schema-id": 7,
  "identifier-field-ids": [50],
  fields: [
    { id: 50, name: "id", required: true, type: "long" },
    {
      id: 10,
      name: "location",
      required: false,
      type: { type: "struct", fields: [{ id: 11, name: "lat", required: false, type: "double" }, { id: 12, name: "lon", required: false, type: "double" }] },
    },
    { id: 20, name: "tags", required: false, type: { type: "list", "element-id": 21, element: "string", "element-required": false } },
    { id: 30, name: "attrs", required: false, type: { type: "map", "key-id": 31, key: "string", "value-id": 32, value: "int", "value-required": true } },
    { id: 40, name: "ts", required: false, type: "timestamptz", doc: "event time" },
  ],
};

describe("newTableMetadata", () => {
  it("re-assigns column ids from 1 in Java's order: a struct's fields first, then nested types", () => {
    const { schema: fresh, lastColumnId } = assignFreshIds(schema);
    expect(fresh.fields.map((f) => [f.name, f.id])).toEqual([["id", 1], ["location", 2], ["tags", 3], ["attrs", 4], ["ts", 5]]);
    const location = fresh.fields[1]!.type as { fields: { id: number }[] };
    expect(location.fields.map((f) => f.id)).toEqual([6, 7]);
    expect((fresh.fields[2]!.type as { "element-id": number })["element-id"]).toBe(8);
    const attrs = fresh.fields[3]!.type as { "key-id": number; "value-id": number };
    expect([attrs["key-id"], attrs["value-id"]]).toEqual([9, 10]);
    expect(fresh.fields[4]!.doc).toBe("event time");
    expect(fresh["identifier-field-ids"]).toEqual([1]);
    expect(lastColumnId).toBe(10);
  });

  it("builds v2 metadata with an unpartitioned spec, the unsorted order and no snapshot", () => {
    const m = newTableMetadata({ name: "events", schema }, options);
    expect(m["format-version"]).toBe(2);
    expect(m["table-uuid"]).toBe(options.uuid);
    expect(m.location).toBe("s3://bucket/wh/db/events");
    expect(m["last-column-id"]).toBe(10);
    expect(m["current-schema-id"]).toBe(0);
    expect(m.schemas[0]!["schema-id"]).toBe(0);
    expect(m["partition-specs"]).toEqual([{ "spec-id": 0, fields: [] }]);
    expect(m["last-partition-id"]).toBe(999);
    expect(m["sort-orders"]).toEqual([{ "order-id": 0, fields: [] }]);
    expect(m["default-sort-order-id"]).toBe(0);
    expect(m["current-snapshot-id"]).toBeNull();
    expect(m["last-updated-ms"]).toBe(options.now);
    expect(m.properties).toEqual({ "write.parquet.compression-codec": "zstd" });
  });

  it("rebinds partition fields and sort fields to the fresh ids by column name, partition ids from 1000", () => {
    const m = newTableMetadata(
      {
        name: "events",
        schema,
        "partition-spec": { "spec-id": 3, fields: [{ "source-id": 40, "field-id": 7, name: "ts_day", transform: "day" }, { "source-id": 11, "field-id": 8, name: "lat_b", transform: "bucket[4]" }] },
        "write-order": { "order-id": 5, fields: [{ "source-id": 50, transform: "identity", direction: "asc", "null-order": "nulls-first" }] },
      },
      options,
    );
    expect(m["partition-specs"][0]).toEqual({
      "spec-id": 0,
      fields: [
        { "source-id": 5, "field-id": 1000, name: "ts_day", transform: "day" },
        { "source-id": 6, "field-id": 1001, name: "lat_b", transform: "bucket[4]" },
      ],
    });
    expect(m["last-partition-id"]).toBe(1001);
    expect(m["sort-orders"]).toEqual([{ "order-id": 1, fields: [{ "source-id": 1, transform: "identity", direction: "asc", "null-order": "nulls-first" }] }]);
    expect(m["default-sort-order-id"]).toBe(1);
  });

  it("takes the format version from the format-version property and does not persist it", () => {
    const m = newTableMetadata({ name: "t", schema, properties: { "format-version": "3", "write.parquet.compression-codec": "snappy", owner: "me" } }, options);
    expect(m["format-version"]).toBe(3);
    expect(m["next-row-id"]).toBe(0);
    expect(m.properties).toEqual({ "write.parquet.compression-codec": "snappy", owner: "me" });
    expect(newTableMetadata({ name: "t", schema, properties: { "format-version": "1" } }, options)["format-version"]).toBe(1);
  });

  it("rejects an unknown format version and a partition source that is not a column", () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isIngestError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return "no error";
    };
    expect(codeOf(() => newTableMetadata({ name: "t", schema, properties: { "format-version": "9" } }, options))).toStartWith("catalog.bad_request: table property format-version=9");
    expect(codeOf(() => newTableMetadata({ name: "t", schema, "partition-spec": { "spec-id": 0, fields: [{ "source-id": 99, "field-id": 1000, name: "x", transform: "identity" }] } }, options))).toContain("source-id 99");
    const sideways = { "order-id": 1, fields: [{ "source-id": 50, transform: "identity", direction: "up" as never, "null-order": "nulls-first" as const }] };
    expect(codeOf(() => newTableMetadata({ name: "t", schema, "write-order": sideways }, options))).toBe("catalog.bad_request: sort direction `up` is invalid; use asc or desc");
  });

  it("round-trips through the metadata JSON reader and writer", () => {
    const m = newTableMetadata({ name: "t", schema }, options);
    const text = tableMetadataToJson(m);
    expect(JSON.parse(text)["current-snapshot-id"]).toBe(-1);
    expect(tableMetadataFromJson(text)).toEqual(m);
  });
});
