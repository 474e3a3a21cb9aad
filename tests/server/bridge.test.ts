/**
 * The bridge: an upstream Iceberg REST catalog (here another instance of our server, open, over
 * a real socket) served through ours with tenants, auth and request logs in front.
 */
import { afterAll, describe, expect, it } from "bun:test";
import { IcebergError, IcebergRestCatalog } from "iceberg-js";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { restCatalog } from "../../adapters/catalogs/rest-catalog.ts";
import { tenantsFromObject } from "../../server/auth/tenants.ts";
import { createApp } from "../../server/create-app.ts";
import { recordingLogger, simpleSchema } from "./helpers.ts";

const upstreamCatalog = memoryCatalog();
const upstream = createApp({ catalog: upstreamCatalog, warehouse: { name: "lake" }, logger: recordingLogger() });
const upstreamServer = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => upstream.fetch(req) });
afterAll(() => upstreamServer.stop(true));

const token = "bridge-tenant-token-0123456789";
const logger = recordingLogger();
const bridge = createApp({
  catalogForWarehouse: (w) => (w === "acme" ? restCatalog({ uri: `http://127.0.0.1:${upstreamServer.port}`, warehouse: "lake", fetch: globalThis.fetch.bind(globalThis) }) : undefined),
  tenants: tenantsFromObject({ tenants: [{ name: "acme", warehouse: "acme", tokens: [token] }] }),
  logger,
});
const f = ((input: RequestInfo | URL, init?: RequestInit) => bridge.request(new Request(input, init))) as typeof fetch;

describe("an upstream REST catalog behind our server", () => {
  it("passes the lifecycle through to the upstream catalog, with our auth in front", async () => {
    const anonymous = new IcebergRestCatalog({ baseUrl: "http://bridge.test", warehouse: "acme", fetch: f });
    const denied = await anonymous.listNamespaces().catch((e: unknown) => e);
    expect((denied as IcebergError).status).toBe(401);

    const client = new IcebergRestCatalog({ baseUrl: "http://bridge.test", warehouse: "acme", fetch: f, auth: { type: "bearer", token } });
    await client.createNamespace({ namespace: ["db"] });
    await client.createTable({ namespace: ["db"] }, { name: "t", schema: simpleSchema } as never);
    expect((await upstreamCatalog.listTables(["db"])).items).toEqual([{ namespace: ["db"], name: "t" }]);
    const loaded = await client.loadTableResult({ namespace: ["db"], name: "t" });
    const upstreamLoaded = await upstreamCatalog.loadTable({ namespace: ["db"], name: "t" });
    expect(loaded?.["metadata-location"]).toBe(upstreamLoaded.metadataLocation);

    const conflict = await client
      .updateTable({ namespace: ["db"], name: "t" }, { requirements: [{ type: "assert-table-uuid", uuid: "00000000-0000-0000-0000-000000000000" }], updates: [] })
      .catch((e: unknown) => e);
    expect((conflict as IcebergError).status).toBe(409);
    expect((conflict as IcebergError).icebergType).toBe("CommitFailedException");
    const missing = await client.loadTable({ namespace: ["db"], name: "nope" }).catch((e: unknown) => e);
    expect((missing as IcebergError).icebergType).toBe("NoSuchTableException");

    await client.dropTable({ namespace: ["db"], name: "t" }, { purge: true });
    expect((await upstreamCatalog.listTables(["db"])).items).toEqual([]);
    expect(logger.lines.filter((l) => l.fields.event === "http.request" && l.fields.tenant === "acme").length).toBeGreaterThan(5);
    expect(JSON.stringify(logger.lines)).not.toContain(token);
  });
});
