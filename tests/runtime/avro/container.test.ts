import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { readAvroContainer, writeAvroContainer } from "../../../runtime/avro/container.ts";
import { goldenFiles, goldenName } from "../iceberg/golden.ts";
import { avscReadContainer, avscWriteContainer } from "./avsc-oracle.ts";

const everyType = {
  type: "record",
  name: "everything",
  namespace: "test.ns",
  fields: [
    { name: "n", type: "null" },
    { name: "b", type: "boolean" },
    { name: "i", type: "int", "field-id": 1 },
    { name: "l", type: "long" },
    { name: "f", type: "float" },
    { name: "d", type: "double" },
    { name: "by", type: "bytes" },
    { name: "s", type: "string" },
    { name: "e", type: { type: "enum", name: "color", symbols: ["RED", "GREEN"] } },
    { name: "fx", type: { type: "fixed", name: "uuid16", size: 16 } },
    { name: "fx2", type: "uuid16" },
    { name: "a", type: { type: "array", items: "long", "element-id": 9 } },
    { name: "m", type: { type: "map", values: ["null", "string"] } },
    { name: "u", type: ["null", "long", "string"], default: null },
    { name: "inner", type: { type: "record", name: "inner", fields: [{ name: "x", type: "int" }] } },
    { name: "again", type: "test.ns.inner" },
    { name: "kv", type: ["null", { type: "array", items: { type: "record", name: "k1_v2", fields: [{ name: "key", type: "int" }, { name: "value", type: "bytes" }] }, logicalType: "map" }], default: null },
  ],
};

function sample(i: number): Record<string, unknown> {
  const longs = [0, 1, -1, 63, 64, -64, -65, 2 ** 31, -(2 ** 31), 2 ** 52 - 1, -(2 ** 52), 2 ** 53 - 1, -(2 ** 53 - 1), 9158179788527662767n, -(2n ** 63n), 2n ** 63n - 1n];
  return {
    n: null,
    b: i % 2 === 0,
    i: [0, 1, -1, 2147483647, -2147483648, 300][i % 6],
    l: longs[i % longs.length],
    f: 1.5,
    d: i === 3 ? -0 : Math.PI * i,
    by: new Uint8Array([i, 0, 255]),
    s: ["", "Flopsy 🐇", "Mopsy–Naïve", "x".repeat(300)][i % 4],
    e: i % 2 ? "GREEN" : "RED",
    fx: new Uint8Array(16).fill(i),
    fx2: new Uint8Array(16).fill(255 - i),
    a: longs.slice(0, i % longs.length),
    m: i % 3 === 0 ? {} : { a: "1", b: null, "": "empty" },
    u: i % 3 === 0 ? null : i % 3 === 1 ? 9158179788527662767n : "text",
    inner: { x: i },
    again: { x: -i | 0 },
    kv: i % 2 ? null : [{ key: 1, value: new Uint8Array([1, 2]) }],
  };
}

const records = Array.from({ length: 40 }, (_, i) => sample(i));

describe("writeAvroContainer", () => {
  for (const codec of ["null", "deflate"] as const) {
    it(`writes ${codec} files that avsc reads back value for value`, async () => {
      const bytes = await writeAvroContainer(everyType, records, { codec, blockBytes: 200, metadata: { "format-version": "2", schema: "{}" } });
      const theirs = await avscReadContainer(bytes);
      expect(theirs.records).toEqual(records.map((r) => ({ ...r, d: r.d, n: null })) as unknown[]);
      expect(theirs.metadata["avro.codec"]).toBe(codec);
      expect(theirs.metadata["format-version"]).toBe("2");
      expect(JSON.parse(theirs.metadata["avro.schema"]!)).toEqual(everyType);
    });

    it(`reads back its own ${codec} files`, async () => {
      const bytes = await writeAvroContainer(everyType, records, { codec, blockBytes: 100 });
      const ours = await readAvroContainer(bytes);
      expect(ours.records).toEqual(records);
      expect(ours.codec).toBe(codec);
      expect(Object.is((ours.records[3] as { d: number }).d, -0)).toBe(true);
    });

    it(`reads ${codec} files that avsc wrote`, async () => {
      const bytes = await avscWriteContainer(everyType, records, codec, { "partition-spec-id": "0" });
      const ours = await readAvroContainer(bytes);
      expect(ours.records).toEqual(records);
      expect(ours.metadata).toEqual({ "partition-spec-id": "0" });
    });
  }

  it("writes the same bytes for the same input and sync marker", async () => {
    const syncMarker = new Uint8Array(16).fill(7);
    const a = await writeAvroContainer(everyType, records, { codec: "null", syncMarker });
    const b = await writeAvroContainer(everyType, records, { codec: "null", syncMarker });
    expect(a).toEqual(b);
  });

  it("writes an empty file that both readers accept", async () => {
    const bytes = await writeAvroContainer(everyType, []);
    expect((await readAvroContainer(bytes)).records).toEqual([]);
    expect((await avscReadContainer(bytes)).records).toEqual([]);
  });

  it("names the field path when a value does not fit the schema", async () => {
    const bad = { ...sample(1), inner: { x: "one" } };
    await expect(writeAvroContainer(everyType, [bad])).rejects.toThrow("avro value at `inner.x`");
    const missing: Record<string, unknown> = { ...sample(1) };
    delete missing.s;
    await expect(writeAvroContainer(everyType, [missing])).rejects.toThrow("needs field `s`");
    await expect(writeAvroContainer(everyType, [{ ...sample(1), l: 2n ** 63n }])).rejects.toThrow("avro value at `l`");
  });
});

describe("readAvroContainer", () => {
  const files = goldenFiles(".avro");

  it("finds the golden manifests and manifest lists", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  for (const path of files) {
    it(`decodes ${goldenName(path)} exactly as avsc does`, async () => {
      const bytes = new Uint8Array(readFileSync(path));
      const ours = await readAvroContainer(bytes, goldenName(path));
      const theirs = await avscReadContainer(bytes);
      expect(ours.records.length).toBeGreaterThan(0);
      expect(ours.records).toEqual(theirs.records);
      const { "avro.schema": schema, "avro.codec": codec, ...rest } = theirs.metadata;
      expect(ours.metadata).toEqual(rest);
      expect(ours.codec).toBe((codec ?? "null") as "null" | "deflate");
      expect(ours.schema).toEqual(JSON.parse(schema!));
    });
  }

  it("refuses bytes that are not an Avro container, naming the file", async () => {
    await expect(readAvroContainer(new TextEncoder().encode("PAR1...."), "x.parquet")).rejects.toThrow("x.parquet is not an Avro object container file");
  });

  it("refuses a truncated file", async () => {
    const bytes = await writeAvroContainer(everyType, records, { codec: "null" });
    await expect(readAvroContainer(bytes.subarray(0, bytes.length - 40))).rejects.toThrow();
  });
});
