/**
 * Black-box HTTP checks of the behaviours that Apache Iceberg's REST compatibility kit
 * (CatalogTests via RESTCompatibilityKitSuite), PyIceberg's test_rest.py and iceberg-go's
 * catalog tests rely on: status codes, exception types, message prefixes, pagination, HEAD,
 * ETags, staged creates, multi-table transactions and lossless 63-bit ids.
 */
import { describe, expect, it } from "bun:test";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { memoryStore } from "../../adapters/stores/memory-store.ts";
import { appendUpdates, call, simpleSchema, testApp, v1 } from "./helpers.ts";

async function withTable(ns = "ns", name = "t") {
  const env = testApp();
  await call(env.app, "POST", v1("/namespaces"), { namespace: [ns] });
  const created = await call(env.app, "POST", v1(`/namespaces/${ns}/tables`), { name, schema: simpleSchema });
  expect(created.status).toBe(200);
  return { ...env, created: created.body };
}

function expectError(reply: { status: number; body: any; headers: Headers }, status: number, type: string, message?: RegExp) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get("content-type")).toContain("application/json");
  expect(Object.keys(reply.body)).toEqual(["error"]);
  expect(Object.keys(reply.body.error).sort()).toEqual(["code", "message", "type"]);
  expect(reply.body.error.type).toBe(type);
  expect(reply.body.error.code).toBe(status);
  if (message) expect(reply.body.error.message).toMatch(message);
}

describe("config", () => {
  it("returns defaults, overrides with the prefix, and exactly the served endpoints", async () => {
    const { app } = testApp();
    const reply = await call(app, "GET", "/v1/config?warehouse=wh");
    expect(reply.status).toBe(200);
    expect(reply.body.defaults).toEqual({});
    expect(reply.body.overrides).toEqual({ prefix: "wh" });
    for (const endpoint of reply.body.endpoints as string[]) {
      const [method, template] = endpoint.split(" ") as [string, string];
      const path = template.replace("{prefix}", "wh").replace("{namespace}", "zz").replace("{table}", "tt");
      const served = await call(app, method, path, method === "POST" ? "{}" : undefined);
      // Served routes answer with the spec's envelope (400/404 here), never the router's 404.
      expect(served.body?.error?.type ?? "none").not.toBe("NotFoundException");
    }
    expect(reply.body.endpoints).not.toContain("GET /v1/{prefix}/namespaces/{namespace}/views");
  });

  it("accepts the warehouse location as the warehouse and refuses unknown warehouses with 404", async () => {
    const { app } = testApp();
    expect((await call(app, "GET", "/v1/config?warehouse=memory%3A%2F%2Fwarehouse")).body.overrides.prefix).toBe("wh");
    expectError(await call(app, "GET", "/v1/config?warehouse=other"), 404, "NoSuchWarehouseException");
    expectError(await call(app, "GET", "/v1/other/namespaces"), 404, "NoSuchWarehouseException");
  });
});

