/**
 * The in-thread ParquetEncoder: parquet-wasm's `transformParquetStream` encodes row group by row
 * group as batches arrive, so a file of any size never sits whole in memory. The default on
 * every platform; the Bun root runs this same encoder on a worker thread.
 */
import { initParquetWasm } from "./parquet-wasm-init.ts";
import type { ParquetEncoder, ParquetEncoding, ParquetFileOptions } from "./parquet-encoder.ts";

type ParquetWasm = ReturnType<typeof initParquetWasm>;

export function wasmParquetEncoder(pq: ParquetWasm): ParquetEncoder {
  return { open: (options) => openEncoding(pq, options) };
}

function openEncoding(pq: ParquetWasm, options: ParquetFileOptions): ParquetEncoding {
  const props = writerProperties(pq, options);
  const pipe = new TransformStream<unknown, unknown>(undefined, { highWaterMark: 2 });
  const input = pipe.writable.getWriter();
  const out = new TransformStream<Uint8Array, Uint8Array>();
  const done = (async () => {
    const encoded = (await pq.transformParquetStream(pipe.readable, props)) as ReadableStream<Uint8Array>;
    await encoded.pipeTo(out.writable);
  })();
  // The failure reaches the caller through `output` and the next `write`.
  done.catch((e) => out.writable.abort(e).catch(() => {}));
  return {
    output: out.readable,
    async write(ipc) {
      // arrow-js and parquet-wasm live in different memories: Arrow IPC is the bridge.
      const table = pq.Table.fromIPCStream(ipc);
      const batches = table.recordBatches();
      // WASM-side objects are not garbage collected: free the table once its batches are taken,
      // or every batch of the file stays in WASM memory until the file closes.
      table.free();
      for (const rb of batches) {
        await Promise.race([input.ready, done]);
        await input.write(rb);
      }
    },
    async close() {
      await input.close();
      await done;
    },
    async abort(reason) {
      await input.abort(reason).catch(() => {});
      await done.catch(() => {});
    },
  };
}

function writerProperties(pq: ParquetWasm, options: ParquetFileOptions) {
  const codec = {
    zstd: pq.Compression.ZSTD,
    snappy: pq.Compression.SNAPPY,
    gzip: pq.Compression.GZIP,
    none: pq.Compression.UNCOMPRESSED,
  }[options.compression];
  let builder = new pq.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(options.rowGroupRows ?? 256 * 1024)
    .setCreatedBy("dativo");
  for (const name of options.plainColumns ?? []) builder = builder.setColumnDictionaryEnabled(name, false);
  if (options.metadata) builder = builder.setKeyValueMetadata(new Map(Object.entries(options.metadata)));
  return builder.build();
}
