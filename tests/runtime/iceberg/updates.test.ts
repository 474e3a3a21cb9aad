import { describe, expect, it } from "bun:test";
import { isIngestError } from "../../../runtime/errors.ts";
import { newTableMetadata } from "../../../runtime/iceberg/new-table-metadata.ts";
import type { Schema, Snapshot, TableMetadata, TableUpdate } from "../../../runtime/iceberg/types.ts";
import { applyUpdates } from "../../../runtime/iceberg/updates.ts";

const now = 1_700_000_100_000;
const schema0: Schema = { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }, { id: 2, name: "ts", required: false, type: "timestamptz" }] };
const schema1: Schema = { ...schema0, "schema-id": 1, fields: [...schema0.fields, { id: 3, name: "note", required: false, type: "string" }] };

function table(): TableMetadata {
  return newTableMetadata({ name: "t", schema: schema0 }, { location: "memory://wh/t", uuid: "u-1", now: 1_700_000_000_000 });
}

function snap(id: bigint, seq: number, parent?: bigint, ts = now - 10): Snapshot {
  const s: Snapshot = { "snapshot-id": id, "sequence-number": seq, "timestamp-ms": ts, "manifest-list": `memory://wh/t/metadata/snap-${id}.avro`, summary: { operation: "append" }, "schema-id": 0 };
  if (parent !== undefined) s["parent-snapshot-id"] = parent;
  return s;
}

