/**
 * A CSV source over a `File` the user picked: read in the page through `File.stream()`, never
 * uploaded. One stream, named after the contract's object.
 */
import type { Source } from "../runtime/source.ts";
import { csvSource, type CsvSourceOptions } from "../adapters/sources/csv-source.ts";

export function fileSource(file: File, stream: string, options?: CsvSourceOptions): Source {
  return csvSource({
    files: [{ path: file.name, object: stream }],
    options,
    open: async () => ({ stream: file.stream() as ReadableStream<Uint8Array>, size: file.size, lastModified: new Date(file.lastModified) }),
  });
}
