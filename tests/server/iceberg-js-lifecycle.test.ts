/**
 * iceberg-js 1.0.0 — an Iceberg REST client we did not write — drives the whole table lifecycle
 * against the server, once in-process through `app.request` and once over a real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { IcebergError, IcebergRestCatalog } from "iceberg-js";
import { testApp } from "./helpers.ts";

type Transport = { name: string; make: () => { baseUrl: string; fetch: typeof fetch; close: () => void } };

const transports: Transport[] = [
  {
    name: "in-process (app.request)",
    make: () => {
      const { app } = testApp();
      const f = ((input: RequestInfo | URL, init?: RequestInit) => app.request(new Request(input, init))) as typeof fetch;
      return { baseUrl: "http://catalog.test", fetch: f, close: () => {} };
    },
  },
  {
    name: "over a socket (Bun.serve)",
    make: () => {
      const { app } = testApp();
      const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => app.fetch(req) });
      return { baseUrl: `http://127.0.0.1:${server.port}`, fetch: globalThis.fetch.bind(globalThis), close: () => server.stop(true) };
    },
  },
];

const schema = {
  type: "struct" as const,
  "schema-id": 0,
  fields: [
    { id: 1, name: "id", type: "long", required: true },
    { id: 2, name: "url", type: "string", required: false },
  ],
};

for (const transport of transports) {
  describe(`iceberg-js 1.0.0 ${transport.name}`, () => {
    let env: ReturnType<Transport["make"]>;
    let catalog: IcebergRestCatalog;
    const events = { namespace: ["analytics", "events"] };
    const clicks = { namespace: ["analytics", "events"], name: "clicks" };

    beforeAll(() => {
      env = transport.make();
      catalog = new IcebergRestCatalog({ baseUrl: env.baseUrl, warehouse: "wh", fetch: env.fetch });
    });
    afterAll(() => env.close());

    it("reads the prefix and the endpoint list from /v1/config", async () => {
      const config = (await catalog.loadConfig()) as { overrides: Record<string, string>; endpoints: string[] };
      expect(config.overrides.prefix).toBe("wh");
      expect(config.endpoints).toContain("HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}");
      expect(config.endpoints).toContain("POST /v1/{prefix}/transactions/commit");
    });

    it("creates, lists, loads and updates nested namespaces", async () => {
      await catalog.createNamespace({ namespace: ["analytics"] }, { properties: { owner: "data" } });
      await catalog.createNamespace(events, { properties: { tier: "gold" } });
      expect((await catalog.listNamespaces()).namespaces).toEqual([{ namespace: ["analytics"] }]);
      expect((await catalog.listNamespaces({ parent: { namespace: ["analytics"] } })).namespaces).toEqual([events]);
      expect(await catalog.namespaceExists(events)).toBe(true);
      expect(await catalog.namespaceExists({ namespace: ["analytics", "nope"] })).toBe(false);
      expect((await catalog.loadNamespaceMetadata(events)).properties).toEqual({ tier: "gold" });
      const change = await catalog.updateNamespaceProperties(events, { removals: ["tier", "absent"], updates: { team: "web" } });
      expect(change).toEqual({ updated: ["team"], removed: ["tier"], missing: ["absent"] });
      expect((await catalog.loadNamespaceMetadata(events)).properties).toEqual({ team: "web" });
      const again = await catalog.createNamespace({ namespace: ["analytics"] }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(IcebergError);
      expect((again as IcebergError).status).toBe(409);
      expect((again as IcebergError).icebergType).toBe("AlreadyExistsException");
    });

    it("creates a table, loads it with an ETag and gets 304 for an unchanged one", async () => {
      const created = await catalog.createTableResult(events, { name: "clicks", schema, properties: { "write.format.default": "parquet" } });
      expect(created["metadata-location"]).toMatch(/\.metadata\.json$/);
      expect(created.metadata["format-version"]).toBe(2);
      expect(created.metadata.properties["write.format.default"]).toBe("parquet");
      const loaded = await catalog.loadTableResult(clicks);
      expect(loaded?.etag).toBeTruthy();
      expect(loaded?.metadata["table-uuid"]).toBe(created.metadata["table-uuid"]);
      expect(await catalog.loadTableResult(clicks, { ifNoneMatch: loaded!.etag! })).toBeNull();
      expect(await catalog.tableExists(clicks)).toBe(true);
      expect(await catalog.tableExists({ ...clicks, name: "nope" })).toBe(false);
      expect((await catalog.listTables(events)).identifiers).toEqual([clicks]);
    });

    it("commits properties and an append, and refuses a stale commit with 409", async () => {
      const before = (await catalog.loadTableResult(clicks))!;
      const uuid = before.metadata["table-uuid"];
      const props = await catalog.updateTable(clicks, {
        requirements: [{ type: "assert-table-uuid", uuid }],
        updates: [{ action: "set-properties", updates: { "commit.retry.num-retries": "4" } }],
      });
      expect(props["metadata-location"]).not.toBe(before["metadata-location"]);
      const refreshed = await catalog.loadTableResult(clicks, { ifNoneMatch: before.etag! });
      expect(refreshed?.metadata.properties["commit.retry.num-retries"]).toBe("4");

      const append = await catalog.updateTable(clicks, {
        requirements: [
          { type: "assert-table-uuid", uuid },
          { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null },
        ],
        updates: [
          {
            action: "add-snapshot",
            snapshot: {
              "snapshot-id": 1001,
              "sequence-number": 1,
              "timestamp-ms": 1_700_000_000_000,
              "manifest-list": `${before.metadata.location}/metadata/snap-1001.avro`,
              summary: { operation: "append" },
              "schema-id": 0,
            },
          },
          { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": 1001 },
        ],
      } as never);
      expect(append.metadata["current-snapshot-id"]).toBe(1001);

      const stale = await catalog
        .updateTable(clicks, {
          requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null }],
          updates: [{ action: "set-properties", updates: { x: "y" } }],
        })
        .catch((e: unknown) => e);
      expect((stale as IcebergError).status).toBe(409);
      expect((stale as IcebergError).icebergType).toBe("CommitFailedException");
      expect((await catalog.loadTable(clicks))?.properties.x).toBeUndefined();
    });

    it("renames, registers and drops tables, then drops the namespaces", async () => {
      const renamed = { namespace: ["analytics"], name: "clicks_v2" };
      await catalog.renameTable({ source: clicks, destination: renamed });
      const gone = await catalog.loadTable(clicks).catch((e: unknown) => e);
      expect((gone as IcebergError).isNotFound()).toBe(true);
      const current = (await catalog.loadTableResult(renamed))!;
      const registered = await catalog.registerTableResult({ namespace: ["analytics"] }, { name: "clicks_copy", "metadata-location": current["metadata-location"]! });
      expect(registered.metadata["table-uuid"]).toBe(current.metadata["table-uuid"]);

      const notEmpty = await catalog.dropNamespace({ namespace: ["analytics"] }).catch((e: unknown) => e);
      expect((notEmpty as IcebergError).status).toBe(409);
      expect((notEmpty as IcebergError).icebergType).toBe("NamespaceNotEmptyException");

      await catalog.dropTable({ namespace: ["analytics"], name: "clicks_copy" }, { purge: false });
      await catalog.dropTable(renamed, { purge: true });
      expect((await catalog.listTables({ namespace: ["analytics"] })).identifiers).toEqual([]);
      await catalog.dropNamespace(events);
      await catalog.dropNamespace({ namespace: ["analytics"] });
      expect((await catalog.listNamespaces()).namespaces).toEqual([]);
    });
  });
}

describe("iceberg-js 1.0.0 without a warehouse", () => {
  it("uses the prefix-less routes, which serve the default warehouse", async () => {
    const { app } = testApp();
    const f = ((input: RequestInfo | URL, init?: RequestInit) => app.request(new Request(input, init))) as typeof fetch;
    const catalog = new IcebergRestCatalog({ baseUrl: "http://catalog.test", fetch: f });
    await catalog.createNamespace({ namespace: ["plain"] });
    const scoped = new IcebergRestCatalog({ baseUrl: "http://catalog.test", warehouse: "wh", fetch: f });
    expect((await scoped.listNamespaces()).namespaces).toEqual([{ namespace: ["plain"] }]);
  });
});
