/**
 * The catalog suite for postgresCatalog on a real PostgreSQL: the server that
 * `scripts/services/postgres.sh start` runs on 127.0.0.1:55432 (DATIVO_TEST_PG_URL overrides).
 * Each catalog gets its own `catalog_name`, so runs never see each other's rows. Fails, never
 * skips, when the server is not running.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import postgres from "postgres";
import { postgresCatalog } from "../../../adapters/catalogs/postgres-catalog.ts";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import type { Catalog } from "../../../runtime/catalog.ts";
import { appendCommit, bigSnapshotId, catalogSuite, codeOf } from "../../suites/catalog.suite.ts";

const url = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const connect = () => postgres(url, { max: 8, onnotice: () => {}, connect_timeout: 5 });
const sql = connect();
const uniqueName = () => `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
const schema = { type: "struct" as const, "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }] };

beforeAll(async () => {
  try {
    await sql`SELECT 1`;
  } catch (e) {
    throw new Error(`PostgreSQL at ${url} is not usable (${(e as Error).message}); start it with scripts/services/postgres.sh start`);
  }
});

afterAll(async () => {
  await sql`DELETE FROM iceberg_tables WHERE catalog_name LIKE 'test\\_%'`;
  await sql`DELETE FROM iceberg_namespace_properties WHERE catalog_name LIKE 'test\\_%'`;
  await sql.end();
});

catalogSuite("postgresCatalog", async () => postgresCatalog({ sql, store: memoryStore("wh"), name: uniqueName() }));

describe("postgresCatalog", () => {
  it("keeps tables in Java's JDBC catalog rows, with the previous metadata location", async () => {
    const name = uniqueName();
    const catalog = postgresCatalog({ sql, store: memoryStore("wh"), name });
    await catalog.createNamespace(["a", "b"], { owner: "x" });
    await catalog.createTable(["a", "b"], { name: "t", schema });
    const id = { namespace: ["a", "b"], name: "t" };
    const first = await catalog.loadTable(id);
    const second = await catalog.commitTable(appendCommit(id, first.metadata));
    const rows = await sql`SELECT table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type FROM iceberg_tables WHERE catalog_name = ${name}`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { table_namespace: "a.b", table_name: "t", metadata_location: second.metadataLocation, previous_metadata_location: first.metadataLocation, iceberg_type: "TABLE" },
    ]);
    const props = await sql`SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ${name} ORDER BY property_key`;
    expect(props.map((r) => [r.property_key, r.property_value])).toEqual([["exists", "true"], ["owner", "x"]]);
    expect(await codeOf(catalog.createNamespace(["a.b"]))).toBe("catalog.bad_request");
  });

  it("lets two instances with separate connection pools commit to one table without losing an append", async () => {
    const name = uniqueName();
    const store = memoryStore("wh");
    const sqlA = connect();
    const sqlB = connect();
    try {
      const a = postgresCatalog({ sql: sqlA, store, name });
      const b = postgresCatalog({ sql: sqlB, store, name });
      await a.createNamespace(["db"]);
      await b.createTable(["db"], { name: "t", schema });
      const id = { namespace: ["db"], name: "t" };

      // One round: both instances start from the same metadata; exactly one commit wins.
      const base = await a.loadTable(id);
      const round = await Promise.all([a, b, a, b, a, b, a, b].map((c) => codeOf(c.commitTable(appendCommit(id, base.metadata)))));
      expect(round.filter((r) => r === "ok")).toHaveLength(1);
      expect(round.filter((r) => r === "catalog.commit_conflict")).toHaveLength(7);

      const writers: Catalog[] = [a, b, a, b, a, b, a, b];
      const ids = writers.map(() => bigSnapshotId());
      await Promise.all(
        writers.map(async (catalog, i) => {
          for (let attempt = 0; attempt < 100; attempt++) {
            const current = await catalog.loadTable(id);
            const code = await codeOf(catalog.commitTable(appendCommit(id, current.metadata, ids[i])));
            if (code === "ok") return;
            expect(code).toBe("catalog.commit_conflict");
          }
          throw new Error("writer starved");
        }),
      );
      const m = (await b.loadTable(id)).metadata;
      expect(m.snapshots).toHaveLength(9);
      for (const sid of ids) expect(m.snapshots.some((s) => s["snapshot-id"] === sid)).toBe(true);
      expect(m["last-sequence-number"]).toBe(9);
    } finally {
      await Promise.all([sqlA.end(), sqlB.end()]);
    }
  });

  it("creates its tables once even when several processes start at the same time", async () => {
    const pools = [connect(), connect(), connect()];
    try {
      const catalogs = pools.map((p) => postgresCatalog({ sql: p, store: memoryStore("wh"), name: uniqueName() }));
      await Promise.all(catalogs.map((c) => c.listNamespaces()));
      const rows = await sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('iceberg_tables', 'iceberg_namespace_properties') AND table_schema = current_schema()`;
      expect(rows[0]!.n).toBe(2);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("fails with catalog.unreachable when the database cannot be reached", async () => {
    const dead = postgres("postgres://postgres@127.0.0.1:1/postgres", { max: 1, connect_timeout: 2 });
    try {
      const catalog = postgresCatalog({ sql: dead, store: memoryStore("wh") });
      expect(await codeOf(catalog.listNamespaces())).toBe("catalog.unreachable");
    } finally {
      await dead.end();
    }
  });
});
