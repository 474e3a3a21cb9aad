/**
 * Concurrent committers over HTTP: 16 writers append to one table at once. Each round exactly
 * one wins and the others get 409 CommitFailedException; writers that reload, rebase and retry
 * all land, and no append is lost. Runs on the memory catalog, the files catalog in a folder and
 * the postgres catalog (127.0.0.1:55432, DATIVO_TEST_PG_URL overrides; fails when it is down),
 * each behind a real socket.
 */
import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { filesCatalog } from "../../adapters/catalogs/files-catalog.ts";
import { memoryCatalog } from "../../adapters/catalogs/memory-catalog.ts";
import { postgresCatalog } from "../../adapters/catalogs/postgres-catalog.ts";
import { fsStore } from "../../adapters/stores/fs-store.ts";
import { memoryStore } from "../../adapters/stores/memory-store.ts";
import { nodeFsApi } from "../../adapters/bun/node-fs-api.ts";
import type { Catalog } from "../../runtime/catalog.ts";
import { parseJson, stringifyJson } from "../../runtime/json/lossless-json.ts";
import { createApp } from "../../server/create-app.ts";
import { appendUpdates, recordingLogger, simpleSchema } from "./helpers.ts";

const writers = 16;
const dirs: string[] = [];
const pgUrl = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const sql = postgres(pgUrl, { max: 16, onnotice: () => {}, connect_timeout: 5 });
const pgName = `conctest_${Date.now().toString(36)}`;
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await sql`DELETE FROM iceberg_tables WHERE catalog_name = ${pgName}`.catch(() => {});
  await sql`DELETE FROM iceberg_namespace_properties WHERE catalog_name = ${pgName}`.catch(() => {});
  await sql.end();
});

const backends: [string, () => Catalog][] = [
  ["memory", () => memoryCatalog()],
  [
    "files (fs store)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "dativo-conc-"));
      dirs.push(dir);
      return filesCatalog({ store: fsStore(dir, nodeFsApi()) });
    },
  ],
  ["postgres", () => postgresCatalog({ sql, store: memoryStore("wh"), name: pgName })],
];

for (const [name, make] of backends) {
  describe(`16 concurrent committers over HTTP on the ${name} catalog`, () => {
    const app = createApp({ catalog: make(), logger: recordingLogger() });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => app.fetch(req) });
    afterAll(() => server.stop(true));
    const base = `http://127.0.0.1:${server.port}/v1/default`;
    const tablePath = `${base}/namespaces/ns/tables/t`;

    const send = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : stringifyJson(body) });
      const text = await res.text();
      return { status: res.status, body: text ? (parseJson(text) as any) : undefined };
    };
    const head = async () => {
      const m = (await send("GET", tablePath)).body.metadata;
      const current = m["current-snapshot-id"] === -1 ? null : BigInt(m["current-snapshot-id"]);
      return { current, seq: Number(m["last-sequence-number"]), snapshots: m.snapshots as any[] };
    };
    const append = (id: bigint, parent: bigint | null, seq: number) =>
      send("POST", tablePath, { requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": parent }], updates: appendUpdates(id, parent, seq + 1) });

    it("lets exactly one writer win each round and answers the rest with 409", async () => {
      await send("POST", `${base}/namespaces`, { namespace: ["ns"] });
      expect((await send("POST", `${base}/namespaces/ns/tables`, { name: "t", schema: simpleSchema })).status).toBe(200);
      for (let round = 0; round < 3; round++) {
        const { current, seq } = await head();
        const replies = await Promise.all(
          Array.from({ length: writers }, (_, w) => append((1n << 62n) + BigInt(round * 100 + w), current, seq)),
        );
        const statuses = replies.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(writers - 1);
        for (const r of replies.filter((r) => r.status === 409)) expect(r.body.error.type).toBe("CommitFailedException");
        const winner = replies.findIndex((r) => r.status === 200);
        expect((await head()).current).toBe((1n << 62n) + BigInt(round * 100 + winner));
      }
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(metrics).toContain(`dativo_catalog_commit_conflicts_total{operation="updateTable"} ${3 * (writers - 1)}`);
    });

    it("retries commits that only lost the swap, and loses no update", async () => {
      const replies = await Promise.all(
        Array.from({ length: writers }, (_, w) => send("POST", tablePath, { requirements: [], updates: [{ action: "set-properties", updates: { [`writer-${w}`]: "x" } }] })),
      );
      const props = (await send("GET", tablePath)).body.metadata.properties as Record<string, string>;
      const landed = replies.flatMap((r, w) => (r.status === 200 ? [`writer-${w}`] : []));
      for (const r of replies) expect([200, 409]).toContain(r.status);
      expect(Object.keys(props).filter((k) => k.startsWith("writer-")).sort()).toEqual(landed.sort());
      // Without the server-side retry, a burst like this lands one commit on the files catalog.
      expect(landed.length).toBeGreaterThan(1);
    });

    it("lands every append of writers that reload, rebase and retry", async () => {
      const before = await head();
      const ids = Array.from({ length: writers }, (_, w) => (1n << 61n) + BigInt(w));
      let conflicts = 0;
      await Promise.all(
        ids.map(async (id) => {
          for (let attempt = 0; attempt < 200; attempt++) {
            const { current, seq } = await head();
            const reply = await append(id, current, seq);
            if (reply.status === 200) return;
            expect(reply.status).toBe(409);
            conflicts++;
          }
          throw new Error(`writer ${id} never landed`);
        }),
      );
      const after = await head();
      expect(after.snapshots.length).toBe(before.snapshots.length + writers);
      // The main branch is one chain through every appended snapshot: none was lost.
      const byId = new Map(after.snapshots.map((s) => [BigInt(s["snapshot-id"]), s]));
      const chain: bigint[] = [];
      for (let id: bigint | null = after.current; id !== null && id !== before.current; ) {
        chain.push(id);
        const parent = byId.get(id)!["parent-snapshot-id"];
        id = parent === undefined ? null : BigInt(parent);
      }
      expect(chain.sort()).toEqual([...ids].sort());
      expect(after.seq).toBe(before.seq + writers);
      expect(conflicts).toBeGreaterThan(0);
    });
  });
}
