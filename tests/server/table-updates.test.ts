/**
 * Every requirement type and the table updates real writers send, over HTTP, in the shapes the
 * Java client builds (UpdateRequirements.java: each update brings its requirement).
 */
import { describe, expect, it } from "bun:test";
import { appendUpdates, call, simpleSchema, testApp, v1 } from "./helpers.ts";

async function table() {
  const { app } = testApp();
  await call(app, "POST", v1("/namespaces"), { namespace: ["ns"] });
  const created = await call(app, "POST", v1("/namespaces/ns/tables"), { name: "t", schema: simpleSchema });
  const commit = (requirements: unknown[], updates: unknown[]) => call(app, "POST", v1("/namespaces/ns/tables/t"), { requirements, updates });
  return { app, m: created.body.metadata, commit };
}

describe("table updates over HTTP", () => {
  it("evolves the schema under assert-last-assigned-field-id and assert-current-schema-id", async () => {
    const { m, commit } = await table();
    const evolved = {
      type: "struct",
      "schema-id": 1,
      fields: [...m.schemas[0].fields, { id: 3, name: "country", type: "string", required: false }],
    };
    const reply = await commit(
      [
        { type: "assert-table-uuid", uuid: m["table-uuid"] },
        { type: "assert-last-assigned-field-id", "last-assigned-field-id": m["last-column-id"] },
        { type: "assert-current-schema-id", "current-schema-id": m["current-schema-id"] },
      ],
      [
        { action: "add-schema", schema: evolved, "last-column-id": 3 },
        { action: "set-current-schema", "schema-id": -1 },
      ],
    );
    expect(reply.status).toBe(200);
    expect(reply.body.metadata["current-schema-id"]).toBe(1);
    expect(reply.body.metadata["last-column-id"]).toBe(3);
    const stale = await commit([{ type: "assert-current-schema-id", "current-schema-id": 0 }], [{ action: "set-properties", updates: { a: "b" } }]);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/^Requirement failed: current schema changed/);
    expect((await commit([{ type: "assert-last-assigned-field-id", "last-assigned-field-id": 2 }], [])).status).toBe(409);
  });

  it("adds a partition spec and a sort order and makes them the defaults", async () => {
    const { m, commit } = await table();
    const reply = await commit(
      [
        { type: "assert-last-assigned-partition-id", "last-assigned-partition-id": m["last-partition-id"] },
        { type: "assert-default-spec-id", "default-spec-id": m["default-spec-id"] },
        { type: "assert-default-sort-order-id", "default-sort-order-id": m["default-sort-order-id"] },
      ],
      [
        { action: "add-spec", spec: { "spec-id": 1, fields: [{ "source-id": 1, "field-id": 1000, name: "id_bucket", transform: "bucket[16]" }] } },
        { action: "set-default-spec", "spec-id": -1 },
        { action: "add-sort-order", "sort-order": { "order-id": 1, fields: [{ "source-id": 1, transform: "identity", direction: "asc", "null-order": "nulls-first" }] } },
        { action: "set-default-sort-order", "sort-order-id": -1 },
      ],
    );
    expect(reply.status).toBe(200);
    const next = reply.body.metadata;
    expect(next["default-spec-id"]).toBe(1);
    expect(next["partition-specs"][1].fields[0].transform).toBe("bucket[16]");
    expect(next["default-sort-order-id"]).toBe(1);
    expect((await commit([{ type: "assert-default-spec-id", "default-spec-id": 0 }], [])).status).toBe(409);
    expect((await commit([{ type: "assert-default-sort-order-id", "default-sort-order-id": 0 }], [])).status).toBe(409);
    expect((await commit([{ type: "assert-last-assigned-partition-id", "last-assigned-partition-id": 999 }], [])).status).toBe(409);
  });

  it("tags, removes refs and expires snapshots", async () => {
    const { commit } = await table();
    await commit([{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null }], appendUpdates(21n, null, 1));
    await commit([{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": 21 }], appendUpdates(22n, 21n, 2));
    const tagged = await commit([{ type: "assert-ref-snapshot-id", ref: "v1", "snapshot-id": null }], [
      { action: "set-snapshot-ref", "ref-name": "v1", type: "tag", "snapshot-id": 21, "max-ref-age-ms": 86_400_000 },
    ]);
    expect(tagged.body.metadata.refs.v1).toEqual({ "snapshot-id": 21, type: "tag", "max-ref-age-ms": 86_400_000 });
    const untagged = await commit([], [{ action: "remove-snapshot-ref", "ref-name": "v1" }]);
    expect(untagged.body.metadata.refs.v1).toBeUndefined();
    const expired = await commit([], [{ action: "remove-snapshots", "snapshot-ids": [21] }]);
    expect(expired.body.metadata.snapshots.map((s: any) => s["snapshot-id"])).toEqual([22]);
    expect(expired.body.metadata["current-snapshot-id"]).toBe(22);
    const unknown = await commit([], [{ action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 999 }]);
    expect(unknown.status).toBe(400);
  });

  it("sets the location inside the warehouse, edits properties, upgrades the format and checks the uuid", async () => {
    const { m, commit } = await table();
    const moved = await commit([{ type: "assert-table-uuid", uuid: m["table-uuid"] }], [
      { action: "set-location", location: "memory://warehouse/ns/t_moved" },
      { action: "set-properties", updates: { a: "1", b: "2" } },
      { action: "remove-properties", removals: ["a"] },
      { action: "upgrade-format-version", "format-version": 3 },
    ]);
    expect(moved.status).toBe(200);
    expect(moved.body.metadata.location).toBe("memory://warehouse/ns/t_moved");
    expect(moved.body.metadata.properties.a).toBeUndefined();
    expect(moved.body.metadata.properties.b).toBe("2");
    expect(moved.body.metadata["format-version"]).toBe(3);
    const downgrade = await commit([], [{ action: "upgrade-format-version", "format-version": 2 }]);
    expect(downgrade.status).toBe(400);
    const reassign = await commit([], [{ action: "assign-uuid", uuid: "11111111-1111-1111-1111-111111111111" }]);
    expect([reassign.status, reassign.body?.error?.type]).toEqual([400, "BadRequestException"]);
  });

  it("returns the current metadata without a new file when nothing changes", async () => {
    const { app, commit } = await table();
    const before = (await call(app, "GET", v1("/namespaces/ns/tables/t"))).body["metadata-location"];
    const same = await commit([], [{ action: "set-properties", updates: {} }]);
    expect(same.status).toBe(200);
    expect(same.body["metadata-location"]).toBe(before);
  });
});
