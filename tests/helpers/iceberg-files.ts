/**
 * Reads an Iceberg table's file lists with avsc, a standard Avro reader we did not write, so the
 * tests check our manifests independently of our own Avro codec.
 */
import avro from "avsc";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export async function readAvroFile(path: string): Promise<{ records: Record<string, unknown>[]; metadata: Record<string, string> }> {
  const buf = readFileSync(path);
  const records: Record<string, unknown>[] = [];
  let metadata: Record<string, string> = {};
  const decoder = new avro.streams.BlockDecoder({ parseHook: (schema: unknown) => avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false }) });
  decoder.on("metadata", (_type: unknown, _codec: unknown, header: { meta: Record<string, Buffer> }) => {
    metadata = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString()]));
  });
  decoder.on("data", (r: Record<string, unknown>) => records.push(r));
  await new Promise<void>((resolve, reject) => {
    decoder.on("end", () => resolve());
    decoder.on("error", reject);
    decoder.end(buf);
    decoder.resume();
  });
  return { records, metadata };
}

export const pathOf = (uri: string) => (uri.startsWith("file://") ? fileURLToPath(uri) : uri);

/** The data files of a table's current snapshot, from its metadata JSON, via avsc. */
export async function currentDataFiles(metadataPath: string): Promise<{ path: string; records: number; entry: Record<string, unknown> }[]> {
  const meta = JSON.parse(readFileSync(metadataPath, "utf8").replace(/("snapshot-id"|"current-snapshot-id"|"parent-snapshot-id"):\s*(-?\d+)/g, '$1:"$2"'));
  const current = meta["current-snapshot-id"];
  if (current === undefined || current === null || current === "-1") return [];
  const snap = meta.snapshots.find((s: Record<string, unknown>) => s["snapshot-id"] === current);
  const list = (await readAvroFile(pathOf(snap["manifest-list"]))).records;
  const out: { path: string; records: number; entry: Record<string, unknown> }[] = [];
  for (const m of list) {
    for (const e of (await readAvroFile(pathOf(m.manifest_path as string))).records) {
      if (e.status === 2) continue;
      const df = e.data_file as Record<string, unknown>;
      out.push({ path: pathOf(df.file_path as string), records: Number(df.record_count), entry: e });
    }
  }
  return out;
}
