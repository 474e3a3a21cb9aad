/**
 * The Worker in workerd (Miniflare): CSV posted to /ingest lands in an Iceberg table in R2, which
 * an Iceberg REST client we did not write (iceberg-js) loads through the Worker's catalog routes,
 * and whose data file a pure-JS reader (hyparquet) reads back from the bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Miniflare } from "miniflare";
import { IcebergRestCatalog } from "iceberg-js";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { R2BucketLike } from "../../../adapters/stores/r2-store.ts";
import { bundleWorker } from "./bundle-worker.ts";

let mf: Miniflare;

const asset = {
  apiVersion: "v3.0.2",
  kind: "DataContract",
  name: "orders",
  version: "1.0",
  schema: [
    { name: "order_id", type: "integer", required: true },
    { name: "customer", type: "string", required: true },
    { name: "amount", type: "double" },
  ],
};
const csv = 'order_id,customer,amount\n1,Zoë,12.5\n2,"Li, Lei",\n3,Ann,3.25\n';

beforeAll(async () => {
  const { dir, script } = await bundleWorker();
  mf = new Miniflare({
    modules: true,
    modulesRoot: dir,
    scriptPath: script,
    cf: false,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    r2Buckets: ["WAREHOUSE"],
    bindings: {
      WAREHOUSE_BUCKET_NAME: "lake",
      JOBS: JSON.stringify([{ name: "daily", csv: "incoming/daily/", table: "shop.daily", asset: "assets/orders.json" }]),
    },
  });
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

/** Miniflare's bucket, typed by the shape our R2 store uses (no Workers type package here). */
const r2 = async () => (await mf.getR2Bucket("WAREHOUSE")) as unknown as R2BucketLike & { put(key: string, value: string): Promise<unknown> };

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  mf.dispatchFetch(`http://worker.test${path}`, { method: "POST", body, headers: { "content-type": "text/csv", ...headers } });

async function readDataFile(path: string): Promise<Record<string, unknown>[]> {
  const bucket = await r2();
  const key = path.replace(/^s3:\/\/lake\//, "");
  const object = await bucket.get(key);
  expect(object).not.toBeNull();
  const buffer = await object!.arrayBuffer();
  return (await parquetReadObjects({ file: buffer, compressors })) as Record<string, unknown>[];
}

function catalogClient(base: string) {
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => mf.dispatchFetch(String(input), init as never)) as unknown as typeof globalThis.fetch;
  return new IcebergRestCatalog({ baseUrl: base, fetch });
}

