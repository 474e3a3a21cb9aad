import { describe, expect, it } from "bun:test";
import { csvSource, type CsvCursor, type OpenedFile } from "../../../adapters/sources/csv-source.ts";
import { isIngestError } from "../../../runtime/errors.ts";
import type { ReadOptions, SourceBatch } from "../../../runtime/source.ts";

interface MemFile {
  text: string;
  lastModified: Date;
}

/** A file system in memory that hands out files in small chunks and records what it served. */
function memoryFiles(files: Record<string, MemFile>, chunkSize = 7) {
  const log = { opened: [] as string[], chunksServed: 0, cancelled: [] as string[] };
  const open = async (path: string): Promise<OpenedFile | null> => {
    const file = files[path];
    if (!file) return null;
    log.opened.push(path);
    const bytes = new TextEncoder().encode(file.text);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(at, at + chunkSize));
          log.chunksServed++;
          at += chunkSize;
        },
        cancel() {
          log.cancelled.push(path);
        },
      },
      { highWaterMark: 0 },
    );
    return { stream, size: bytes.length, lastModified: file.lastModified };
  };
  return { open, log };
}

async function collect(iterable: AsyncIterable<SourceBatch>): Promise<SourceBatch[]> {
  const out: SourceBatch[] = [];
  for await (const b of iterable) out.push(b);
  return out;
}

const t1 = new Date("2024-06-01T09:30:12.504Z");
const t2 = new Date("2024-06-02T10:00:00.000Z");

