/**
 * CSV source: files → streams (one per `object`) → batches of text cells.
 *
 * Files are read as byte streams through `open`, so memory stays bounded by one chunk plus one
 * batch whatever the file size. Incremental reads follow the `file_modified_time` strategy
 * (config-format.md §3.4, §10) with the §12 fixes: the cursor is not written while reading, it
 * travels on the last batch of each file so the core commits it together with that file's data,
 * and a file counts as unchanged only when both its modification time and its size match.
 */
import { createCsvTokenizer, type CsvBatch, type CsvTokenizerOptions } from "../../runtime/csv/csv-tokenizer.ts";
import { createKernelCsvTokenizer, kernelCsvApplies, type KernelCsvBatch } from "../../runtime/csv/kernel-csv-tokenizer.ts";
import type { Kernels } from "../../wasm/index.ts";
import { IngestError, isIngestError } from "../../runtime/errors.ts";
import type { Cursor, ReadOptions, Source, SourceBatch, StreamInfo } from "../../runtime/source.ts";

export interface CsvFile {
  path: string;
  /** State key; default the path (config-format.md §3.2). */
  id?: string;
  /** Stream the file belongs to; default `default` (config-format.md §10). */
  object?: string;
}

export interface OpenedFile {
  stream: ReadableStream<Uint8Array>;
  size: number;
  lastModified: Date;
}

/** Tokenizer options; `origin` is set per file. */
export type CsvSourceOptions = Omit<CsvTokenizerOptions, "origin">;

export interface CsvSourceConfig {
  files: CsvFile[];
  /**
   * Opens a file for reading. A missing file may be signalled by returning null, by throwing an
   * IngestError `source.not_found`, or by an error whose `code` is `ENOENT` / name is `NotFound`.
   */
  open(path: string): Promise<OpenedFile | null>;
  options?: CsvSourceOptions;
  /**
   * Tokenize and parse with these kernels (UTF-8 files with a one-byte delimiter and quote):
   * batches then hold column cells (runtime/normalize/column-cells.ts) instead of strings.
   */
  kernels?: Kernels;
  /** With `kernels`: each column's contract type as `cellKindOf` gives it (`long`, `decimal(10,2)` …), to parse those. */
  types?: Record<string, string>;
}

/** What the cursor remembers of a file that has been read completely. */
export interface CsvFileState {
  /** ISO-8601 UTC. */
  lastModified: string;
  size: number;
}

export interface CsvCursor extends Cursor {
  files: Record<string, CsvFileState>;
}

export function csvSource(config: CsvSourceConfig): Source {
  const objects = new Map<string, CsvFile[]>();
  for (const file of config.files) {
    const object = file.object ?? "default";
    const list = objects.get(object) ?? [];
    list.push(file);
    objects.set(object, list);
  }
  return {
    type: "csv",
    async streams(): Promise<StreamInfo[]> {
      return [...objects.keys()].map((name) => ({ name }));
    },
    read(stream: string, options: ReadOptions = {}): AsyncIterable<SourceBatch> {
      const files = objects.get(stream);
      if (!files) {
        throw new IngestError(
          "source.not_found",
          `csv source has no stream \`${stream}\`; streams are ${[...objects.keys()].map((s) => `\`${s}\``).join(", ")} (set files[].object)`,
          { stream },
        );
      }
      return readFiles(config, files, options);
    },
  };
}

async function* readFiles(config: CsvSourceConfig, files: CsvFile[], options: ReadOptions): AsyncGenerator<SourceBatch> {
  const state: Record<string, CsvFileState> = { ...filesOf(options.cursor) };
  for (const file of files) {
    const id = file.id ?? file.path;
    throwIfAborted(options.signal, file.path);
    const opened = await openFile(config, file.path);
    const now: CsvFileState = { lastModified: opened.lastModified.toISOString(), size: opened.size };
    const before = state[id];
    if (before && before.lastModified === now.lastModified && before.size === now.size) {
      await opened.stream.cancel().catch(() => undefined);
      continue;
    }
    const tokenizerOptions = { ...config.options, batchSize: options.batchSize ?? config.options?.batchSize, origin: file.path };
    const tokenizer =
      config.kernels && kernelCsvApplies(tokenizerOptions)
        ? createKernelCsvTokenizer({ ...tokenizerOptions, kernels: config.kernels, types: config.types })
        : createCsvTokenizer(tokenizerOptions);
    // One batch is held back so the file's cursor can ride on its last batch.
    let held: SourceBatch | undefined;
    const reader = opened.stream.getReader();
    let finished = false;
    try {
      while (!finished) {
        throwIfAborted(options.signal, file.path);
        const { done, value } = await reader.read();
        finished = done;
        for (const b of done ? tokenizer.end() : tokenizer.push(value)) {
          if (held) yield held;
          held = toSourceBatch(b, file.path);
        }
      }
    } finally {
      // Stopped early (abort, a malformed row in strict mode, the consumer left): let go of the file.
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
    state[id] = now;
    const last = held ?? { numRows: 0, columns: {}, origin: file.path, firstRow: 0 };
    last.cursor = { files: { ...state } } satisfies CsvCursor;
    yield last;
  }
}

function toSourceBatch(b: CsvBatch | KernelCsvBatch, origin: string): SourceBatch {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (let c = 0; c < b.names.length; c++) columns[b.names[c]] = b.columns[c];
  const batch: SourceBatch = { numRows: b.numRows, columns, origin, firstRow: b.firstRow, lines: b.lines };
  if (b.issues.length > 0) batch.issues = b.issues;
  return batch;
}

function filesOf(cursor: Cursor | undefined): Record<string, CsvFileState> {
  const files = cursor?.files;
  return files && typeof files === "object" ? (files as Record<string, CsvFileState>) : {};
}

async function openFile(config: CsvSourceConfig, path: string): Promise<OpenedFile> {
  let opened: OpenedFile | null;
  try {
    opened = await config.open(path);
  } catch (e) {
    if (isIngestError(e)) throw e;
    if (!isNotFound(e)) {
      throw new IngestError("source.unreachable", `csv file \`${path}\` could not be opened: ${String(e)}; check that it is readable`, { path }, { cause: e });
    }
    opened = null;
  }
  if (!opened) {
    throw new IngestError(
      "source.not_found",
      `csv file \`${path}\` does not exist; fix source.files[].path (relative paths resolve against the working directory) or create the file`,
      { path },
    );
  }
  return opened;
}

function isNotFound(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const { code, name } = e as { code?: unknown; name?: unknown };
  return code === "ENOENT" || name === "NotFound";
}

function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new IngestError("cancelled", `reading csv file \`${path}\` was cancelled`, { path });
}