describe("namespaces", () => {
  it("answers duplicates with 409 and missing ones with 404 NoSuchNamespaceException", async () => {
    const { app } = testApp();
    const created = await call(app, "POST", v1("/namespaces"), { namespace: ["a"], properties: null });
    expect(created.body).toEqual({ namespace: ["a"], properties: {} });
    expectError(await call(app, "POST", v1("/namespaces"), { namespace: ["a"] }), 409, "AlreadyExistsException", /Namespace already exists/);
    expectError(await call(app, "GET", v1("/namespaces/missing")), 404, "NoSuchNamespaceException", /Namespace does not exist/);
    expectError(await call(app, "DELETE", v1("/namespaces/missing")), 404, "NoSuchNamespaceException");
    expectError(await call(app, "POST", v1("/namespaces/missing/properties"), { updates: { a: "b" } }), 404, "NoSuchNamespaceException");
  });

  it("answers HEAD with 204 and no body, or 404", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["a"] });
    const head = await app.request(new Request(`http://x${v1("/namespaces/a")}`, { method: "HEAD" }));
    expect(head.status).toBe(204);
    expect(await head.text()).toBe("");
    expect((await app.request(new Request(`http://x${v1("/namespaces/b")}`, { method: "HEAD" }))).status).toBe(404);
  });

  it("decodes nested namespaces joined by %1F in paths and in ?parent=", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["a"] });
    await call(app, "POST", v1("/namespaces"), { namespace: ["a", "b c"] });
    await call(app, "POST", v1("/namespaces"), { namespace: ["a", "b c", "d"] });
    expect((await call(app, "GET", v1("/namespaces/a%1Fb%20c"))).body.namespace).toEqual(["a", "b c"]);
    expect((await call(app, "GET", v1("/namespaces?parent=a"))).body.namespaces).toEqual([["a", "b c"]]);
    expect((await call(app, "GET", v1("/namespaces?parent=a%1Fb%20c"))).body.namespaces).toEqual([["a", "b c", "d"]]);
    expect((await call(app, "GET", v1("/namespaces?parent="))).body.namespaces).toEqual([["a"]]);
    expectError(await call(app, "GET", v1("/namespaces?parent=zz")), 404, "NoSuchNamespaceException");
  });

  it("pages through namespaces with pageToken and pageSize", async () => {
    const { app } = testApp();
    const names = ["n1", "n2", "n3", "n4", "n5"];
    for (const n of names) await call(app, "POST", v1("/namespaces"), { namespace: [n] });
    const seen: string[][] = [];
    let token: string | null = "";
    let pages = 0;
    while (token !== null) {
      const reply: any = await call(app, "GET", v1(`/namespaces?pageSize=2&pageToken=${encodeURIComponent(token)}`));
      expect(reply.body.namespaces.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.namespaces);
      token = reply.body["next-page-token"] ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.map((n) => n[0]).sort()).toEqual(names);
    expectError(await call(app, "GET", v1("/namespaces?pageSize=0")), 400, "BadRequestException");
  });

  it("refuses a key that is both removed and updated with 422, changing nothing", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["a"], properties: { k: "v" } });
    expectError(await call(app, "POST", v1("/namespaces/a/properties"), { removals: ["k"], updates: { k: "w" } }), 422, "UnprocessableEntityException");
    expect((await call(app, "GET", v1("/namespaces/a"))).body.properties).toEqual({ k: "v" });
  });

  it("refuses to drop a namespace that holds a table with 409 NamespaceNotEmptyException", async () => {
    const { app } = await withTable();
    expectError(await call(app, "DELETE", v1("/namespaces/ns")), 409, "NamespaceNotEmptyException");
  });
});

