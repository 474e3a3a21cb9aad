/**
 * Catalog server benchmark: loadTable requests/s and commits/s with 1 and 16 concurrent clients,
 * on the files catalog (fs store in a temp folder) and the postgres catalog (DATIVO_TEST_PG_URL,
 * default 127.0.0.1:55432), over a real socket — against a trivial Hono route (GET returning a
 * small JSON object, POST reading a JSON body) measured in the same run: the server's overhead
 * ceiling. Prints each figure and its ratio to the trivial route.
 *
 *   npx bun scripts/bench/catalog.ts [--seconds 1.5] [--skip-postgres]
 *
 * Commits: with 16 clients each client commits to its own table (throughput), and separately
 * all 16 commit to one table (contention: successful commits/s and 409s, clients retry).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import postgres from "postgres";
import { filesCatalog } from "../../adapters/catalogs/files-catalog.ts";
import { postgresCatalog } from "../../adapters/catalogs/postgres-catalog.ts";
import { fsStore } from "../../adapters/stores/fs-store.ts";
import { nodeFsApi } from "../../adapters/bun/node-fs-api.ts";
import type { Catalog } from "../../runtime/catalog.ts";
import { silentLogger } from "../../runtime/logger.ts";
import { createApp } from "../../server/create-app.ts";

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1] ?? "") || 1.5;
const skipPostgres = args.includes("--skip-postgres");
const schema = { type: "struct", "schema-id": 0, fields: [{ id: 1, name: "id", type: "long", required: true }] };

interface Result {
  ops: number;
  conflicts: number;
  perSecond: number;
}

/** Runs `clients` loops of `op` for `seconds`; `op` returns true on success, false on a 409. */
async function measure(clients: number, op: (client: number) => Promise<boolean>): Promise<Result> {
  const deadline = performance.now() + seconds * 1000;
  let ops = 0;
  let conflicts = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        if (await op(client)) ops++;
        else conflicts++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { ops, conflicts, perSecond: ops / elapsed };
}

function serve(fetchHandler: (req: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: fetchHandler });
  return { base: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

async function benchBackend(name: string, catalog: Catalog, rows: string[][], trivial: Record<string, number>) {
  const app = createApp({ catalog, logger: silentLogger });
  const { base, stop } = serve((req) => app.fetch(req));
  const api = `${base}/v1/default`;
  const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await post("/namespaces", { namespace: ["bench"] });
  for (let i = 0; i < 16; i++) await (await post("/namespaces/bench/tables", { name: `t${i}`, schema })).text();

  for (const clients of [1, 16]) {
    const r = await measure(clients, async (client) => {
      const res = await fetch(`${api}/namespaces/bench/tables/t${client % 16}`);
      await res.arrayBuffer();
      return res.ok;
    });
    rows.push([name, `loadTable, ${clients} client(s)`, r.perSecond.toFixed(0), (trivial[`get${clients}`]! / r.perSecond).toFixed(1), ""]);
  }
  let n = 0;
  const commit = async (table: string) => {
    const res = await post(`/namespaces/bench/tables/${table}`, { requirements: [], updates: [{ action: "set-properties", updates: { n: String(n++) } }] });
    await res.arrayBuffer();
    if (res.status !== 200 && res.status !== 409) throw new Error(`commit answered ${res.status}`);
    return res.status === 200;
  };
  for (const clients of [1, 16]) {
    const r = await measure(clients, (client) => commit(`t${client}`));
    rows.push([name, `commit, ${clients} client(s), own table each`, r.perSecond.toFixed(0), (trivial[`post${clients}`]! / r.perSecond).toFixed(1), ""]);
  }
  // Contention: every client asserts the main branch it read, as real appends do.
  const contention = await measure(16, async () => {
    const loaded = (await (await fetch(`${api}/namespaces/bench/tables/t0`)).json()) as { metadata: { "table-uuid": string; properties: Record<string, string> } };
    const res = await post("/namespaces/bench/tables/t0", {
      requirements: [{ type: "assert-table-uuid", uuid: loaded.metadata["table-uuid"] }, { type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null }],
      updates: [{ action: "set-properties", updates: { n: String(n++) } }],
    });
    await res.arrayBuffer();
    return res.status === 200;
  });
  rows.push([name, "commit, 16 clients, one table", contention.perSecond.toFixed(0), "", `${contention.conflicts} answered 409 after the server's own retries; clients reload and retry`]);
  stop();
}

async function main() {
  const rows: string[][] = [];
  const hono = new Hono();
  hono.get("/trivial", (c) => c.json({ ok: true }));
  hono.post("/trivial", async (c) => c.json({ got: Object.keys((await c.req.json()) as object).length }));
  const t = serve((req) => hono.fetch(req));
  const trivial: Record<string, number> = {};
  for (const clients of [1, 16]) {
    trivial[`get${clients}`] = (await measure(clients, async () => (await (await fetch(`${t.base}/trivial`)).arrayBuffer(), true))).perSecond;
    trivial[`post${clients}`] = (
      await measure(clients, async () => {
        const res = await fetch(`${t.base}/trivial`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ requirements: [], updates: [] }) });
        await res.arrayBuffer();
        return true;
      })
    ).perSecond;
    rows.push(["trivial hono", `GET, ${clients} client(s)`, trivial[`get${clients}`]!.toFixed(0), "1.0", ""]);
    rows.push(["trivial hono", `POST json, ${clients} client(s)`, trivial[`post${clients}`]!.toFixed(0), "1.0", ""]);
  }
  t.stop();

  const dir = mkdtempSync(join(tmpdir(), "dativo-bench-"));
  try {
    await benchBackend("files (fs)", filesCatalog({ store: fsStore(dir, nodeFsApi()) }), rows, trivial);
    if (!skipPostgres) {
      const url = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
      const sql = postgres(url, { max: 16, onnotice: () => {} });
      const name = `bench_${Date.now().toString(36)}`;
      const pgDir = join(dir, "pg");
      try {
        await benchBackend("postgres", postgresCatalog({ sql, store: fsStore(pgDir, nodeFsApi()), name }), rows, trivial);
      } finally {
        await sql`DELETE FROM iceberg_tables WHERE catalog_name = ${name}`;
        await sql`DELETE FROM iceberg_namespace_properties WHERE catalog_name = ${name}`;
        await sql.end();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const header = ["backend", "operation", "per second", "trivial ÷ this", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`catalog server benchmark (${seconds}s per figure, Bun ${Bun.version}, server and clients in one process)`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

await main();
