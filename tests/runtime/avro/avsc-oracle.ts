/**
 * avsc, a standard Avro implementation we did not write, as an independent reader and writer
 * for our files. Its `long` is replaced by a bigint-backed one so that 63-bit ids compare exactly.
 */
import avro from "avsc";
import { Buffer } from "node:buffer";

const bigLong = (avro.types.LongType as any).__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: unknown) => BigInt(n as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === "bigint" || (typeof n === "number" && Number.isInteger(n)),
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

export function avscType(schema: unknown): any {
  return avro.Type.forSchema(schema as any, { registry: { long: bigLong } } as any);
}

/** Buffers become Uint8Arrays, safe bigints become numbers: the value shapes our decoder returns. */
export function normalize(value: unknown): unknown {
  if (typeof value === "bigint") return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
    return out;
  }
  return value;
}

/** Our value shapes in avsc's: Uint8Array → Buffer. */
export function toAvsc(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(toAvsc);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toAvsc(v);
    return out;
  }
  return value;
}

export function avscReadContainer(bytes: Uint8Array): Promise<{ metadata: Record<string, string>; records: unknown[] }> {
  return new Promise((resolve, reject) => {
    const records: unknown[] = [];
    let metadata: Record<string, string> = {};
    const decoder = new (avro.streams as any).BlockDecoder({ parseHook: (schema: unknown) => avscType(schema) });
    decoder.on("metadata", (_type: unknown, _codec: string, header: { meta: Record<string, Buffer> }) => {
      metadata = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString("utf8")]));
    });
    decoder.on("data", (r: unknown) => records.push(normalize(r)));
    decoder.on("error", reject);
    decoder.on("end", () => resolve({ metadata, records }));
    decoder.end(Buffer.from(bytes));
  });
}

export function avscWriteContainer(schema: unknown, records: unknown[], codec: "null" | "deflate", metadata: Record<string, string> = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const encoder = new (avro.streams as any).BlockEncoder(avscType(schema), {
      codec,
      blockSize: 64,
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v)])),
    });
    encoder.on("data", (c: Buffer) => chunks.push(c));
    encoder.on("error", reject);
    encoder.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    for (const r of records) encoder.write(toAvsc(r));
    encoder.end();
  });
}