describe("tables", () => {
  it("creates v2 tables under the warehouse with fresh field ids", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["ns"] });
    const schema = { type: "struct", fields: [{ id: 7, name: "a", type: "int", required: false }] };
    const reply = await call(app, "POST", v1("/namespaces/ns/tables"), { name: "t", schema });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("etag")).toBeTruthy();
    expect(reply.body.metadata["format-version"]).toBe(2);
    expect(reply.body.metadata.location).toBe("memory://warehouse/ns/t");
    expect(reply.body.metadata.schemas[0].fields[0].id).toBe(1);
    expect(reply.body.metadata["current-snapshot-id"]).toBe(-1);
    expect(reply.body.config).toEqual({});
    expect(reply.body["storage-credentials"]).toBeUndefined();
  });

  it("answers missing tables and namespaces as RCK expects", async () => {
    const { app } = await withTable();
    expectError(await call(app, "POST", v1("/namespaces/ns/tables"), { name: "t", schema: simpleSchema }), 409, "AlreadyExistsException", /Table already exists/);
    expectError(await call(app, "POST", v1("/namespaces/zz/tables"), { name: "t", schema: simpleSchema }), 404, "NoSuchNamespaceException");
    expectError(await call(app, "GET", v1("/namespaces/ns/tables/missing")), 404, "NoSuchTableException", /Table does not exist/);
    expectError(await call(app, "GET", v1("/namespaces/zz/tables/t")), 404, "NoSuchTableException");
    expectError(await call(app, "DELETE", v1("/namespaces/ns/tables/missing")), 404, "NoSuchTableException");
    expectError(await call(app, "POST", v1("/namespaces/ns/tables/missing"), { requirements: [], updates: [] }), 404, "NoSuchTableException");
    expectError(await call(app, "GET", v1("/namespaces/zz/tables")), 404, "NoSuchNamespaceException");
    const head = await app.request(new Request(`http://x${v1("/namespaces/ns/tables/missing")}`, { method: "HEAD" }));
    expect(head.status).toBe(404);
  });

  it("pages through tables", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["ns"] });
    for (const n of ["t1", "t2", "t3"]) await call(app, "POST", v1("/namespaces/ns/tables"), { name: n, schema: simpleSchema });
    const first = await call(app, "GET", v1("/namespaces/ns/tables?pageSize=2"));
    expect(first.body.identifiers).toHaveLength(2);
    const second = await call(app, "GET", v1(`/namespaces/ns/tables?pageSize=2&pageToken=${encodeURIComponent(first.body["next-page-token"])}`));
    expect(second.body.identifiers.map((i: any) => i.name)).toEqual(["t3"]);
    expect(second.body["next-page-token"]).toBeNull();
  });

  it("stages a create without registering the table, then creates it with an assert-create commit", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["ns"] });
    const staged = await call(app, "POST", v1("/namespaces/ns/tables"), { name: "s", schema: simpleSchema, "stage-create": true });
    expect(staged.status).toBe(200);
    expect(staged.body["metadata-location"]).toBeUndefined();
    expectError(await call(app, "GET", v1("/namespaces/ns/tables/s")), 404, "NoSuchTableException");
    const m = staged.body.metadata;
    const commit = await call(app, "POST", v1("/namespaces/ns/tables/s"), {
      requirements: [{ type: "assert-create" }],
      updates: [
        { action: "assign-uuid", uuid: m["table-uuid"] },
        { action: "upgrade-format-version", "format-version": 2 },
        { action: "add-schema", schema: m.schemas[0] },
        { action: "set-current-schema", "schema-id": -1 },
        { action: "add-spec", spec: m["partition-specs"][0] },
        { action: "set-default-spec", "spec-id": -1 },
        { action: "add-sort-order", "sort-order": m["sort-orders"][0] },
        { action: "set-default-sort-order", "sort-order-id": -1 },
        { action: "set-location", location: m.location },
        { action: "set-properties", updates: { created: "staged" } },
      ],
    });
    expect(commit.status).toBe(200);
    const loaded = await call(app, "GET", v1("/namespaces/ns/tables/s"));
    expect(loaded.body.metadata["table-uuid"]).toBe(m["table-uuid"]);
    expect(loaded.body.metadata.properties.created).toBe("staged");
  });

  it("refuses a commit whose uuid requirement fails with the Java message, changing nothing", async () => {
    const { app, created } = await withTable();
    const reply = await call(app, "POST", v1("/namespaces/ns/tables/t"), {
      requirements: [{ type: "assert-table-uuid", uuid: "00000000-0000-0000-0000-000000000000" }],
      updates: [{ action: "set-properties", updates: { a: "b" } }],
    });
    expectError(reply, 409, "CommitFailedException", /^Requirement failed: UUID does not match/);
    expect((await call(app, "GET", v1("/namespaces/ns/tables/t"))).body["metadata-location"]).toBe(created["metadata-location"]);
  });

  it("keeps 63-bit snapshot ids exact from request to metadata to response", async () => {
    const { app } = await withTable();
    const id = 9_223_372_036_854_775_001n;
    const reply = await call(app, "POST", v1("/namespaces/ns/tables/t"), {
      requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null }],
      updates: appendUpdates(id, null, 1),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.metadata["current-snapshot-id"]).toBe(id);
    const raw = await (await app.request(new Request(`http://x${v1("/namespaces/ns/tables/t")}`))).text();
    expect(raw).toContain(`"current-snapshot-id":${id}`);
    expect(raw).toContain(`"snapshot-id":${id}`);
    const next = 9_223_372_036_854_775_002n;
    const stale = await call(app, "POST", v1("/namespaces/ns/tables/t"), {
      requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": id + 1n }],
      updates: appendUpdates(next, id, 2),
    });
    expectError(stale, 409, "CommitFailedException", /Requirement failed: branch main has changed/);
    const ok = await call(app, "POST", v1("/namespaces/ns/tables/t"), {
      requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": id }],
      updates: appendUpdates(next, id, 2),
    });
    expect(ok.body.metadata["current-snapshot-id"]).toBe(next);
    expect(ok.body.metadata.snapshots[1]["parent-snapshot-id"]).toBe(id);
  });

  it("returns only referenced snapshots for snapshots=refs, under a different ETag", async () => {
    const { app } = await withTable();
    await call(app, "POST", v1("/namespaces/ns/tables/t"), { requirements: [], updates: appendUpdates(11n, null, 1) });
    await call(app, "POST", v1("/namespaces/ns/tables/t"), { requirements: [], updates: appendUpdates(12n, 11n, 2) });
    const all = await call(app, "GET", v1("/namespaces/ns/tables/t"));
    const refs = await call(app, "GET", v1("/namespaces/ns/tables/t?snapshots=refs"));
    expect(all.body.metadata.snapshots).toHaveLength(2);
    expect(refs.body.metadata.snapshots.map((s: any) => s["snapshot-id"])).toEqual([12]);
    expect(refs.headers.get("etag")).not.toBe(all.headers.get("etag"));
    const notModified = await app.request(new Request(`http://x${v1("/namespaces/ns/tables/t")}`, { headers: { "if-none-match": all.headers.get("etag")! } }));
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(all.headers.get("etag"));
    expectError(await call(app, "GET", v1("/namespaces/ns/tables/t?snapshots=some")), 400, "BadRequestException");
  });

  it("renames within and across namespaces, refusing existing targets and missing sources", async () => {
    const { app } = await withTable();
    await call(app, "POST", v1("/namespaces"), { namespace: ["other"] });
    await call(app, "POST", v1("/namespaces/ns/tables"), { name: "u", schema: simpleSchema });
    const rename = (from: string[], to: string[]) =>
      call(app, "POST", v1("/tables/rename"), { source: { namespace: from.slice(0, -1), name: from.at(-1) }, destination: { namespace: to.slice(0, -1), name: to.at(-1) } });
    expectError(await rename(["ns", "t"], ["ns", "u"]), 409, "AlreadyExistsException");
    expectError(await rename(["ns", "missing"], ["ns", "v"]), 404, "NoSuchTableException");
    expectError(await rename(["ns", "t"], ["zz", "t"]), 404, "NoSuchNamespaceException");
    expect((await rename(["ns", "t"], ["other", "t2"])).status).toBe(204);
    expect((await call(app, "GET", v1("/namespaces/other/tables/t2"))).status).toBe(200);
    expect((await call(app, "GET", v1("/namespaces/ns/tables/t"))).status).toBe(404);
  });

  it("drops without purge keeping files, and with purgeRequested=true deleting them", async () => {
    const store = memoryStore("warehouse");
    const { app } = testApp({ catalog: memoryCatalog({ store }) });
    await call(app, "POST", v1("/namespaces"), { namespace: ["ns"] });
    await call(app, "POST", v1("/namespaces/ns/tables"), { name: "keep", schema: simpleSchema });
    await call(app, "POST", v1("/namespaces/ns/tables"), { name: "purge", schema: simpleSchema });
    const keys = async (prefix: string) => {
      const out: string[] = [];
      for await (const o of store.list(prefix)) out.push(o.key);
      return out;
    };
    expect((await call(app, "DELETE", v1("/namespaces/ns/tables/keep?purgeRequested=false"))).status).toBe(204);
    expect((await call(app, "DELETE", v1("/namespaces/ns/tables/purge?purgeRequested=true"))).status).toBe(204);
    expect((await keys("ns/keep/")).length).toBeGreaterThan(0);
    expect(await keys("ns/purge/")).toEqual([]);
    expectError(await call(app, "DELETE", v1("/namespaces/ns/tables/keep")), 404, "NoSuchTableException");
  });

  it("accepts metrics reports with 204", async () => {
    const { app } = await withTable();
    const reply = await call(app, "POST", v1("/namespaces/ns/tables/t/metrics"), { "report-type": "commit-report", "table-name": "ns.t" });
    expect(reply.status).toBe(204);
  });
});