function append(m: TableMetadata, id: bigint, parent?: bigint): TableMetadata {
  return applyUpdates(m, [{ action: "add-snapshot", snapshot: snap(id, m["last-sequence-number"] + 1, parent) }, { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": id }], { now });
}

function error(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isIngestError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "ok";
}

const big1 = 9158179788527662767n;
const big2 = 7158179788527662761n;

describe("applyUpdates", () => {
  it("returns the same metadata object when nothing changes", () => {
    const m = table();
    expect(applyUpdates(m, [], { now })).toBe(m);
    expect(applyUpdates(m, [{ action: "set-properties", updates: {} }, { action: "set-location", location: "memory://wh/t/" }, { action: "assign-uuid", uuid: "u-1" }], { now })).toBe(m);
  });

  it("does not modify its input", () => {
    const m = table();
    const before = structuredClone(m);
    append(m, big1);
    expect(m).toEqual(before);
  });

  it("refuses to reassign a table's uuid", () => {
    expect(error(() => applyUpdates(table(), [{ action: "assign-uuid", uuid: "u-2" }], { now }))).toStartWith("catalog.bad_request: cannot reassign the UUID");
  });

  it("upgrades the format version and refuses a downgrade or an unknown version", () => {
    const m = applyUpdates(table(), [{ action: "upgrade-format-version", "format-version": 3 }], { now });
    expect(m["format-version"]).toBe(3);
    expect(m["next-row-id"]).toBe(0);
    expect(error(() => applyUpdates(m, [{ action: "upgrade-format-version", "format-version": 2 }], { now }))).toBe("catalog.bad_request: cannot downgrade v3 table to v2");
    expect(error(() => applyUpdates(m, [{ action: "upgrade-format-version", "format-version": 4 }], { now }))).toStartWith("catalog.bad_request: cannot upgrade table to unsupported format version v4");
  });

  it("adds a schema with a catalog-chosen id, raises last-column-id and sets it current with -1", () => {
    const m = applyUpdates(table(), [{ action: "add-schema", schema: { ...schema1, "schema-id": 42 } }, { action: "set-current-schema", "schema-id": -1 }], { now });
    expect(m.schemas.map((s) => s["schema-id"])).toEqual([0, 1]);
    expect(m["current-schema-id"]).toBe(1);
    expect(m["last-column-id"]).toBe(3);
    // An identical schema is reused, not added twice.
    const again = applyUpdates(m, [{ action: "add-schema", schema: { ...schema0, "schema-id": 9 } }, { action: "set-current-schema", "schema-id": -1 }], { now });
    expect(again.schemas).toHaveLength(2);
    expect(again["current-schema-id"]).toBe(0);
  });

  it("honours an explicit last-column-id and rejects one that goes backwards", () => {
    const m = applyUpdates(table(), [{ action: "add-schema", schema: schema1, "last-column-id": 10 }], { now });
    expect(m["last-column-id"]).toBe(10);
    expect(error(() => applyUpdates(m, [{ action: "add-schema", schema: schema0, "last-column-id": 4 }], { now }))).toBe("catalog.bad_request: invalid last column id 4 < 10 (previous last column id)");
  });

  it("rejects set-current-schema -1 without an added schema and an unknown schema id", () => {
    expect(error(() => applyUpdates(table(), [{ action: "set-current-schema", "schema-id": -1 }], { now }))).toStartWith("catalog.bad_request: cannot set last added schema");
    expect(error(() => applyUpdates(table(), [{ action: "set-current-schema", "schema-id": 5 }], { now }))).toBe("catalog.bad_request: cannot set current schema to unknown schema 5");
  });

  it("adds a partition spec, numbering missing field ids after last-partition-id, and sets it default with -1", () => {
    const m = applyUpdates(table(), [{ action: "add-spec", spec: { "spec-id": 0, fields: [{ "source-id": 2, name: "ts_day", transform: "day" } as never] } }, { action: "set-default-spec", "spec-id": -1 }], { now });
    expect(m["partition-specs"][1]).toEqual({ "spec-id": 1, fields: [{ "source-id": 2, "field-id": 1000, name: "ts_day", transform: "day" }] });
    expect(m["default-spec-id"]).toBe(1);
    expect(m["last-partition-id"]).toBe(1000);
    expect(error(() => applyUpdates(table(), [{ action: "add-spec", spec: { "spec-id": 0, fields: [{ "source-id": 9, "field-id": 1000, name: "x", transform: "identity" }] } }], { now }))).toContain("source-id 9 is not a column");
    expect(error(() => applyUpdates(table(), [{ action: "set-default-spec", "spec-id": 3 }], { now }))).toBe("catalog.bad_request: cannot set default partition spec to unknown spec 3");
  });

  it("adds a sort order with id 1 and up, keeping 0 for unsorted, and sets it default with -1", () => {
    const order = { "order-id": 0, fields: [{ "source-id": 1, transform: "identity", direction: "desc" as const, "null-order": "nulls-last" as const }] };
    const m = applyUpdates(table(), [{ action: "add-sort-order", "sort-order": order }, { action: "set-default-sort-order", "sort-order-id": -1 }], { now });
    expect(m["sort-orders"].map((o) => o["order-id"])).toEqual([0, 1]);
    expect(m["default-sort-order-id"]).toBe(1);
    expect(error(() => applyUpdates(table(), [{ action: "set-default-sort-order", "sort-order-id": 4 }], { now }))).toBe("catalog.bad_request: cannot set default sort order to unknown sort order 4");
  });

  it("adds snapshots, moves main and current-snapshot-id, and logs them", () => {
    const one = append(table(), big1);
    expect(one["current-snapshot-id"]).toBe(big1);
    expect(one["last-sequence-number"]).toBe(1);
    expect(one.refs.main).toEqual({ "snapshot-id": big1, type: "branch" });
    expect(one["snapshot-log"]).toEqual([{ "timestamp-ms": now - 10, "snapshot-id": big1 }]);
    expect(one["last-updated-ms"]).toBe(now - 10);
    const two = append(one, big2, big1);
    expect(two.snapshots.map((s) => s["snapshot-id"])).toEqual([big1, big2]);
    expect(two["snapshot-log"].map((e) => e["snapshot-id"])).toEqual([big1, big2]);
    expect(two["last-sequence-number"]).toBe(2);
  });

  it("accepts snapshot ids sent as numbers and stores them as bigints", () => {
    const m = applyUpdates(table(), [{ action: "add-snapshot", snapshot: snap(12 as unknown as bigint, 1) }, { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 12 as unknown as bigint }], { now });
    expect(m["current-snapshot-id"]).toBe(12n);
    expect(m.snapshots[0]!["snapshot-id"]).toBe(12n);
  });

  it("fails a stale sequence number as a retryable conflict", () => {
    const one = append(table(), big1);
    const stale = error(() => applyUpdates(one, [{ action: "add-snapshot", snapshot: snap(big2, 1, big1) }], { now }));
    expect(stale).toBe("catalog.commit_conflict: Validation failed, please retry: cannot add snapshot with sequence number 1 older than last sequence number 1");
  });

  it("rejects a duplicate snapshot id and a ref to an unknown snapshot", () => {
    const one = append(table(), big1);
    expect(error(() => applyUpdates(one, [{ action: "add-snapshot", snapshot: snap(big1, 2, big1) }], { now }))).toBe(`catalog.bad_request: snapshot already exists for id: ${big1}`);
    expect(error(() => applyUpdates(one, [{ action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 3n }], { now }))).toBe("catalog.bad_request: cannot set main to unknown snapshot: 3");
  });

  it("keeps only the last of several snapshots made current in one commit in the snapshot log", () => {
    const m = applyUpdates(
      table(),
      [
        { action: "add-snapshot", snapshot: snap(1n, 1) },
        { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 1n },
        { action: "add-snapshot", snapshot: snap(2n, 2, 1n) },
        { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 2n },
      ],
      { now },
    );
    expect(m["snapshot-log"].map((e) => e["snapshot-id"])).toEqual([2n]);
  });

  it("sets a tag without touching current-snapshot-id, and removes refs", () => {
    const one = append(table(), big1);
    const tagged = applyUpdates(one, [{ action: "set-snapshot-ref", "ref-name": "v1", type: "tag", "snapshot-id": big1, "max-ref-age-ms": 1000 }], { now });
    expect(tagged.refs.v1).toEqual({ "snapshot-id": big1, type: "tag", "max-ref-age-ms": 1000 });
    expect(tagged["snapshot-log"]).toHaveLength(1);
    const untagged = applyUpdates(tagged, [{ action: "remove-snapshot-ref", "ref-name": "v1" }], { now });
    expect(untagged.refs.v1).toBeUndefined();
    const noMain = applyUpdates(untagged, [{ action: "remove-snapshot-ref", "ref-name": "main" }], { now });
    expect(noMain["current-snapshot-id"]).toBeNull();
  });

  it("removes snapshots with their dangling refs and statistics, and cuts the log before them", () => {
    let m = append(append(table(), 1n), 2n, 1n);
    m = applyUpdates(m, [
      { action: "set-snapshot-ref", "ref-name": "old", type: "tag", "snapshot-id": 1n },
      { action: "set-statistics", statistics: { "snapshot-id": 1, "statistics-path": "memory://wh/t/stats.puffin", "file-size-in-bytes": 1, "file-footer-size-in-bytes": 1, "blob-metadata": [] } },
    ], { now });
    const removed = applyUpdates(m, [{ action: "remove-snapshots", "snapshot-ids": [1n] }], { now });
    expect(removed.snapshots.map((s) => s["snapshot-id"])).toEqual([2n]);
    expect(removed.refs.old).toBeUndefined();
    expect(removed.statistics).toEqual([]);
    expect(removed["snapshot-log"].map((e) => e["snapshot-id"])).toEqual([2n]);
  });

  it("sets the location without a trailing slash", () => {
    expect(applyUpdates(table(), [{ action: "set-location", location: "s3://b/new/" }], { now }).location).toBe("s3://b/new");
  });

  it("sets and removes properties", () => {
    const m = applyUpdates(table(), [{ action: "set-properties", updates: { a: "1", b: "2" } }, { action: "remove-properties", removals: ["b", "missing"] }], { now });
    expect(m.properties).toEqual({ "write.parquet.compression-codec": "zstd", a: "1" });
    expect(error(() => applyUpdates(table(), [{ action: "set-properties", updates: { a: 1 as unknown as string } }], { now }))).toBe("catalog.bad_request: set-properties value of `a` must be a string, got number");
  });

  it("sets and removes statistics and partition statistics, one file per snapshot", () => {
    const one = append(table(), big1);
    const file = (p: string) => ({ "snapshot-id": big1, "statistics-path": p, "file-size-in-bytes": 10, "file-footer-size-in-bytes": 2, "blob-metadata": [] });
    let m = applyUpdates(one, [{ action: "set-statistics", statistics: file("a.puffin") }, { action: "set-statistics", statistics: file("b.puffin") }], { now });
    expect(m.statistics).toEqual([file("b.puffin")]);
    m = applyUpdates(m, [{ action: "set-partition-statistics", "partition-statistics": { "snapshot-id": big1, "statistics-path": "p.parquet", "file-size-in-bytes": 3 } }], { now });
    expect(m["partition-statistics"]).toEqual([{ "snapshot-id": big1, "statistics-path": "p.parquet", "file-size-in-bytes": 3 }]);
    m = applyUpdates(m, [{ action: "remove-statistics", "snapshot-id": big1 }, { action: "remove-partition-statistics", "snapshot-id": big1 }], { now });
    expect(m.statistics).toEqual([]);
    expect(m["partition-statistics"]).toEqual([]);
  });

  it("removes partition specs and schemas, but never the default or current one", () => {
    const m = applyUpdates(table(), [
      { action: "add-spec", spec: { "spec-id": 0, fields: [{ "source-id": 1, "field-id": 1000, name: "id", transform: "identity" }] } },
      { action: "add-schema", schema: schema1 },
    ], { now });
    const pruned = applyUpdates(m, [{ action: "remove-partition-specs", "spec-ids": [1] }, { action: "remove-schemas", "schema-ids": [1] }], { now });
    expect(pruned["partition-specs"].map((s) => s["spec-id"])).toEqual([0]);
    expect(pruned.schemas.map((s) => s["schema-id"])).toEqual([0]);
    expect(error(() => applyUpdates(m, [{ action: "remove-partition-specs", "spec-ids": [0] }], { now }))).toBe("catalog.bad_request: cannot remove the default partition spec 0");
    expect(error(() => applyUpdates(m, [{ action: "remove-schemas", "schema-ids": [0] }], { now }))).toBe("catalog.bad_request: cannot remove the current schema 0");
  });

  it("records the previous metadata file in metadata-log, bounded by write.metadata.previous-versions-max", () => {
    let m = applyUpdates(table(), [{ action: "set-properties", updates: { "write.metadata.previous-versions-max": "2" } }], { now, previousMetadataLocation: "m/00000.json" });
    expect(m["metadata-log"]).toEqual([{ "timestamp-ms": 1_700_000_000_000, "metadata-file": "m/00000.json" }]);
    m = applyUpdates(m, [{ action: "set-properties", updates: { x: "1" } }], { now: now + 1, previousMetadataLocation: "m/00001.json" });
    m = applyUpdates(m, [{ action: "set-properties", updates: { x: "2" } }], { now: now + 2, previousMetadataLocation: "m/00002.json" });
    expect(m["metadata-log"].map((e) => e["metadata-file"])).toEqual(["m/00001.json", "m/00002.json"]);
    expect(m["last-updated-ms"]).toBe(now + 2);
  });

  it("builds a new table from a create transaction's updates", () => {
    const m = applyUpdates(null, [
      { action: "assign-uuid", uuid: "u-new" },
      { action: "upgrade-format-version", "format-version": 2 },
      { action: "add-schema", schema: schema0 },
      { action: "set-current-schema", "schema-id": -1 },
      { action: "add-spec", spec: { "spec-id": 0, fields: [] } },
      { action: "set-default-spec", "spec-id": -1 },
      { action: "add-sort-order", "sort-order": { "order-id": 0, fields: [] } },
      { action: "set-default-sort-order", "sort-order-id": -1 },
      { action: "set-location", location: "memory://wh/new" },
      { action: "set-properties", updates: { owner: "x" } },
    ], { now });
    expect(m).toMatchObject({ "format-version": 2, "table-uuid": "u-new", location: "memory://wh/new", "current-schema-id": 0, "default-spec-id": 0, "last-partition-id": 999, "default-sort-order-id": 0, "last-column-id": 2, properties: { owner: "x" } });
    expect(error(() => applyUpdates(null, [{ action: "assign-uuid", uuid: "u" }], { now }))).toStartWith("catalog.bad_request: a create transaction must add a schema");
  });

  it("rejects an unknown update action as a bad request", () => {
    expect(error(() => applyUpdates(table(), [{ action: "add-encryption-key" } as unknown as TableUpdate], { now }))).toStartWith("catalog.bad_request: unknown or unsupported table update action `add-encryption-key`");
  });
});
