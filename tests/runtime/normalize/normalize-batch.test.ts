import { describe, expect, it } from "bun:test";
import * as arrow from "apache-arrow";
import type { ColumnType, Contract, ContractColumn } from "../../../runtime/contract.ts";
import { isIngestError } from "../../../runtime/errors.ts";
import { createNormalizer, FIELD_ID_KEY, normalizeBatch } from "../../../runtime/normalize/index.ts";
import type { SourceBatch } from "../../../runtime/source.ts";

function contractOf(columns: Omit<ContractColumn, "required">[] | ContractColumn[]): Contract {
  return { name: "orders", version: "1.0.0", columns: columns.map((c) => ({ required: false, ...c })), quality: [], tags: [], properties: {} };
}

function idsOf(contract: Contract): Map<string, number> {
  return new Map(contract.columns.flatMap((c, i) => [[c.name, i + 1], [`${c.name}.element`, 100 + i]] as [string, number][]));
}

function batchOf(columns: Record<string, unknown[]>, extra: Partial<SourceBatch> = {}): SourceBatch {
  const numRows = Object.values(columns)[0]?.length ?? 0;
  return { numRows, columns, ...extra };
}

/** Normalizes one nullable column; returns what each accepted input became and which failed. */
function coerce(type: ColumnType, inputs: unknown[], read: (v: arrow.Vector, i: number) => unknown = (v, i) => v.get(i)) {
  const contract = contractOf([{ name: "c", type }]);
  const { batch, issues, rejectedRows } = normalizeBatch(batchOf({ c: inputs }), contract, "warn", idsOf(contract));
  const failedRows = new Set(issues.filter((i) => i.kind === "type_mismatch").map((i) => i.row));
  expect(rejectedRows).toBe(failedRows.size);
  const vector = batch.getChild("c")!;
  const accepted: unknown[] = [];
  let j = 0;
  for (let i = 0; i < inputs.length; i++) accepted.push(failedRows.has(i) ? "FAILED" : read(vector, j++));
  return accepted;
}

const raw = (v: arrow.Vector, i: number) => (v.isValid(i) ? v.data[0].values[i] : null);

