import { afterEach, describe, expect, it } from "bun:test";
import * as arrow from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import { workerParquetEncoder, type WorkerParquetEncoder } from "../../../adapters/bun/parquet-worker-encoder.ts";
import { ParquetFileWriter, createParquetWasm } from "../../../runtime/parquet/parquet-file-writer.ts";
import { wasmParquetEncoder } from "../../../runtime/parquet/wasm-parquet-encoder.ts";
import { IngestError } from "../../../runtime/errors.ts";

const pq = createParquetWasm(readFileSync(join(import.meta.dir, "../../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm")));

function batch(n: number, offset: number): arrow.RecordBatch {
  const ids = new BigInt64Array(n);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    ids[i] = BigInt(offset + i);
    names.push(`customer-${(offset + i) % 997}`);
  }
  const fields = [
    new arrow.Field("id", new arrow.Int64(), false, new Map([["PARQUET:field_id", "1"]])),
    new arrow.Field("name", new arrow.Utf8(), false, new Map([["PARQUET:field_id", "2"]])),
  ];
  const children = [arrow.makeData({ type: new arrow.Int64(), length: n, data: ids }), arrow.vectorFromArray(names, new arrow.Utf8()).data[0]!];
  return new arrow.RecordBatch(new arrow.Schema(fields), arrow.makeData({ type: new arrow.Struct(fields), length: n, children }));
}

const options = { compression: "zstd" as const, rowGroupRows: 4096, metadata: { "iceberg.schema": "{}" } };

async function writeFile(encoder: WorkerParquetEncoder | ReturnType<typeof wasmParquetEncoder>, key: string, batches: number) {
  const store = memoryStore();
  const writer = new ParquetFileWriter(encoder, store, key, options);
  for (let b = 0; b < batches; b++) await writer.write(batch(3000, b * 3000));
  const written = await writer.close();
  return { written, bytes: (await store.get(key))! };
}

let encoder: WorkerParquetEncoder | undefined;
afterEach(() => encoder?.terminate());

describe("workerParquetEncoder", () => {
  it("writes on a worker thread the same bytes, size and footer metrics as the in-thread encoder", async () => {
    encoder = workerParquetEncoder();
    const [viaWorker, inThread] = await Promise.all([writeFile(encoder, "w.parquet", 10), writeFile(wasmParquetEncoder(pq), "t.parquet", 10)]);
    expect(viaWorker.written.size).toBe(viaWorker.bytes.byteLength);
    expect(viaWorker.bytes).toEqual(inThread.bytes);
    expect(viaWorker.written.footer).toEqual(inThread.written.footer);
    expect(viaWorker.written.footer.rowCount).toBe(30_000);
    expect(viaWorker.written.footer.splitOffsets.length).toBe(8);

    const dir = mkdtempSync(join(tmpdir(), "pq-worker-"));
    const file = join(dir, "w.parquet");
    writeFileSync(file, viaWorker.bytes);
    const con = await (await DuckDBInstance.create(":memory:")).connect();
    const agg = (await con.runAndReadAll(`SELECT count(*)::INT, sum(id)::BIGINT, count(DISTINCT name)::INT FROM '${file}'`)).getRows();
    expect(agg).toEqual([[30_000, 449_985_000n, 997]]);
  });

  it("encodes several files at once on one worker", async () => {
    encoder = workerParquetEncoder();
    const files = await Promise.all([1, 2, 3].map((n) => writeFile(encoder!, `f${n}.parquet`, n * 2)));
    expect(files.map((f) => f.written.footer.rowCount)).toEqual([6000, 12_000, 18_000]);
    for (const f of files) expect(f.written.size).toBe(f.bytes.byteLength);
  });

  it("surfaces a failure on the worker as an IngestError on the writer", async () => {
    encoder = workerParquetEncoder();
    const encoding = encoder.open(options);
    await encoding.write(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 1);
    const error = await encoding.close().catch((e) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("internal");
    expect((error as IngestError).message).toContain("worker thread");
    await expect(encoding.output.getReader().read()).rejects.toBeInstanceOf(IngestError);
  });

  it("fails the open files when the worker is stopped, and refuses new ones", async () => {
    encoder = workerParquetEncoder();
    const store = memoryStore();
    const writer = new ParquetFileWriter(encoder, store, "x.parquet", options);
    await writer.write(batch(1000, 0));
    encoder.terminate();
    const error = await writer.close().catch((e) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe("cancelled");
    const later = new ParquetFileWriter(encoder, store, "y.parquet", options);
    expect(await later.write(batch(10, 0)).catch((e) => e)).toBeInstanceOf(IngestError);
  });

  it("aborts a file without writing it and keeps serving the next", async () => {
    encoder = workerParquetEncoder();
    const store = memoryStore();
    const writer = new ParquetFileWriter(encoder, store, "a.parquet", options);
    await writer.write(batch(5000, 0));
    await writer.abort(new Error("run failed"));
    const next = await writeFile(encoder, "b.parquet", 2);
    expect(next.written.footer.rowCount).toBe(6000);
  });
});
