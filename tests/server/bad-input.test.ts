/**
 * Bad input: every case is a 4xx in the spec's error envelope, and nothing in the catalog or the
 * store changes.
 */
import { describe, expect, it } from "bun:test";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { memoryStore } from "../../adapters/stores/memory-store.ts";
import { call, simpleSchema, testApp, v1 } from "./helpers.ts";

async function setup() {
  const store = memoryStore("warehouse");
  const env = testApp({ catalog: memoryCatalog({ store }), maxBodyBytes: 64 * 1024 });
  await call(env.app, "POST", v1("/namespaces"), { namespace: ["ns"], properties: { k: "v" } });
  const created = await call(env.app, "POST", v1("/namespaces/ns/tables"), { name: "t", schema: simpleSchema });
  const fingerprint = async () => {
    const keys: string[] = [];
    for await (const o of store.list("")) keys.push(`${o.key}:${o.etag}`);
    const namespaces = await env.catalog.listNamespaces();
    const tables = await env.catalog.listTables(["ns"]);
    const table = await env.catalog.loadTable({ namespace: ["ns"], name: "t" });
    const props = await env.catalog.loadNamespace(["ns"]);
    return JSON.stringify({ keys, namespaces, tables, location: table.metadataLocation, props });
  };
  return { ...env, uuid: created.body.metadata["table-uuid"] as string, fingerprint };
}

const commitPath = v1("/namespaces/ns/tables/t");
const badBodies: [string, string, string, unknown][] = [
  ["malformed JSON", "POST", v1("/namespaces"), '{"namespace": ['],
  ["an empty body", "POST", v1("/namespaces"), ""],
  ["a JSON array instead of an object", "POST", v1("/namespaces"), "[]"],
  ["a namespace with a slash", "POST", v1("/namespaces"), { namespace: ["a/b"] }],
  ["a namespace with a backslash", "POST", v1("/namespaces"), { namespace: ["a\\b"] }],
  ["a namespace of `..`", "POST", v1("/namespaces"), { namespace: [".."] }],
  ["a namespace with a control character", "POST", v1("/namespaces"), { namespace: ["a\u0000b"] }],
  ["an empty namespace", "POST", v1("/namespaces"), { namespace: [] }],
  ["a namespace that is not an array", "POST", v1("/namespaces"), { namespace: "ns" }],
  ["a table name with a slash", "POST", v1("/namespaces/ns/tables"), { name: "x/y", schema: simpleSchema }],
  ["a table name containing `..`", "POST", v1("/namespaces/ns/tables"), { name: "a..b", schema: simpleSchema }],
  ["a create without a schema", "POST", v1("/namespaces/ns/tables"), { name: "u" }],
  ["a create with a schema that is not a struct", "POST", v1("/namespaces/ns/tables"), { name: "u", schema: { type: "list", fields: [] } }],
  ["a table location outside the warehouse", "POST", v1("/namespaces/ns/tables"), { name: "u", schema: simpleSchema, location: "s3://someone-else/t" }],
  ["a commit without updates", "POST", commitPath, { requirements: [] }],
  ["an unknown update action", "POST", commitPath, { requirements: [], updates: [{ action: "frobnicate" }] }],
  ["an unsupported update action", "POST", commitPath, { requirements: [], updates: [{ action: "add-encryption-key", "encryption-key": {} }] }],
  ["an unknown requirement type", "POST", commitPath, { requirements: [{ type: "assert-next-row-id", "next-row-id": 1 }], updates: [] }],
  ["an update with a missing field", "POST", commitPath, { requirements: [], updates: [{ action: "set-properties" }] }],
  ["a valid update after an unknown one", "POST", commitPath, { requirements: [], updates: [{ action: "set-properties", updates: { a: "b" } }, { action: "nope" }] }],
  ["a set-location outside the warehouse", "POST", commitPath, { requirements: [], updates: [{ action: "set-location", location: "memory://warehouse/../escape" }] }],
  ["a body identifier that differs from the path", "POST", commitPath, { identifier: { namespace: ["ns"], name: "other" }, requirements: [], updates: [] }],
  ["a register outside the warehouse", "POST", v1("/namespaces/ns/register"), { name: "r", "metadata-location": "s3://other-bucket/t/metadata/v1.metadata.json" }],
  ["a register escaping with `..`", "POST", v1("/namespaces/ns/register"), { name: "r", "metadata-location": "memory://warehouse/ns/../../x/v1.metadata.json" }],
  ["a register into a look-alike root", "POST", v1("/namespaces/ns/register"), { name: "r", "metadata-location": "memory://warehouse-evil/t/v1.metadata.json" }],
  ["a register without a metadata location", "POST", v1("/namespaces/ns/register"), { name: "r" }],
  ["a rename without a destination", "POST", v1("/tables/rename"), { source: { namespace: ["ns"], name: "t" } }],
  ["a rename to a name with a slash", "POST", v1("/tables/rename"), { source: { namespace: ["ns"], name: "t" }, destination: { namespace: ["ns"], name: "a/b" } }],
  ["a transaction with no changes", "POST", v1("/transactions/commit"), { "table-changes": [] }],
  ["a transaction change without an identifier", "POST", v1("/transactions/commit"), { "table-changes": [{ requirements: [], updates: [] }] }],
  [
    "a transaction naming one table twice",
    "POST",
    v1("/transactions/commit"),
    { "table-changes": [1, 2].map(() => ({ identifier: { namespace: ["ns"], name: "t" }, requirements: [], updates: [{ action: "set-properties", updates: { a: "b" } }] })) },
  ],
  ["properties that are not strings", "POST", v1("/namespaces/ns/properties"), { updates: { a: 1 } }],
  ["a namespace path segment containing `..`", "GET", v1("/namespaces/x..y"), undefined],
  ["a namespace path segment with an encoded slash", "DELETE", v1("/namespaces/a%2Fb"), undefined],
  ["a table path segment with a control character", "DELETE", v1("/namespaces/ns/tables/t%00"), undefined],
  ["a non-boolean purgeRequested", "DELETE", v1("/namespaces/ns/tables/t?purgeRequested=yes"), undefined],
];