describe("normalizeBatch types", () => {
  it("parses 32-bit integers and rejects fractions, overflow and words", () => {
    expect(coerce({ kind: "int" }, ["2147483647", "-2147483648", " 7 ", "+3", "2147483648", "1.5", "1e3", "abc", 5, 5.5, true, null])).toEqual([
      2147483647, -2147483648, 7, 3, "FAILED", "FAILED", "FAILED", "FAILED", 5, "FAILED", 1, null,
    ]);
  });

  it("parses 64-bit integers exactly across the whole range", () => {
    expect(coerce({ kind: "long" }, ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9007199254740993", "123456789012345", "-1", "0.5", 42, 10n ** 18n, 2 ** 60])).toEqual([
      9223372036854775807n, -9223372036854775808n, "FAILED", -9007199254740993n, 123456789012345n, -1n, "FAILED", 42n, 10n ** 18n, 2n ** 60n,
    ]);
  });

  it("parses doubles and floats, including special values, and rejects hex and words", () => {
    expect(coerce({ kind: "double" }, ["1.5", "-0.25e2", ".5", "5.", "1E-3", "nan", "-inf", "Infinity", "0x10", "1.5.5", "e5", "", 3, 7n])).toEqual([
      1.5, -25, 0.5, 5, 0.001, NaN, -Infinity, Infinity, "FAILED", "FAILED", "FAILED", "FAILED", 3, 7,
    ]);
    expect(coerce({ kind: "float" }, ["0.1", "3"])).toEqual([Math.fround(0.1), 3]);
  });

  it("accepts the boolean words in any case and nothing else", () => {
    expect(coerce({ kind: "boolean" }, ["true", "FALSE", "1", "0", "Yes", "no", "ON", "off", "t", "2", true, 0, 2])).toEqual([
      true, false, true, false, true, false, true, false, "FAILED", "FAILED", true, false, "FAILED",
    ]);
  });

  it("stores dates as days and rejects impossible dates and timestamps", () => {
    expect(coerce({ kind: "date" }, ["1970-01-01", "1969-12-31", "2024-02-29", "2023-02-29", "2024-04-31", "0001-01-01", "2024-01-01T10:00:00", "2024-1-1", new Date(Date.UTC(2000, 0, 2, 13))], raw)).toEqual([
      0, -1, 19782, "FAILED", "FAILED", -719162, "FAILED", "FAILED", 10958,
    ]);
  });

  it("converts timestamps to UTC microseconds from the listed formats and ISO-8601 offsets", () => {
    const base = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1000n;
    expect(coerce({ kind: "timestamp" }, [
      "2024-01-02T03:04:05",
      "2024-01-02T03:04:05.123456",
      "2024-01-02T03:04:05Z",
      "2024-01-02T03:04:05.5Z",
      "2024-01-02 03:04:05",
      "2024-01-02 03:04:05.25",
      "2024-01-02",
      "2024-01-02T05:04:05+02:00",
      "2024-01-02T00:34:05-0230",
      "2024-01-02T03:04:05.123456789",
      "2024-01-02T03:04",
      "9999-12-31T23:59:59.999999",
      "1900-01-01T00:00:00",
      "2024-13-01T00:00:00",
      "2024-01-02T24:00:00",
      "2024-01-02T03:04:05+25:00",
      "yesterday",
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
    ], raw)).toEqual([
      base, base + 123456n, base, base + 500000n, base, base + 250000n, BigInt(Date.UTC(2024, 0, 2)) * 1000n, base, base, base + 123456n,
      base - 5_000_000n, 253402300799999999n, -2208988800000000n, "FAILED", "FAILED", "FAILED", "FAILED", base + 6000n,
    ]);
  });

  it("marks timestamptz columns as UTC and plain timestamps as zone-less", () => {
    const contract = contractOf([{ name: "a", type: { kind: "timestamp" } }, { name: "b", type: { kind: "timestamptz" } }]);
    const { batch } = normalizeBatch(batchOf({ a: ["2024-01-01"], b: ["2024-01-01T01:00:00+01:00"] }), contract, "strict", idsOf(contract));
    expect((batch.schema.fields[0].type as arrow.TimestampMicrosecond).timezone ?? null).toBeNull();
    expect((batch.schema.fields[1].type as arrow.TimestampMicrosecond).timezone).toBe("UTC");
    expect(raw(batch.getChild("b")!, 0)).toBe(BigInt(Date.UTC(2024, 0, 1)) * 1000n);
  });

  it("stores times of day as microseconds", () => {
    expect(coerce({ kind: "time" }, ["10:11:12.5", "00:00", "23:59:59.999999", "24:00:00", "9:00"], raw)).toEqual([36672500000n, 0n, 86399999999n, "FAILED", "FAILED"]);
  });

  it("stores decimals as exact unscaled 128-bit integers and never rounds", () => {
    const words = (v: arrow.Vector, i: number) => Array.from(v.data[0].values.subarray(4 * i, 4 * i + 4) as Uint32Array);
    const unscaled = (w: number[]) => BigInt.asIntN(128, w.reduceRight((acc, x) => (acc << 32n) | BigInt(x), 0n));
    const out = coerce({ kind: "decimal", precision: 10, scale: 2 }, ["123.45", "-1.5", "1.230", "1.234", "12345678.9", "123456789", "1e2", "-0.01", "abc", 2.5, 7n], words);
    expect(out.map((w) => (Array.isArray(w) ? unscaled(w) : w))).toEqual([12345n, -150n, 123n, "FAILED", 1234567890n, "FAILED", 10000n, -1n, "FAILED", 250n, 700n]);
    const wide = coerce({ kind: "decimal", precision: 38, scale: 10 }, ["-1234567890123456789012345678.0123456789"], words);
    expect(unscaled(wide[0] as number[])).toBe(-12345678901234567890123456780123456789n);
  });

  it("stores uuids as 16 bytes and rejects other text", () => {
    const out = coerce({ kind: "uuid" }, ["123e4567-e89b-12d3-a456-426614174000", "123E4567E89B12D3A456426614174000", "123e4567-e89b-12d3-a456-42661417400", "not-a-uuid"], (v, i) => Array.from(v.get(i) as Uint8Array));
    const bytes = [0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00];
    expect(out).toEqual([bytes, bytes, "FAILED", "FAILED"]);
  });

  it("decodes binary from PostgreSQL hex or base64", () => {
    const out = coerce({ kind: "binary" }, ["\\x0a0B", "AQID", "AQI=", "-_8", "\\x0g", "a*b", new Uint8Array([9])], (v, i) => Array.from(v.get(i) as Uint8Array));
    expect(out).toEqual([[10, 11], [1, 2, 3], [1, 2], [251, 255], "FAILED", "FAILED", [9]]);
  });

  it("gives any value its text form in a string column, and validates json", () => {
    expect(coerce({ kind: "string" }, ["naïve 日本", "", 12, 1n, true, new Date(0), { a: 1 }, new Uint8Array([1, 2, 3])])).toEqual([
      "naïve 日本", "", "12", "1", "true", "1970-01-01T00:00:00.000Z", '{"a":1}', "AQID",
    ]);
    expect(coerce({ kind: "json" }, ['{"a":[1,2]}', "{oops", { b: 2n }])).toEqual(['{"a":[1,2]}', "FAILED", '{"b":"2"}']);
  });

  it("reads lists from JSON text or arrays and coerces their elements", () => {
    const out = coerce({ kind: "list", element: { kind: "long" } }, ["[1, 2, null]", [3], "[]", '[1, "x"]', "{}", null], (v, i) => (v.isValid(i) ? Array.from(v.get(i) as arrow.Vector) : null));
    expect(out).toEqual([[1n, 2n, null], [3n], [], "FAILED", "FAILED", null]);
  });
});

