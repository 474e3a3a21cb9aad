/**
 * DataFileSink's choice of encodings, as DuckDB reads them from the Parquet footer: a column whose
 * first batch has more than one distinct value in eight is written without a dictionary, a
 * repetitive one with it, and all read back exactly.
 */
import { describe, expect, it } from "bun:test";
import * as arrow from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { DataFileSink } from "../../../runtime/job/data-file-sink.ts";
import { createParquetWasm } from "../../../runtime/parquet/parquet-file-writer.ts";

const pq = createParquetWasm(readFileSync(join(import.meta.dir, "../../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm")));
const modes = ["AIR", "MAIL", "SHIP", "TRUCK"];

function batch(n: number, offset: number): arrow.RecordBatch {
  const field = (name: string, type: arrow.DataType, id: number) => new arrow.Field(name, type, false, new Map([["PARQUET:field_id", String(id)]]));
  const fields = [
    field("id", new arrow.Int64(), 1), field("mode", new arrow.Utf8(), 2), field("code", new arrow.Utf8(), 3),
    field("order", new arrow.Int64(), 4), field("qty", new arrow.Int32(), 5),
  ];
  const rows = Array.from({ length: n }, (_, i) => offset + i);
  const children = [
    arrow.vectorFromArray(rows.map((r) => BigInt(r)), new arrow.Int64()).data[0]!,
    arrow.vectorFromArray(rows.map((r) => modes[r % 4]!), new arrow.Utf8()).data[0]!,
    arrow.vectorFromArray(rows.map((r) => `c-${r * 7919}`), new arrow.Utf8()).data[0]!,
    // A quarter distinct (an order key of four lines), and one in twenty (a quantity).
    arrow.vectorFromArray(rows.map((r) => BigInt(Math.floor(r / 4))), new arrow.Int64()).data[0]!,
    arrow.vectorFromArray(rows.map((r) => (r * 7) % 250), new arrow.Int32()).data[0]!,
  ];
  return new arrow.RecordBatch(new arrow.Schema(fields), arrow.makeData({ type: new arrow.Struct(fields), length: n, children }));
}

describe("DataFileSink", () => {
  it("writes columns over one distinct value in eight without a dictionary and repetitive ones with it", async () => {
    const store = memoryStore();
    const sink = new DataFileSink({
      store,
      dataKeyPrefix: "t/data",
      dataUriPrefix: "mem://t/data",
      runId: "run",
      columns: [
        { fieldId: 1, icebergType: "long" }, { fieldId: 2, icebergType: "string" }, { fieldId: 3, icebergType: "string" },
        { fieldId: 4, icebergType: "long" }, { fieldId: 5, icebergType: "int" },
      ],
      targetFileBytes: 64 << 20,
      compression: "zstd",
      footerMetadata: {},
      parquet: pq,
    });
    for (let b = 0; b < 4; b++) await sink.write({ path: "", values: {}, batch: batch(5000, b * 5000) });
    const [file] = await sink.finish();
    expect(file!["record-count"]).toBe(20000);
    const key = file!["file-path"].slice("mem://".length);
    const dir = mkdtempSync(join(tmpdir(), "sink-"));
    const path = join(dir, "f.parquet");
    writeFileSync(path, (await store.get(key))!);
    const con = await (await DuckDBInstance.create(":memory:")).connect();
    const rows = (await con.runAndReadAll(`SELECT path_in_schema, list_sort(list_distinct(list(e))) FROM (SELECT path_in_schema, unnest(string_split(encodings, ', ')) AS e FROM parquet_metadata('${path}')) GROUP BY 1 ORDER BY 1`)).getRows();
    const encodings = Object.fromEntries(rows.map(([name, list]) => [name, String(list)]));
    expect(encodings.id).not.toContain("DICTIONARY");
    expect(encodings.code).not.toContain("DICTIONARY");
    expect(encodings.order).not.toContain("DICTIONARY");
    expect(encodings.mode).toContain("DICTIONARY");
    expect(encodings.qty).toContain("DICTIONARY");
    const check = (await con.runAndReadAll(`SELECT count(*)::INT, sum(id)::BIGINT, count(DISTINCT mode)::INT, count(DISTINCT code)::INT, min(code), sum("order")::BIGINT, count(DISTINCT qty)::INT FROM '${path}'`)).getRows();
    expect(check).toEqual([[20000, 199990000n, 4, 20000, "c-0", 49990000n, 250]]);
  });
});
