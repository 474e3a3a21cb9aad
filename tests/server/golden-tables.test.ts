/**
 * Tables written by Spark, Java and Athena (tests/runtime/iceberg/golden-tables/) are copied into a
 * warehouse folder, registered through the REST API and loaded back — by raw HTTP with exact
 * 63-bit ids, and by iceberg-js.
 */
import { afterAll, describe, expect, it } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { IcebergRestCatalog } from "iceberg-js";
import { filesCatalog } from "../../adapters/catalogs/files-catalog.ts";
import { fsStore } from "../../adapters/stores/fs-store.ts";
import { nodeFsApi } from "../../adapters/bun/node-fs-api.ts";
import { parseJson } from "../../runtime/json/lossless-json.ts";
import { createApp } from "../../server/create-app.ts";
import { call, recordingLogger } from "./helpers.ts";

const golden = fileURLToPath(new URL("../runtime/iceberg/golden-tables/", import.meta.url));
const tables: [string, string, string][] = [
  ["java", "bunnies", "v5.metadata.json"],
  ["spark", "bunnies", "v5.metadata.json"],
  ["spark", "rename_column", "v3.metadata.json"],
  ["athena", "example", "00001-aaf0d033-d06b-43c7-be60-67f83abd4aca.metadata.json"],
];

const dir = mkdtempSync(join(tmpdir(), "dativo-golden-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(golden, join(dir, "golden"), { recursive: true });
const store = fsStore(dir, nodeFsApi());
const app = createApp({ catalog: filesCatalog({ store }), warehouse: { name: "wh", location: store.root }, logger: recordingLogger() });

describe("golden tables written by other engines", () => {
  it("creates the namespaces to register into", async () => {
    for (const [engine] of tables) await call(app, "POST", "/v1/wh/namespaces", { namespace: [engine] });
    expect((await call(app, "GET", "/v1/wh/namespaces")).body.namespaces).toHaveLength(3);
  });

  for (const [engine, table, file] of tables) {
    it(`registers and loads the ${engine} table ${table} with exact snapshot ids`, async () => {
      const metadataLocation = `${store.root}/golden/${engine}/${table}/metadata/${file}`;
      const expected = parseJson(readFileSync(join(golden, engine, table, "metadata", file), "utf8")) as any;
      const registered = await call(app, "POST", `/v1/wh/namespaces/${engine}/register`, { name: table, "metadata-location": metadataLocation });
      expect(registered.status).toBe(200);
      expect(registered.body["metadata-location"]).toBe(metadataLocation);

      const loaded = await call(app, "GET", `/v1/wh/namespaces/${engine}/tables/${table}`);
      expect(loaded.status).toBe(200);
      const m = loaded.body.metadata;
      expect(m["table-uuid"]).toBe(expected["table-uuid"]);
      expect(m.location).toBe(expected.location);
      expect(m["current-snapshot-id"]).toEqual(expected["current-snapshot-id"]);
      expect(m.snapshots.map((s: any) => BigInt(s["snapshot-id"]))).toEqual(expected.snapshots.map((s: any) => BigInt(s["snapshot-id"])));
      expect(m.schemas.length).toBe(expected.schemas.length);
      expect(m.refs).toEqual(expected.refs);
      expect(loaded.body["metadata-location"]).toBe(metadataLocation);

      // Registering the same name twice is a conflict, not an overwrite.
      const again = await call(app, "POST", `/v1/wh/namespaces/${engine}/register`, { name: table, "metadata-location": metadataLocation });
      expect(again.status).toBe(409);
    });
  }

  it("lists and loads the registered tables with iceberg-js", async () => {
    const f = ((input: RequestInfo | URL, init?: RequestInit) => app.request(new Request(input, init))) as typeof fetch;
    const client = new IcebergRestCatalog({ baseUrl: "http://catalog.test", warehouse: "wh", fetch: f });
    expect((await client.listTables({ namespace: ["spark"] })).identifiers.map((i) => i.name).sort()).toEqual(["bunnies", "rename_column"]);
    const athena = await client.loadTable({ namespace: ["athena"], name: "example" });
    expect(athena?.["format-version"]).toBe(2);
    expect(athena?.schemas.length).toBeGreaterThan(0);
  });
});
