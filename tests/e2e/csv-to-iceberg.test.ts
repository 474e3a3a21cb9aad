/**
 * The main path as a user runs it: `dativo run` on a CSV job → an Iceberg table that readers we
 * did not write agree with. DuckDB parses the same CSV itself and must see exactly the rows in our
 * Parquet (and our field ids); avsc decodes our manifests; icebird reads the whole table.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { readdirSync, utimesSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { icebergRead } from "icebird";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { currentDataFiles, readAvroFile, pathOf } from "../helpers/iceberg-files.ts";
import { generateOrdersCsv } from "../../scripts/fixtures/generate-orders-csv.ts";

const ROWS = 20_000;
let ws: Workspace;
let job: string;
let db: DuckDBConnection;
let first: { code: number; summary: Record<string, unknown> };

const sql = async (q: string) => (await db.runAndReadAll(q)).getRows();

beforeAll(async () => {
  ws = createWorkspace();
  await generateOrdersCsv(ws.path("data/orders.csv"), ROWS);
  job = csvJob(ws, { files: ["data/orders.csv"] });
  const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
  if (r.code !== 0) throw new Error(`first run exited ${r.code}:\n${r.stderr}`);
  first = { code: r.code, summary: JSON.parse(r.stdout.trim().split("\n").pop()!) };
  db = await (await DuckDBInstance.create(":memory:")).connect();
});

function metadataPath(): string {
  return pathOf(first.summary.metadataLocation as string);
}

describe("dativo run on a CSV job", () => {
  it("exits 0 and reports every row written", () => {
    expect(first.code).toBe(0);
    expect(first.summary.rowsRead).toBe(ROWS);
    expect(first.summary.rowsWritten).toBe(ROWS);
    expect(first.summary.status).toBe("committed");
    expect(String(first.summary.snapshotId)).toMatch(/^\d+$/);
  });

  it("writes Parquet whose rows DuckDB finds identical to its own reading of the CSV", async () => {
    const files = await currentDataFiles(metadataPath());
    expect(files.length).toBeGreaterThan(0);
    expect(files.reduce((n, f) => n + f.records, 0)).toBe(ROWS);
    const list = files.map((f) => `'${f.path}'`).join(",");
    const csv = `read_csv('${ws.path("data/orders.csv")}', header=true, columns={'order_id':'BIGINT','customer':'VARCHAR','email':'VARCHAR','amount':'DOUBLE','placed_at':'TIMESTAMP','country':'VARCHAR','is_gift':'BOOLEAN','note':'VARCHAR'})`;
    const pq = `read_parquet([${list}], hive_partitioning = false)`;
    expect(await sql(`SELECT count(*)::INT FROM (SELECT * FROM ${csv} EXCEPT ALL SELECT * FROM ${pq})`)).toEqual([[0]]);
    expect(await sql(`SELECT count(*)::INT FROM (SELECT * FROM ${pq} EXCEPT ALL SELECT * FROM ${csv})`)).toEqual([[0]]);
  });

  it("puts the Iceberg field id on every Parquet column", async () => {
    const file = (await currentDataFiles(metadataPath()))[0]!.path;
    const rows = await sql(`SELECT name, field_id::INT FROM parquet_schema('${file}') WHERE name <> 'arrow_schema' ORDER BY field_id`);
    expect(rows).toEqual([["order_id", 1], ["customer", 2], ["email", 3], ["amount", 4], ["placed_at", 5], ["country", 6], ["is_gift", 7], ["note", 8]]);
  });

  it("writes manifests a standard Avro reader decodes, with exact file sizes and spec metadata", async () => {
    const meta = await readAvroFile(metadataPath().replace(/[^/]+$/, "") + readdirSync(metadataPath().replace(/[^/]+$/, "")).find((f) => f.endsWith("-m0.avro"))!);
    expect(meta.metadata["format-version"]).toBe("2");
    expect(meta.metadata["content"]).toBe("data");
    for (const f of await currentDataFiles(metadataPath())) {
      const df = f.entry.data_file as Record<string, unknown>;
      expect(Number(df.file_size_in_bytes)).toBe(Bun.file(f.path).size);
      expect(df.file_format).toBe("PARQUET");
    }
  });

  it("lets icebird read the whole table", async () => {
    const location = metadataPath().replace(/\/metadata\/[^/]+$/, "");
    const rows = await icebergRead({ tableUrl: pathToFileURL(location).href, metadataFileName: metadataPath().split("/").pop()! });
    expect(rows.length).toBe(ROWS);
    const ids = new Set(rows.map((r: Record<string, unknown>) => Number(r.order_id)));
    expect(ids.size).toBe(ROWS);
  });

  it("appends nothing on a second run when the file did not change", async () => {
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(s.status).toBe("nothing-new");
    expect(s.rowsWritten).toBe(0);
  });

  it("loads the file again, once, when it changed", async () => {
    await generateOrdersCsv(ws.path("data/orders.csv"), ROWS + 10, 43);
    utimesSync(ws.path("data/orders.csv"), new Date(), new Date(Date.now() + 5000));
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(s.rowsWritten).toBe(ROWS + 10);
    const files = await currentDataFiles(pathOf(s.metadataLocation));
    expect(files.reduce((n, f) => n + f.records, 0)).toBe(2 * ROWS + 10);
  });
});