describe("normalizeBatch rows and columns", () => {
  const contract = contractOf([
    { name: "id", type: { kind: "long" }, required: true },
    { name: "name", type: { kind: "string" }, required: false },
    { name: "amount", type: { kind: "decimal", precision: 10, scale: 2 }, required: false },
    { name: "tags", type: { kind: "list", element: { kind: "string" } }, required: false },
  ]);
  const ids = idsOf(contract);

  it("orders columns as the contract does, with field ids and required columns non-nullable", () => {
    const { batch } = normalizeBatch(batchOf({ amount: ["1"], name: ["a"], id: ["1"], tags: ['["x"]'] }), contract, "strict", ids);
    expect(batch.schema.fields.map((f) => [f.name, f.nullable, f.metadata.get(FIELD_ID_KEY)])).toEqual([
      ["id", false, "1"], ["name", true, "2"], ["amount", true, "3"], ["tags", true, "4"],
    ]);
    const element = (batch.schema.fields[3].type as arrow.List).children[0];
    expect([element.name, element.metadata.get(FIELD_ID_KEY)]).toEqual(["element", "103"]);
  });

  it("drops rows with a missing required value or a failed coercion and reports each with row and line", () => {
    const source = batchOf(
      { id: ["1", null, "3", "x", "5"], name: ["a", "b", null, "d", "e"], amount: ["1.5", "2", "3", "4", "9.999"], tags: [null, null, null, null, null] },
      { origin: "data/orders.csv", firstRow: 100, lines: [10, 11, 12, 14, 15] },
    );
    const { batch, issues, rejectedRows } = normalizeBatch(source, contract, "warn", ids);
    expect(rejectedRows).toBe(3);
    expect(batch.numRows).toBe(2);
    expect(batch.getChild("id")!.toArray()).toEqual(new BigInt64Array([1n, 3n]));
    expect(batch.getChild("name")!.toJSON()).toEqual(["a", null]);
    expect(issues.map((i) => [i.kind, i.column, i.row, i.line, i.origin])).toEqual([
      ["missing_required", "id", 101, 11, "data/orders.csv"],
      ["type_mismatch", "id", 103, 14, "data/orders.csv"],
      ["type_mismatch", "amount", 104, 15, "data/orders.csv"],
    ]);
    expect(issues[1].message).toBe('data/orders.csv: row 104 (line 14): `id` value "x" is not a valid integer (64-bit); fix the value or change the column type in the contract');
  });

  it("returns the same valid rows in strict mode, leaving the failure to the caller", () => {
    const source = batchOf({ id: ["1", "x"], name: ["a", "b"], amount: [null, null], tags: [null, null] });
    const strict = normalizeBatch(source, contract, "strict", ids);
    const warn = normalizeBatch(source, contract, "warn", ids);
    expect(strict.issues).toEqual(warn.issues);
    expect(strict.batch.numRows).toBe(1);
  });

  it("reports unknown columns once per stream and ignores them", () => {
    const normalize = createNormalizer(contract, "warn", ids);
    const first = normalize(batchOf({ id: ["1"], extra: ["e"] }));
    const second = normalize(batchOf({ id: ["2"], extra: ["f"] }));
    expect(first.issues.map((i) => [i.kind, i.column])).toEqual([["unknown_column", "extra"]]);
    expect(second.issues).toEqual([]);
    expect(first.batch.schema.fields.map((f) => f.name)).toEqual(["id", "name", "amount", "tags"]);
  });

  it("fills missing optional columns with nulls and rejects every row when a required one is missing", () => {
    const optional = normalizeBatch(batchOf({ id: ["1", "2"] }), contract, "warn", ids);
    expect(optional.batch.getChild("amount")!.nullCount).toBe(2);
    expect(optional.issues).toEqual([]);
    const required = normalizeBatch(batchOf({ name: ["a", "b"] }, { origin: "x.csv" }), contract, "warn", ids);
    expect([required.rejectedRows, required.batch.numRows]).toEqual([2, 0]);
    expect(required.issues).toMatchObject([{ kind: "missing_required", column: "id", message: expect.stringContaining("required column `id` is missing from x.csv") }]);
  });

  it("passes the source's own findings through", () => {
    const malformed = { kind: "malformed_row" as const, line: 3, message: "bad" };
    expect(normalizeBatch(batchOf({ id: ["1"] }, { issues: [malformed] }), contract, "warn", ids).issues).toEqual([malformed]);
  });

  it("lists the first problems per column and counts the rest", () => {
    const { issues, rejectedRows } = normalizeBatch(batchOf({ id: Array.from({ length: 10 }, () => "x") }), contract, "warn", ids, { maxIssuesPerColumn: 3 });
    expect(rejectedRows).toBe(10);
    expect(issues.length).toBe(4);
    expect(issues[3]).toMatchObject({ kind: "type_mismatch", column: "id", message: expect.stringContaining("7 more rows") });
  });

  it("honours validity for typed-array columns", () => {
    const c = contractOf([{ name: "v", type: { kind: "double" } }]);
    const { batch } = normalizeBatch({ numRows: 3, columns: { v: new Float64Array([1, 2, 3]) }, validity: { v: new Uint8Array([1, 0, 1]) } }, c, "warn", idsOf(c));
    expect(batch.getChild("v")!.toJSON()).toEqual([1, null, 3]);
  });

  it("keeps list elements aligned when rows before them are dropped", () => {
    const { batch } = normalizeBatch(batchOf({ id: ["x", "2", null, "4"], tags: ['["a","b"]', '["c"]', '["d"]', '["e","f"]'] }), contract, "warn", ids);
    expect(batch.getChild("tags")!.toArray().map((v: arrow.Vector) => v.toJSON())).toEqual([["c"], ["e", "f"]]);
  });

  it("refuses to normalize a column without a field id", () => {
    let error: unknown;
    try {
      normalizeBatch(batchOf({ id: ["1"] }), contract, "warn", new Map());
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "internal")).toBe(true);
  });
});