describe("bad input", () => {
  for (const [what, method, path, body] of badBodies) {
    it(`answers ${what} with 400 and changes nothing`, async () => {
      const { app, fingerprint } = await setup();
      const before = await fingerprint();
      const reply = await call(app, method, path, body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe(400);
      expect(reply.body.error.type).toBe("BadRequestException");
      expect(reply.body.error.message.length).toBeGreaterThan(10);
      expect(await fingerprint()).toBe(before);
    });
  }

  it("answers an oversized body with 413 whether or not it declares its length", async () => {
    const { app, fingerprint } = await setup();
    const before = await fingerprint();
    const big = JSON.stringify({ namespace: ["big"], properties: { blob: "x".repeat(100 * 1024) } });
    const declared = await app.request(new Request(`http://x${v1("/namespaces")}`, { method: "POST", body: big, headers: { "content-type": "application/json" } }));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as any).error.code).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const chunked = await app.request(new Request(`http://x${v1("/namespaces")}`, { method: "POST", body: stream, headers: { "content-type": "application/json" } }));
    expect(chunked.status).toBe(413);
    expect(await fingerprint()).toBe(before);
  });

  it("answers register with overwrite with 406 and changes nothing", async () => {
    const { app, fingerprint } = await setup();
    const before = await fingerprint();
    const loc = (await call(app, "GET", commitPath)).body["metadata-location"];
    const reply = await call(app, "POST", v1("/namespaces/ns/register"), { name: "t", "metadata-location": loc, overwrite: true });
    expect(reply.status).toBe(406);
    expect(reply.body.error.type).toBe("UnsupportedOperationException");
    expect(await fingerprint()).toBe(before);
  });

  it("answers an unknown route with 404 in the envelope", async () => {
    const { app } = await setup();
    const reply = await call(app, "GET", "/v1/wh/namespaces/ns/views");
    expect(reply.status).toBe(404);
    expect(reply.body.error.type).toBe("NotFoundException");
  });
});