describe("csvSource", () => {
  const files = {
    "data/a.csv": { text: "id,name\n1,x\n2,y\n3,z\n", lastModified: t1 },
    "data/b.csv": { text: 'id,name\n4,"multi\nline"\n', lastModified: t1 },
    "data/c.csv": { text: "id\n9\n", lastModified: t1 },
  };

  it("lists one stream per object", async () => {
    const { open } = memoryFiles(files);
    const source = csvSource({ files: [{ path: "data/a.csv" }, { path: "data/b.csv" }, { path: "data/c.csv", object: "other" }], open });
    expect(await source.streams()).toEqual([{ name: "default" }, { name: "other" }]);
  });

  it("emits batches with origin, first row and lines, and the cursor on the last batch of each file", async () => {
    const { open } = memoryFiles(files);
    const source = csvSource({ files: [{ path: "data/a.csv" }, { path: "data/b.csv", id: "b" }], open, options: { batchSize: 2 } });
    const batches = await collect(source.read("default"));
    expect(batches.map((b) => [b.origin, b.firstRow, b.numRows, Array.from(b.lines ?? []), b.columns.name])).toEqual([
      ["data/a.csv", 0, 2, [2, 3], ["x", "y"]],
      ["data/a.csv", 2, 1, [4], ["z"]],
      ["data/b.csv", 0, 1, [2], ["multi\nline"]],
    ]);
    expect(batches.map((b) => b.cursor)).toEqual([
      undefined,
      { files: { "data/a.csv": { lastModified: t1.toISOString(), size: 20 } } },
      { files: { "data/a.csv": { lastModified: t1.toISOString(), size: 20 }, b: { lastModified: t1.toISOString(), size: 23 } } },
    ]);
  });

  it("skips files whose modification time and size are unchanged, and reads changed ones", async () => {
    const { open, log } = memoryFiles({ ...files, "data/b.csv": { ...files["data/b.csv"], lastModified: t2 } });
    const source = csvSource({ files: [{ path: "data/a.csv" }, { path: "data/b.csv", id: "b" }], open });
    const cursor: CsvCursor = {
      files: {
        "data/a.csv": { lastModified: t1.toISOString(), size: 20 },
        b: { lastModified: t1.toISOString(), size: 23 },
      },
    };
    const batches = await collect(source.read("default", { cursor }));
    expect(batches.map((b) => b.origin)).toEqual(["data/b.csv"]);
    expect(batches[0].cursor).toEqual({ files: { "data/a.csv": cursor.files["data/a.csv"], b: { lastModified: t2.toISOString(), size: 23 } } });
    expect(log.cancelled).toEqual(["data/a.csv"]);
  });

  it("still reports the cursor for a file with a header and no rows", async () => {
    const { open } = memoryFiles({ "e.csv": { text: "id,name\n", lastModified: t1 } });
    const batches = await collect(csvSource({ files: [{ path: "e.csv" }], open }).read("default"));
    expect(batches).toMatchObject([{ numRows: 0, origin: "e.csv", cursor: { files: { "e.csv": { size: 8 } } } }]);
  });

  it("reads a large file with bounded memory, a chunk at a time", async () => {
    const rows = 20000;
    const text = "id,v\n" + Array.from({ length: rows }, (_, i) => `${i},${"x".repeat(20)}\n`).join("");
    const { open, log } = memoryFiles({ "big.csv": { text, lastModified: t1 } }, 4096);
    const source = csvSource({ files: [{ path: "big.csv" }], open, options: { batchSize: 1000 } });
    const totalChunks = Math.ceil(text.length / 4096);
    let seen = 0;
    let maxChunksAhead = 0;
    for await (const b of source.read("default")) {
      seen += b.numRows;
      // Chunks pulled beyond the rows handed out so far: one held-back batch (≈7 chunks) plus the
      // chunk in progress. Reading the whole file first would show all of them ahead.
      const bytesNeeded = text.indexOf("\n", 0) + 1 + Array.from({ length: seen }, (_, i) => `${i}`.length + 22).reduce((a, x) => a + x, 0);
      maxChunksAhead = Math.max(maxChunksAhead, log.chunksServed - Math.floor(bytesNeeded / 4096));
    }
    expect(seen).toBe(rows);
    expect(totalChunks).toBeGreaterThan(100);
    expect(maxChunksAhead).toBeLessThanOrEqual(10);
  });

  it("passes malformed-row findings along with the batch", async () => {
    const { open } = memoryFiles({ "m.csv": { text: "a,b\n1,2\n3\n4,5\n", lastModified: t1 } });
    const [batch] = await collect(csvSource({ files: [{ path: "m.csv" }], open }).read("default"));
    expect(batch.numRows).toBe(2);
    expect(batch.issues).toMatchObject([{ kind: "malformed_row", line: 3, origin: "m.csv" }]);
  });

  it("takes the batch size from the read options", async () => {
    const { open } = memoryFiles(files);
    const options: ReadOptions = { batchSize: 1 };
    const batches = await collect(csvSource({ files: [{ path: "data/a.csv" }], open }).read("default", options));
    expect(batches.map((b) => b.numRows)).toEqual([1, 1, 1]);
  });

  it("fails with source.not_found naming the path and the fix", async () => {
    const { open } = memoryFiles(files);
    const enoent = async (path: string): Promise<OpenedFile | null> => {
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
    };
    for (const opener of [open, enoent]) {
      let error: unknown;
      try {
        await collect(csvSource({ files: [{ path: "data/missing.csv" }], open: opener }).read("default"));
      } catch (e) {
        error = e;
      }
      expect(isIngestError(error, "source.not_found")).toBe(true);
      expect((error as Error).message).toContain("`data/missing.csv` does not exist; fix source.files[].path");
    }
  });

  it("fails on an unknown stream and stops when aborted", async () => {
    const { open, log } = memoryFiles(files);
    const source = csvSource({ files: [{ path: "data/a.csv" }], open });
    expect(() => source.read("nope")).toThrow(/no stream `nope`/);
    const controller = new AbortController();
    controller.abort();
    let error: unknown;
    try {
      await collect(source.read("default", { signal: controller.signal }));
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "cancelled")).toBe(true);
    expect(log.opened).toEqual([]);
  });

  it("releases the file when strict mode stops at a malformed row", async () => {
    const { open, log } = memoryFiles({ "s.csv": { text: "a,b\n1\n" + "2,3\n".repeat(50), lastModified: t1 } });
    const source = csvSource({ files: [{ path: "s.csv" }], open, options: { strict: true } });
    await expect(collect(source.read("default"))).rejects.toThrow(/s.csv: line 2 is malformed/);
    expect(log.cancelled).toEqual(["s.csv"]);
  });
});
