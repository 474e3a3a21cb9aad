import { describe, expect, it } from "bun:test";
import * as arrow from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { ParquetFileWriter, createParquetWasm } from "../../../runtime/parquet/parquet-file-writer.ts";
import { wasmParquetEncoder } from "../../../runtime/parquet/wasm-parquet-encoder.ts";
import { ColumnStats } from "../../../runtime/parquet/column-stats.ts";

const pq = createParquetWasm(readFileSync(join(import.meta.dir, "../../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm")));

function batch(n: number, offset: number): arrow.RecordBatch {
  const ids = new BigInt64Array(n);
  const amounts = new Float64Array(n);
  const validity = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) {
    ids[i] = BigInt(offset + i);
    amounts[i] = (offset + i) / 4;
    if ((offset + i) % 3 !== 0) validity[i >> 3]! |= 1 << (i & 7);
  }
  const fields = [
    new arrow.Field("id", new arrow.Int64(), false, new Map([["PARQUET:field_id", "1"]])),
    new arrow.Field("amount", new arrow.Float64(), true, new Map([["PARQUET:field_id", "2"]])),
  ];
  const nulls = Array.from({ length: n }, (_, i) => (offset + i) % 3 === 0).filter(Boolean).length;
  const children = [
    arrow.makeData({ type: new arrow.Int64(), length: n, data: ids }),
    arrow.makeData({ type: new arrow.Float64(), length: n, data: amounts, nullBitmap: validity, nullCount: nulls }),
  ];
  const schema = new arrow.Schema(fields);
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(fields), length: n, children }));
}

describe("ParquetFileWriter", () => {
  it("streams batches into one file that DuckDB reads back with field ids and exact rows", async () => {
    const store = memoryStore();
    const writer = new ParquetFileWriter(wasmParquetEncoder(pq), store, "t/data/f.parquet", { compression: "zstd", rowGroupRows: 1000, metadata: { "iceberg.schema": "{}" } });
    const stats = new ColumnStats([{ fieldId: 1, icebergType: "long" }, { fieldId: 2, icebergType: "double" }]);
    for (let b = 0; b < 5; b++) {
      const rb = batch(1000, b * 1000);
      stats.add(rb);
      await writer.write(rb);
    }
    const written = await writer.close();
    const bytes = (await store.get("t/data/f.parquet"))!;
    expect(written.size).toBe(bytes.byteLength);
    expect(written.footer.rowCount).toBe(5000);
    expect(written.footer.splitOffsets.length).toBe(5);
    expect(written.footer.splitOffsets[0]).toBe(4);
    expect(written.footer.nullCounts.get(2)).toBe(1667);
    expect(stats.stats[0]!.min).toBe(0n);
    expect(stats.stats[0]!.max).toBe(4999n);
    expect(stats.stats[1]!.nulls).toBe(1667);

    const dir = mkdtempSync(join(tmpdir(), "pq-"));
    const file = join(dir, "f.parquet");
    writeFileSync(file, bytes);
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    const ids = (await con.runAndReadAll(`SELECT name, field_id::INT FROM parquet_schema('${file}') WHERE field_id IS NOT NULL ORDER BY field_id`)).getRows();
    expect(ids).toEqual([["id", 1], ["amount", 2]]);
    const agg = (await con.runAndReadAll(`SELECT count(*)::INT, sum(id)::BIGINT, count(amount)::INT FROM '${file}'`)).getRows();
    expect(agg).toEqual([[5000, 12497500n, 3333]]);
  });
});
