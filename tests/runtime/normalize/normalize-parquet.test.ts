/**
 * End to end: CSV bytes → csvSource → normalize → Arrow table → parquet-wasm → DuckDB, which
 * reads the exact rows back and sees an Iceberg field id on every column.
 */
import { afterAll, describe, expect, it } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import * as arrow from "apache-arrow";
import { Table as WasmTable, writeParquet } from "parquet-wasm";
import { csvSource } from "../../../adapters/sources/csv-source.ts";
import type { Contract } from "../../../runtime/contract.ts";
import { createNormalizer } from "../../../runtime/normalize/index.ts";
import type { Issue } from "../../../runtime/rule.ts";

const csv = [
  "id,name,email,amount,ts,tstz,day,active,score,qty,tags,uid,note",
  '1,"Zoë, the ""first""",zoe@example.com,12.50,2024-01-02T03:04:05,2024-01-02T05:04:05+02:00,2024-02-29,yes,1.5,7,"[""a"",""b""]",123e4567-e89b-12d3-a456-426614174000,x',
  '2,"multi\nline 日本",bob@example.com,-0.01,2024-01-02 03:04:05.123456,2024-01-02T03:04:05Z,1969-12-31,off,-2e3,-2147483648,[],,y',
  "3,NULL,carol@example.com,abc,2024-01-02,2024-01-02,2024-01-01,true,,0,,,z",
  "4,dave,,1,2024-01-02,2024-01-02,2024-01-01,true,1,1,,,w",
  "5,short,row",
  "6,,erin@example.com,99999999.99,9999-12-31T23:59:59.999999,1900-01-01T00:00:00Z,0001-01-01,0,nan,2147483647,[null],,v",
].join("\r\n");

const contract: Contract = {
  name: "people",
  version: "1.0.0",
  columns: [
    { name: "id", type: { kind: "long" }, required: true },
    { name: "name", type: { kind: "string" }, required: false },
    { name: "email", type: { kind: "string" }, required: true },
    { name: "amount", type: { kind: "decimal", precision: 10, scale: 2 }, required: false },
    { name: "ts", type: { kind: "timestamp" }, required: false },
    { name: "tstz", type: { kind: "timestamptz" }, required: false },
    { name: "day", type: { kind: "date" }, required: false },
    { name: "active", type: { kind: "boolean" }, required: false },
    { name: "score", type: { kind: "double" }, required: false },
    { name: "qty", type: { kind: "int" }, required: false },
    { name: "tags", type: { kind: "list", element: { kind: "string" } }, required: false },
    { name: "uid", type: { kind: "uuid" }, required: false },
  ],
  quality: [],
  tags: [],
  properties: {},
};
const fieldIds = new Map<string, number>([...contract.columns.map((c, i) => [c.name, i + 1] as [string, number]), ["tags.element", 13]]);

const dir = await mkdtemp(join(tmpdir(), "dativo-normalize-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("csv → normalize → parquet", () => {
  it("writes Parquet that DuckDB reads back row for row, with field ids", async () => {
    const bytes = new TextEncoder().encode(csv);
    const open = async () => {
      let at = 0;
      // 5-byte chunks: cuts fall inside quotes, CRLFs and multi-byte characters.
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (at >= bytes.length) return c.close();
          c.enqueue(bytes.slice(at, (at += 5)));
        },
      });
      return { stream, size: bytes.length, lastModified: new Date(0) };
    };
    const source = csvSource({ files: [{ path: "people.csv" }], open, options: { batchSize: 2 } });
    const normalize = createNormalizer(contract, "warn", fieldIds);
    const batches: arrow.RecordBatch[] = [];
    const issues: Issue[] = [];
    let rejected = 0;
    for await (const b of source.read("default")) {
      const r = normalize(b);
      batches.push(r.batch);
      issues.push(...r.issues);
      rejected += r.rejectedRows;
    }
    expect(issues.map((i) => [i.kind, i.column, i.line])).toEqual([
      ["unknown_column", "note", undefined],
      ["missing_required", "email", 6],
      ["type_mismatch", "amount", 5],
      ["malformed_row", undefined, 7],
    ]);
    expect(rejected).toBe(2);

    const table = new arrow.Table(batches);
    const file = join(dir, "people.parquet");
    await writeFile(file, writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, "stream"))));

    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const rows = (
      await conn.runAndReadAll(`
        SELECT id, name, email, amount::VARCHAR AS amount, epoch_us(ts) AS ts, epoch_us(tstz) AS tstz,
               typeof(ts) AS ts_type, typeof(tstz) AS tstz_type, day::VARCHAR AS day, active, score, qty, tags,
               hex(uid) AS uid
        FROM read_parquet('${file}') ORDER BY id`)
    ).getRowObjectsJS();
    const base = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1000n;
    const common = { ts_type: "TIMESTAMP", tstz_type: "TIMESTAMP WITH TIME ZONE" };
    expect(rows).toEqual([
      { ...common, id: 1n, name: 'Zoë, the "first"', email: "zoe@example.com", amount: "12.50", ts: base, tstz: base, day: "2024-02-29", active: true, score: 1.5, qty: 7, tags: ["a", "b"], uid: "123E4567E89B12D3A456426614174000" },
      { ...common, id: 2n, name: "multi\nline 日本", email: "bob@example.com", amount: "-0.01", ts: base + 123456n, tstz: base, day: "1969-12-31", active: false, score: -2000, qty: -2147483648, tags: [], uid: null },
      { ...common, id: 6n, name: null, email: "erin@example.com", amount: "99999999.99", ts: 253402300799999999n, tstz: -2208988800000000n, day: "0001-01-01", active: false, score: NaN, qty: 2147483647, tags: [null], uid: null },
    ]);

    const schema = (await conn.runAndReadAll(`SELECT name, field_id, repetition_type FROM parquet_schema('${file}') WHERE name <> 'list' AND num_children IS DISTINCT FROM ${contract.columns.length}`)).getRowObjectsJS();
    expect(schema).toEqual([
      ...contract.columns.slice(0, 10).map((c, i) => ({ name: c.name, field_id: BigInt(i + 1), repetition_type: c.required ? "REQUIRED" : "OPTIONAL" })),
      { name: "tags", field_id: 11n, repetition_type: "OPTIONAL" },
      { name: "element", field_id: 13n, repetition_type: "OPTIONAL" },
      { name: "uid", field_id: 12n, repetition_type: "OPTIONAL" },
    ]);
    conn.closeSync();
  });
});
