/**
 * Avro object container files (Avro spec "Object Container Files"): the `Obj\x01` header with
 * key-value metadata (`avro.schema`, `avro.codec`, plus user keys such as Iceberg's `schema` and
 * `partition-spec`), then blocks of records separated by a 16-byte sync marker.
 * Codecs: `null` and `deflate` — the two every Iceberg reader accepts.
 */
import { IngestError } from "../errors.ts";
import { AvroReader, AvroWriter } from "./binary.ts";
import { deflateRaw, inflateRaw } from "./deflate.ts";
import { type AvroSchemaJson, type AvroType, resolveAvroSchema } from "./schema.ts";
import { decodeAvroValue, encodeAvroValue } from "./value-codec.ts";

export type AvroCodec = "null" | "deflate";

const magic = new Uint8Array([0x4f, 0x62, 0x6a, 0x01]);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface WriteAvroOptions {
  /** User metadata, written after `avro.schema` and `avro.codec` in this order. */
  metadata?: Record<string, string>;
  /** Default `deflate`, as the Java Iceberg writer. */
  codec?: AvroCodec;
  /** 16 bytes; random by default. Tests pass one for reproducible files. */
  syncMarker?: Uint8Array;
  /** Uncompressed bytes per block before a new one starts (Java uses 64 KB). */
  blockBytes?: number;
}

/** Writes `records` as an Avro object container file with the given writer schema. */
export async function writeAvroContainer(schema: AvroSchemaJson, records: Iterable<unknown>, options: WriteAvroOptions = {}): Promise<Uint8Array> {
  const codec = options.codec ?? "deflate";
  const type = resolveAvroSchema(schema);
  const sync = options.syncMarker ?? crypto.getRandomValues(new Uint8Array(16));
  if (sync.length !== 16) throw new IngestError("internal", `avro sync marker must be 16 bytes, got ${sync.length}`);
  const blockBytes = options.blockBytes ?? 64 * 1024;

  const out = new AvroWriter();
  out.raw(magic);
  const meta: [string, string][] = [
    ["avro.schema", typeof schema === "string" ? schema : JSON.stringify(schema)],
    ["avro.codec", codec],
    ...Object.entries(options.metadata ?? {}),
  ];
  out.long(meta.length);
  for (const [k, v] of meta) {
    out.string(k);
    out.bytes(encoder.encode(v));
  }
  out.long(0);
  out.raw(sync);

  const block = new AvroWriter();
  let count = 0;
  const flush = async () => {
    if (count === 0) return;
    const data = block.toBytes();
    const body = codec === "deflate" ? await deflateRaw(data) : data;
    out.long(count);
    out.long(body.length);
    out.raw(body);
    out.raw(sync);
    block.reset();
    count = 0;
  };
  for (const record of records) {
    encodeAvroValue(block, type, record);
    count++;
    if (block.length >= blockBytes) await flush();
  }
  await flush();
  return out.toBytes();
}

export interface AvroContainer {
  /** The writer schema as stored in the file. */
  schema: AvroSchemaJson;
  type: AvroType;
  codec: AvroCodec;
  /** Every header key except `avro.schema` and `avro.codec`, decoded as UTF-8. */
  metadata: Record<string, string>;
  records: unknown[];
}

/** Reads a whole Avro object container file. */
export async function readAvroContainer(bytes: Uint8Array, name = "avro file"): Promise<AvroContainer> {
  if (bytes.length < 4 || !magic.every((b, i) => bytes[i] === b)) {
    throw new IngestError("store.io", `${name} is not an Avro object container file (no Obj\\x01 header); check the path`, { name });
  }
  const r = new AvroReader(bytes, 4);
  const header: Record<string, string> = {};
  for (let n = r.int(); n !== 0; n = r.int()) {
    if (n < 0) {
      r.long();
      n = -n;
    }
    for (let i = 0; i < n; i++) {
      const key = r.string();
      header[key] = decoder.decode(r.bytesValue());
    }
  }
  const sync = r.fixed(16);
  const schemaText = header["avro.schema"];
  if (schemaText === undefined) throw new IngestError("store.io", `${name} has no avro.schema in its header; the file is corrupt`, { name });
  const codec = header["avro.codec"] ?? "null";
  if (codec !== "null" && codec !== "deflate") {
    throw new IngestError("store.io", `${name} uses Avro codec \`${codec}\`; only null and deflate are supported — rewrite it with one of those`, { name, codec });
  }
  const schema = JSON.parse(schemaText) as AvroSchemaJson;
  const type = resolveAvroSchema(schema);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(header)) if (k !== "avro.schema" && k !== "avro.codec") metadata[k] = v;

  const records: unknown[] = [];
  while (r.pos < bytes.length) {
    const count = r.long();
    const size = r.long();
    const raw = r.fixed(Number(size));
    const data = codec === "deflate" ? await inflateRaw(raw) : raw;
    const block = new AvroReader(data);
    for (let i = 0; i < Number(count); i++) records.push(decodeAvroValue(block, type));
    const marker = r.fixed(16);
    if (!marker.every((b, i) => b === sync[i])) {
      throw new IngestError("store.io", `${name} has a wrong sync marker after a block at offset ${r.pos - 16}; the file is corrupt or truncated`, { name });
    }
  }
  return { schema, type, codec, metadata, records };
}
