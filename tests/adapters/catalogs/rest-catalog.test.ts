/**
 * restCatalog against our server: the shared catalog suite through restCatalog → HTTP → server →
 * memory, files and postgres catalogs; then the client's own duties — config handshake and
 * prefix, OAuth client credentials, HEAD fallback, and REST errors mapped back to IngestError
 * codes. PostgreSQL is the one on 127.0.0.1:55432 (DATIVO_TEST_PG_URL overrides); the postgres
 * part fails, never skips, when it is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import postgres from "postgres";
import { filesCatalog } from "../../../adapters/catalogs/files-catalog.ts";
import { memoryCatalog } from "../../../adapters/catalogs/memory-catalog.ts";
import { postgresCatalog } from "../../../adapters/catalogs/postgres-catalog.ts";
import { restCatalog } from "../../../adapters/catalogs/rest-catalog.ts";
import { fsStore } from "../../../adapters/stores/fs-store.ts";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { nodeFsApi } from "../../../adapters/bun/node-fs-api.ts";
import type { Catalog } from "../../../runtime/catalog.ts";
import { silentLogger } from "../../../runtime/logger.ts";
import { tenantsFromObject } from "../../../server/auth/tenants.ts";
import { createApp, type AppDeps } from "../../../server/create-app.ts";
import { appendCommit, catalogSuite, codeOf } from "../../suites/catalog.suite.ts";

const schema = { type: "struct" as const, "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }] };
type Fetcher = { request: (r: Request) => Response | Promise<Response> };
const fetchVia = (app: Fetcher): typeof fetch => ((input: RequestInfo | URL, init?: RequestInit) => app.request(new Request(input, init))) as typeof fetch;

function served(catalog: Catalog, deps: Partial<AppDeps> = {}): Catalog {
  const app = createApp({ catalog, logger: silentLogger, ...deps });
  return restCatalog({ uri: "http://catalog.test", warehouse: "default", fetch: fetchVia(app) });
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

catalogSuite("restCatalog → server → memoryCatalog", async () => served(memoryCatalog()));
catalogSuite("restCatalog → server → filesCatalog (fs)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dativo-rest-"));
  dirs.push(dir);
  return served(filesCatalog({ store: fsStore(dir, nodeFsApi()) }));
});

const pgUrl = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const sql = postgres(pgUrl, { max: 8, onnotice: () => {}, connect_timeout: 5 });
beforeAll(async () => {
  try {
    await sql`SELECT 1`;
  } catch (e) {
    throw new Error(`PostgreSQL at ${pgUrl} is not usable (${(e as Error).message}); start it with scripts/services/postgres.sh start`);
  }
});
afterAll(async () => {
  await sql`DELETE FROM iceberg_tables WHERE catalog_name LIKE 'resttest\\_%'`.catch(() => {});
  await sql`DELETE FROM iceberg_namespace_properties WHERE catalog_name LIKE 'resttest\\_%'`.catch(() => {});
  await sql.end();
});
catalogSuite("restCatalog → server → postgresCatalog", async () =>
  served(postgresCatalog({ sql, store: memoryStore("wh"), name: `resttest_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` })),
);

describe("restCatalog over a real socket", () => {
  it("commits and reads back through Bun.serve", async () => {
    const app = createApp({ catalog: memoryCatalog(), logger: silentLogger });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => app.fetch(req) });
    try {
      const c = restCatalog({ uri: `http://127.0.0.1:${server.port}/`, warehouse: "default", fetch: globalThis.fetch.bind(globalThis) });
      await c.createNamespace(["db"]);
      const created = await c.createTable(["db"], { name: "t", schema });
      const committed = await c.commitTable(appendCommit({ namespace: ["db"], name: "t" }, created.metadata));
      expect((await c.loadTable({ namespace: ["db"], name: "t" })).metadata["current-snapshot-id"]).toBe(committed.metadata["current-snapshot-id"]!);
    } finally {
      server.stop(true);
    }
  });
});

describe("restCatalog client duties", () => {
  it("uses the prefix from /v1/config and falls back to GET when HEAD is not advertised", async () => {
    const app = createApp({ catalog: memoryCatalog(), logger: silentLogger, warehouse: { name: "lake" } });
    const seen: string[] = [];
    // An upstream that advertises no endpoints (the spec's default set, which has no HEAD).
    const upstream = new Hono();
    upstream.all("*", async (c) => {
      seen.push(`${c.req.method} ${new URL(c.req.url).pathname}`);
      const res = await app.request(c.req.raw);
      if (new URL(c.req.url).pathname !== "/v1/config") return res;
      const body = (await res.json()) as Record<string, unknown>;
      return c.json({ defaults: {}, overrides: body.overrides });
    });
    const c = restCatalog({ uri: "http://catalog.test", warehouse: "lake", fetch: fetchVia(upstream) });
    await c.createNamespace(["db"]);
    expect(await c.namespaceExists(["db"])).toBe(true);
    expect(await c.tableExists({ namespace: ["db"], name: "nope" })).toBe(false);
    expect(seen.filter((s) => s.startsWith("HEAD"))).toEqual([]);
    expect(seen).toContain("POST /v1/lake/namespaces");
    expect(seen.filter((s) => s.startsWith("GET /v1/config"))).toHaveLength(1);
  });

  it("maps REST errors back to catalog error codes", async () => {
    const c = served(memoryCatalog());
    await c.createNamespace(["db"]);
    const created = await c.createTable(["db"], { name: "t", schema });
    const id = { namespace: ["db"], name: "t" };
    expect(await codeOf(c.loadNamespace(["zz"]))).toBe("catalog.no_such_namespace");
    expect(await codeOf(c.loadTable({ namespace: ["db"], name: "zz" }))).toBe("catalog.no_such_table");
    expect(await codeOf(c.createTable(["zz"], { name: "t", schema }))).toBe("catalog.no_such_namespace");
    expect(await codeOf(c.createNamespace(["db"]))).toBe("catalog.already_exists");
    expect(await codeOf(c.dropNamespace(["db"]))).toBe("catalog.namespace_not_empty");
    const stale = appendCommit(id, created.metadata);
    await c.commitTable(stale);
    const conflict = await c.commitTable(appendCommit(id, created.metadata)).catch((e) => e);
    expect(conflict.code).toBe("catalog.commit_conflict");
    expect(conflict.retryable).toBe(true);
    expect(await codeOf(c.commitTable({ identifier: id, requirements: [], updates: [{ action: "nope" } as never] }))).toBe("catalog.bad_request");
  });

  it("reports 5xx on a commit as commit state unknown and elsewhere as unreachable", async () => {
    const failing = new Hono();
    failing.get("/v1/config", (c) => c.json({ defaults: {}, overrides: {} }));
    failing.all("*", (c) => c.json({ error: { message: "backend down", type: "ServiceUnavailableException", code: 503 } }, 503));
    const c = restCatalog({ uri: "http://upstream.test", fetch: fetchVia(failing) });
    expect(await codeOf(c.loadTable({ namespace: ["a"], name: "b" }))).toBe("catalog.unreachable");
    expect(await codeOf(c.commitTable({ identifier: { namespace: ["a"], name: "b" }, requirements: [], updates: [] }))).toBe("catalog.commit_state_unknown");
    expect(await codeOf(c.commitTransaction([{ identifier: { namespace: ["a"], name: "b" }, requirements: [], updates: [] }]))).toBe("catalog.commit_state_unknown");
    const down = restCatalog({ uri: "http://127.0.0.1:9", fetch: globalThis.fetch.bind(globalThis) });
    expect(await codeOf(down.listNamespaces())).toBe("catalog.unreachable");
  });

  it("exchanges client credentials for a token and is refused another tenant's warehouse", async () => {
    const secret = "client-secret-0123456789abcdef";
    const now = { t: 1_800_000_000_000 };
    const tenants = tenantsFromObject({
      signingKey: "s".repeat(40),
      tokenTtlSeconds: 120,
      tenants: [
        { name: "acme", warehouse: "acme", clients: [{ clientId: "etl", clientSecret: secret }] },
        { name: "globex", warehouse: "globex", tokens: ["globex-token-0123456789"] },
      ],
    });
    const catalogs: Record<string, Catalog> = { acme: memoryCatalog(), globex: memoryCatalog() };
    const app = createApp({ catalogForWarehouse: (w) => catalogs[w], tenants, logger: silentLogger, clock: { now: () => now.t } });
    const tokenCalls: string[] = [];
    const f = ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      if (new URL(req.url).pathname === "/v1/oauth/tokens") tokenCalls.push(req.method);
      return app.request(req);
    }) as typeof fetch;
    const c = restCatalog({ uri: "http://catalog.test", warehouse: "acme", credential: `etl:${secret}`, fetch: f });
    await c.createNamespace(["db"]);
    expect((await catalogs.acme!.listNamespaces()).items).toEqual([["db"]]);
    expect(tokenCalls).toHaveLength(1);
    // The server's clock passes the token's expiry; the client gets a 401, fetches a new token and retries.
    now.t += 3_600_000;
    expect((await c.listNamespaces()).items).toEqual([["db"]]);
    expect(tokenCalls).toHaveLength(2);

    const wrong = restCatalog({ uri: "http://catalog.test", warehouse: "acme", credential: "etl:not-the-secret-00000", fetch: f });
    expect(await codeOf(wrong.listNamespaces())).toBe("catalog.unauthorized");
    const other = restCatalog({ uri: "http://catalog.test", warehouse: "globex", credential: `etl:${secret}`, fetch: f, prefix: "globex" });
    expect(await codeOf(other.listNamespaces())).toBe("catalog.forbidden");
    const noToken = restCatalog({ uri: "http://catalog.test", warehouse: "globex", prefix: "globex", fetch: f });
    expect(await codeOf(noToken.listNamespaces())).toBe("catalog.unauthorized");
  });
});