describe("worker", () => {
  it("ingests a CSV body into an Iceberg table that iceberg-js loads through the catalog routes", async () => {
    const res = await post("/ingest/shop/orders", csv, { "x-dativo-asset": JSON.stringify(asset) });
    const summary = (await res.json()) as { status: string; rowsWritten: number; message?: string };
    expect(summary.message ?? "").toBe("");
    expect(res.status).toBe(200);
    expect(summary).toMatchObject({ status: "committed", rowsWritten: 3 });

    for (const base of ["http://worker.test", "http://worker.test/iceberg"]) {
      const catalog = catalogClient(base);
      expect((await catalog.listTables({ namespace: ["shop"] })).identifiers).toEqual([{ namespace: ["shop"], name: "orders" }]);
      const meta = await catalog.loadTable({ namespace: ["shop"], name: "orders" });
      expect(meta.location).toBe("s3://lake/shop/orders");
      expect(meta.snapshots?.length).toBe(1);
      expect(meta.snapshots?.[0]?.summary?.["added-records"]).toBe("3");
    }
  }, 60_000);

  it("writes a data file whose rows read back from the bucket", async () => {
    const bucket = await r2();
    const listed = await bucket.list({ prefix: "shop/orders/data/" });
    const parquet = listed.objects.filter((o) => o.key.endsWith(".parquet"));
    expect(parquet.length).toBe(1);
    const rows = await readDataFile(`s3://lake/${parquet[0]!.key}`);
    expect(rows.map((r) => [Number(r.order_id), r.customer, r.amount])).toEqual([
      [1, "Zoë", 12.5],
      [2, "Li, Lei", null],
      [3, "Ann", 3.25],
    ]);
  });

  it("commits nothing when a strict ingest meets a row that breaks the contract", async () => {
    const res = await post("/ingest/shop/orders", "order_id,customer,amount\n4,Bob,1\nfour,Eve,2\n", { "x-dativo-asset": JSON.stringify(asset) });
    const body = (await res.json()) as { status: string; code: string; message: string };
    expect(res.status).toBe(422);
    expect(body.code).toBe("contract.violation");
    expect(body.message).toContain("order_id");
    expect((body as { hint?: string }).hint).toContain("x-dativo-mode: warn");
    const meta = await catalogClient("http://worker.test").loadTable({ namespace: ["shop"], name: "orders" });
    expect(meta.snapshots?.length).toBe(1);
    const bucket = await r2();
    expect((await bucket.list({ prefix: "shop/orders/data/" })).objects.filter((o) => o.key.endsWith(".parquet")).length).toBe(1);
  }, 60_000);

  it("uses the stored asset when the request carries none, and explains when there is neither", async () => {
    const missing = await post("/ingest/shop/returns", "order_id,customer,amount\n1,a,1\n");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain("_assets/shop/returns.json");
    const bucket = await r2();
    await bucket.put("_assets/shop/returns.json", JSON.stringify({ ...asset, name: "returns" }));
    const res = await post("/ingest/shop/returns", "order_id,customer,amount\n1,a,1\n2,b,2\n");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rowsWritten: number }).rowsWritten).toBe(2);
  }, 60_000);

  it("answers the catalog routes only to known tenants when TENANTS is set, and ingest only with INGEST_TOKEN", async () => {
    const { dir, script } = await bundleWorker();
    const token = "worker-test-token-0123456789";
    const locked = new Miniflare({
      modules: true,
      modulesRoot: dir,
      scriptPath: script,
      cf: false,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2025-01-01",
      r2Buckets: ["WAREHOUSE"],
      bindings: { TENANTS: JSON.stringify({ tenants: [{ name: "acme", warehouse: "default", tokens: [token] }] }), INGEST_TOKEN: token },
    });
    try {
      expect((await locked.dispatchFetch("http://worker.test/v1/namespaces")).status).toBe(401);
      const ok = await locked.dispatchFetch("http://worker.test/iceberg/v1/namespaces", { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ namespaces: [] });
      const ingest = (auth?: string) =>
        locked.dispatchFetch("http://worker.test/ingest/shop/orders", {
          method: "POST",
          body: csv,
          headers: { "x-dativo-asset": JSON.stringify(asset), ...(auth ? { authorization: auth } : {}) },
        });
      expect((await ingest()).status).toBe(401);
      expect((await ingest("Bearer wrong-token-0123456789")).status).toBe(401);
      expect((await ingest(`Bearer ${token}`)).status).toBe(200);
    } finally {
      await locked.dispose();
    }
  }, 60_000);

  it("loads the CSV files of a scheduled job once", async () => {
    const bucket = await r2();
    await bucket.put("assets/orders.json", JSON.stringify(asset));
    await bucket.put("incoming/daily/a.csv", csv);
    await bucket.put("incoming/daily/b.csv", "order_id,customer,amount\n9,Zed,9\n");
    const worker = (await mf.getWorker()) as unknown as { scheduled(o: { cron: string }): Promise<unknown> };
    await worker.scheduled({ cron: "0 * * * *" });
    await worker.scheduled({ cron: "0 * * * *" });
    const meta = await catalogClient("http://worker.test").loadTable({ namespace: ["shop"], name: "daily" });
    expect(meta.snapshots?.length).toBe(1);
    expect(meta.snapshots?.[0]?.summary?.["added-records"]).toBe("4");
  }, 60_000);
});