describe("multi-table transactions", () => {
  it("commits every table change or none", async () => {
    const { app } = await withTable("ns", "a");
    await call(app, "POST", v1("/namespaces/ns/tables"), { name: "b", schema: simpleSchema });
    const change = (name: string, requirements: unknown[]) => ({
      identifier: { namespace: ["ns"], name },
      requirements,
      updates: [{ action: "set-properties", updates: { batch: "1" } }],
    });
    const failing = await call(app, "POST", v1("/transactions/commit"), {
      "table-changes": [change("a", []), change("b", [{ type: "assert-table-uuid", uuid: "00000000-0000-0000-0000-000000000000" }])],
    });
    expectError(failing, 409, "CommitFailedException");
    expect((await call(app, "GET", v1("/namespaces/ns/tables/a"))).body.metadata.properties.batch).toBeUndefined();

    const missing = await call(app, "POST", v1("/transactions/commit"), { "table-changes": [change("a", []), change("nope", [])] });
    expectError(missing, 404, "NoSuchTableException");
    expect((await call(app, "GET", v1("/namespaces/ns/tables/a"))).body.metadata.properties.batch).toBeUndefined();

    const ok = await call(app, "POST", v1("/transactions/commit"), { "table-changes": [change("a", []), change("b", [])] });
    expect(ok.status).toBe(204);
    expect((await call(app, "GET", v1("/namespaces/ns/tables/a"))).body.metadata.properties.batch).toBe("1");
    expect((await call(app, "GET", v1("/namespaces/ns/tables/b"))).body.metadata.properties.batch).toBe("1");
  });
});
