/**
 * The kernels' suite: the WebAssembly kernels and their TypeScript twins are fed the same random
 * inputs (fast-check) and must return identical results; both must also get the known answers
 * (RFC 4180 records, Iceberg Appendix B hashes). Portable: it uses only Web APIs, fast-check and
 * `wasm/`, and takes describe/it/expect from the host, so the same suite runs in Bun, Deno,
 * workerd and Chromium.
 */
import fc from "fast-check";
import { CsvFlag, type CsvColumnKind, type CsvState, type Kernels, initialCsvState, type ParseKind, type StringColumn, hllEstimate, hllRegisters, stringColumn } from "../../wasm/index.ts";

export interface SuiteHost {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void | Promise<void>): void;
  expect(actual: unknown): { toEqual(expected: unknown): void };
}

export interface KernelPair {
  wasm: Kernels;
  twin: Kernels;
}

const runs = { numRuns: 200 };

/** A comparable rendering of any kernel result: floats by their bits, bigints as text. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v;
  if (v instanceof Float64Array) return Array.from(v, plain);
  // Sketch registers and other long byte arrays compare as one string: cheap on every host.
  if (v instanceof Uint8Array && v.length > 64) return Array.prototype.join.call(v, ",");
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, plain);
  if (Array.isArray(v)) return v.map(plain);
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Feeds `text` in chunks cut at `cuts`, carrying the tail as the protocol says; returns every step. */
function tokenizeChunked(k: Kernels, bytes: Uint8Array, cuts: number[]) {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const steps: unknown[] = [];
  const records: string[][] = [];
  let record: string[] = [];
  let carry = new Uint8Array(0);
  let state: CsvState = { ...initialCsvState };
  let from = 0;
  for (const to of [...points, bytes.length]) {
    const last = to === bytes.length;
    if (!last && to === from) continue;
    const buffer = new Uint8Array(carry.length + to - from);
    buffer.set(carry);
    buffer.set(bytes.subarray(from, to), carry.length);
    const r = k.csvTokenize(buffer, state, { last });
    steps.push(plain(r));
    for (let i = 0; i < r.count; i++) {
      let text = fromUtf8.decode(buffer.subarray(r.starts[i], r.ends[i]));
      if (r.flags[i]! & CsvFlag.escaped) text = text.replaceAll('""', '"');
      record.push(text);
      if (r.flags[i]! & CsvFlag.recordEnd) {
        records.push(record);
        record = [];
      }
    }
    carry = buffer.slice(r.consumed);
    state = r.state;
    from = to;
    if (last) break;
  }
  return { steps, records };
}

function serialize(records: string[][], newline: string, finalNewline: boolean): string {
  const quote = (f: string, alone: boolean) => (/[",\r\n]/.test(f) || (alone && f === "") ? `"${f.replaceAll('"', '""')}"` : f);
  if (records.length === 0) return "";
  return records.map((r) => r.map((f) => quote(f, r.length === 1)).join(",")).join(newline) + (finalNewline ? newline : "");
}

const csvFragment = fc.constantFrom("a", "b", "1", ",", '"', '""', "\n", "\r\n", "\r", " ", "é", "😀");
const csvText = fc.array(csvFragment, { maxLength: 60 }).map((a) => a.join(""));
const cutList = fc.array(fc.nat(400), { maxLength: 6 });
const fieldText = fc.array(fc.constantFrom("x", "y", ",", '"', "\n", "\r", "\r\n", " ", "ü"), { maxLength: 6 }).map((a) => a.join(""));

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  fc.double().map(String),
  fc.double({ noNaN: true }).map((d) => d.toExponential()),
  fc.constantFrom("", " ", "-", "+", ".", "1.", ".5", "+7", "1e", "1e+9", "0x10", "NaN", "-inf", "Infinity", " 42 ", "\t3\t", "1_0", "00012"),
);
const dateText = fc
  .record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) })
  .map(({ y, m, d }) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const timestampText = fc
  .tuple(
    dateText,
    fc.constantFrom("T", " ", "t", "x"),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 60 }),
    fc.option(fc.integer({ min: 0, max: 60 })),
    fc.option(fc.stringMatching(/^[.,][0-9]{0,10}$/)),
    fc.constantFrom("", "Z", "z", "+01:00", "-08:00", "+0530", "-02", "+1", "+01:0", "+24:00"),
  )
  .map(([d, sep, h, mi, s, frac, zone]) => {
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d}${sep}${p(h)}:${p(mi)}${s === null ? "" : `:${p(s)}${frac ?? ""}`}${zone}`;
  });
/** Decimal texts around the edges of precision and scale: signs, leading zeros, bare points. */
export const decimalText = fc
  .tuple(fc.constantFrom("", "-", "+"), fc.stringMatching(/^[0-9]{0,20}$/), fc.constantFrom("", "."), fc.stringMatching(/^[0-9]{0,8}$/), fc.constantFrom("", "", "", "e2", " ", "x"))
  .map(([sign, int, point, frac, tail]) => `${sign}${int}${point}${point ? frac : ""}${tail}`);
export const decimalKind = fc
  .integer({ min: 1, max: 18 })
  .chain((precision) => fc.integer({ min: 0, max: precision }).map((scale): ParseKind => `decimal(${precision},${scale})`));
export const anyFieldText = fc.oneof(numberText, decimalText, dateText, timestampText, fc.constantFrom("true", "FALSE", "Yes", "no", "on", "OFF", "t", "1", "0", "y"), fc.string({ maxLength: 8 }));

/** Lays field texts out in one buffer, some with padding between them. */
function fieldsOf(texts: string[]) {
  const parts = texts.map((t) => utf8.encode(t));
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  const starts = new Int32Array(parts.length);
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => {
    data.set(p, at);
    starts[i] = at;
    ends[i] = at + p.length;
    at += p.length + 1;
  });
  return { data, starts, ends };
}

const validityOf = (n: number, seed: number[]) => (seed.length === 0 ? null : Uint8Array.from({ length: n }, (_, i) => (seed[i % seed.length]! % 3 === 0 ? 0 : 1)));

const piiFragment = fc.constantFrom(
  "jane.doe@example.com",
  "a@b",
  "x@y.co.",
  "+44 20 7946 0958",
  "(415) 555-2671",
  "415.555.2671",
  "4111 1111 1111 1111",
  "4111-1111-1111-1112",
  "378282246310005",
  "DE89 3704 0044 0532 0130 00",
  "GB82WEST12345698765432",
  "123-45-6789",
  "666-12-3456",
  "192.168.0.1",
  "256.1.1.1",
  "2001:db8::8a2e:370:7334",
  "::1",
  "fe80::1::2",
  "10:30:00",
  " ",
  "-",
  ".",
  ":",
  "@",
  "x",
  "7",
  "é",
);
const piiValue = fc.oneof(fc.array(fc.oneof(piiFragment, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((a) => a.join("")), fc.string({ maxLength: 30 }));

const columnOf = (values: (string | null)[]): [StringColumn, Uint8Array] => {
  const c = stringColumn(values);
  return [{ data: c.data, offsets: c.offsets }, c.validity];
};

export function kernelsSuite(t: SuiteHost, { wasm, twin }: KernelPair): void {
  const same = (what: (k: Kernels) => unknown) => t.expect(plain(what(wasm))).toEqual(plain(what(twin)));
  const check = <Ts>(property: fc.IProperty<Ts>) => fc.assert(property, runs);

  t.describe("csv tokenizing", () => {
    t.it("splits quoted fields, escaped quotes, embedded newlines and CRLF as RFC 4180 says", () => {
      for (const k of [wasm, twin]) {
        const { records } = tokenizeChunked(k, utf8.encode('id,"na,me"\r\n1,"a ""b""\r\nc"\n2,\r\n'), []);
        t.expect(records).toEqual([["id", "na,me"], ["1", 'a "b"\r\nc'], ["2", ""]]);
      }
    });

    t.it("returns identical boundaries and state from both kernels for random CSV cut at random places", () => {
      check(fc.property(csvText, cutList, (text, cuts) => {
        const bytes = utf8.encode(text);
        t.expect(tokenizeChunked(wasm, bytes, cuts).steps).toEqual(tokenizeChunked(twin, bytes, cuts).steps);
      }));
    });

    t.it("gives the same records however the input is chunked", () => {
      check(fc.property(csvText, cutList, (text, cuts) => {
        const bytes = utf8.encode(text);
        for (const k of [wasm, twin]) t.expect(tokenizeChunked(k, bytes, cuts).records).toEqual(tokenizeChunked(k, bytes, []).records);
      }));
    });

    t.it("reads back the records that were written with RFC 4180 quoting", () => {
      const record = fc.array(fieldText, { minLength: 1, maxLength: 4 });
      check(fc.property(fc.array(record, { maxLength: 8 }), fc.constantFrom("\n", "\r\n"), fc.boolean(), cutList, (records, nl, finalNl, cuts) => {
        const bytes = utf8.encode(serialize(records, nl, finalNl));
        for (const k of [wasm, twin]) t.expect(tokenizeChunked(k, bytes, cuts).records).toEqual(records);
      }));
    });

    t.it("flags a stray quote, text after a closing quote and an unterminated quote as malformed", () => {
      const input = utf8.encode('a"b,ok,"ab"c,"x');
      same((k) => k.csvTokenize(input, { ...initialCsvState }, { last: true }));
      for (const k of [wasm, twin]) {
        const r = k.csvTokenize(input, { ...initialCsvState }, { last: true });
        t.expect(Array.from(r.flags, (f) => f & CsvFlag.malformed)).toEqual([CsvFlag.malformed, 0, CsvFlag.malformed, CsvFlag.malformed]);
      }
    });
  });

  t.describe("typed parsing", () => {
    const kinds: ParseKind[] = ["int32", "int64", "float64", "bool", "date", "timestamp", "decimal(10,2)", "decimal(18,0)"];

    t.it("parses random field texts into identical values and statuses for every kind", () => {
      check(fc.property(fc.array(anyFieldText, { maxLength: 40 }), (texts) => {
        const { data, starts, ends } = fieldsOf(texts);
        for (const kind of kinds) same((k) => k.parseColumn(data, starts, ends, kind));
        same((k) => k.inferColumn(data, starts, ends));
      }));
    });

    t.it("parses decimals into identical unscaled values and statuses for any precision and scale", () => {
      check(fc.property(fc.array(fc.oneof(decimalText, anyFieldText), { maxLength: 40 }), decimalKind, (texts, kind) => {
        const { data, starts, ends } = fieldsOf(texts);
        same((k) => k.parseColumn(data, starts, ends, kind));
      }));
      const { data, starts, ends } = fieldsOf(["-12.3", "+.5", "007.", "1.234", "1000", "-0.00", ""]);
      for (const k of [wasm, twin]) {
        const r = k.parseColumn(data, starts, ends, "decimal(5,2)");
        t.expect(plain(r.values)).toEqual(["-1230n", "50n", "700n", "0n", "0n", "0n", "0n"]);
        t.expect(Array.from(r.status)).toEqual([1, 1, 1, 2, 2, 1, 0]);
      }
    });

    t.it("parses and gathers several columns of fields in record order as it does each alone", () => {
      const kindOrText = fc.constantFrom<CsvColumnKind>("text", ...kinds);
      const cell = fc.record({ text: fc.oneof(anyFieldText, fc.constantFrom("NULL", "", '"', 'a""b')), quoted: fc.boolean() });
      const tokens = fc.constantFrom<string[]>([], [""], ["", "NULL"], ["NULL"]);
      check(fc.property(fc.array(kindOrText, { minLength: 1, maxLength: 4 }), fc.array(cell, { maxLength: 40 }), tokens, fc.integer({ min: 0, max: 1000 }), (columnKinds, cells, nulls, base) => {
        const whole = cells.slice(0, cells.length - (cells.length % columnKinds.length));
        // Quoted cells are laid out as a tokenizer leaves them: `""` for each quote, flagged.
        const { data, starts, ends } = fieldsOf(whole.map((x) => (x.quoted ? x.text.replaceAll('"', '""') : x.text)));
        const flags = Uint8Array.from(whole, (x) => (x.quoted ? CsvFlag.quoted | (x.text.includes('"') ? CsvFlag.escaped : 0) : 0));
        const options = { nullTokens: nulls.map((n) => utf8.encode(n)), bases: new Int32Array(columnKinds.length).fill(base) };
        same((k) => k.csvColumns(data, starts, ends, flags, columnKinds, options));
        // Lent column by column, the same columns (copied while lent).
        for (const k of [wasm, twin]) {
          const lent: unknown[] = [];
          k.csvColumnsInto(data, starts, ends, flags, columnKinds, options, (c, cells) => (lent[c] = plain(cells)));
          t.expect(lent).toEqual(plain(k.csvColumns(data, starts, ends, flags, columnKinds, options)));
        }
        const pick = <T extends Int32Array | Uint8Array>(c: number, a: T) => a.filter((_, i) => i % columnKinds.length === c) as T;
        const expected = columnKinds.map((kind, c) => {
          if (kind !== "text") return twin.parseColumn(data, pick(c, starts), pick(c, ends), kind);
          const mine = whole.filter((_, i) => i % columnKinds.length === c);
          const texts = mine.map((x) => (!x.quoted && nulls.includes(x.text) ? null : x.text));
          const bytes = texts.map((x) => utf8.encode(x ?? ""));
          const offsets = new Int32Array(texts.length + 1);
          bytes.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length));
          return { data: utf8.encode(texts.map((x) => x ?? "").join("")), offsets: offsets.map((o) => o + base), valid: Uint8Array.from(texts, (x) => (x === null ? 0 : 1)) };
        });
        t.expect(plain(wasm.csvColumns(data, starts, ends, flags, columnKinds, options))).toEqual(plain(expected));
      }));
    });

    t.it("refuses text fields that overlap instead of writing past its room", () => {
      const data = utf8.encode("abcdef");
      const twice = Int32Array.of(0, 0);
      let error = "";
      try {
        wasm.csvColumns(data, twice, Int32Array.of(6, 6), new Uint8Array(2), ["text"]);
      } catch (e) {
        error = String((e as Error).message);
      }
      t.expect(error).toEqual("csvColumns got a field outside the data or fields that overlap; pass the fields of whole records as csvTokenize gives them");
    });

    t.it("parses the documented formats to epoch units", () => {
      const { data, starts, ends } = fieldsOf(["2017-11-16T22:31:08", "2017-11-16 14:31:08.5-08:00", "1969-12-31T23:59:59.999999Z", "2017-11-16", "bad"]);
      for (const k of [wasm, twin]) {
        const r = k.parseColumn(data, starts, ends, "timestamp");
        t.expect(plain(r.values)).toEqual(["1510871468000000n", "1510871468500000n", "-1n", "1510790400000000n", "0n"]);
        t.expect(Array.from(r.status)).toEqual([1, 1, 1, 1, 2]);
        t.expect(Array.from(k.parseColumn(data, starts, ends, "date").values)).toEqual([0, 0, 0, 17486, 0]);
      }
    });
  });

  t.describe("column statistics", () => {
    const doubles = fc.array(fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1)), { maxLength: 60 });
    const longs = fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 60 });
    const ints = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 60 });
    const seed = fc.array(fc.nat(), { maxLength: 5 });

    t.it("counts values, nulls and NaNs and finds bounds and sketches identically for doubles, longs and ints", () => {
      check(fc.property(doubles, longs, ints, seed, (d, l, i, s) => {
        const f64 = Float64Array.from(d);
        const i64 = BigInt64Array.from(l);
        const i32 = Int32Array.from(i);
        same((k) => {
          const regs = hllRegisters();
          return [k.statsFloat64(f64, validityOf(f64.length, s), regs), regs];
        });
        same((k) => {
          const regs = hllRegisters();
          return [k.statsInt64(i64, validityOf(i64.length, s), regs), regs];
        });
        same((k) => {
          const regs = hllRegisters();
          return [k.statsInt32(i32, validityOf(i32.length, s), regs), regs];
        });
      }));
    });

    t.it("gives the same counts and bounds without a sketch", () => {
      check(fc.property(doubles, longs, ints, fc.array(fc.option(fc.string({ maxLength: 12 })), { maxLength: 30 }), seed, (d, l, i, strs, s) => {
        const f64 = Float64Array.from(d);
        const i64 = BigInt64Array.from(l);
        const i32 = Int32Array.from(i);
        const [column, validity] = columnOf(strs);
        same((k) => [k.statsFloat64(f64, validityOf(f64.length, s), null), k.statsFloat64(f64, validityOf(f64.length, s), hllRegisters())]);
        same((k) => [k.statsInt64(i64, validityOf(i64.length, s), null), k.statsInt64(i64, validityOf(i64.length, s), hllRegisters())]);
        same((k) => [k.statsInt32(i32, validityOf(i32.length, s), null), k.statsInt32(i32, validityOf(i32.length, s), hllRegisters())]);
        same((k) => [k.statsString(column, validity, null), k.statsString(column, validity, hllRegisters())]);
        for (const k of [wasm, twin]) {
          const [without, withSketch] = [k.statsFloat64(f64, null, null), k.statsFloat64(f64, null, hllRegisters())];
          t.expect(JSON.stringify(without)).toEqual(JSON.stringify(withSketch));
        }
      }));
    });

    t.it("bins numbers identically", () => {
      check(fc.property(doubles, longs, ints, fc.double({ noNaN: true }), fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }), (d, l, i, a, b, bins) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        same((k) => k.histogram(Float64Array.from(d), null, lo, hi, bins));
        same((k) => k.histogram(BigInt64Array.from(l), null, lo, hi, bins));
        same((k) => k.histogram(Int32Array.from(i), validityOf(i.length, [1, 2, 3]), -1e9, 1e9, bins));
      }));
    });

    t.it("finds string bounds truncated as Iceberg specifies, identically", () => {
      check(fc.property(fc.array(fc.option(fc.string({ unit: "grapheme", maxLength: 24 })), { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (values, width) => {
        const [column, validity] = columnOf(values);
        same((k) => {
          const regs = hllRegisters();
          return [k.statsString(column, validity, regs, width), regs];
        });
      }));
      const [column] = columnOf(["abcdefghijklmnopqrstuvwxyz", "aaa", "\u{10ffff}".repeat(20)]);
      for (const k of [wasm, twin]) {
        const s = k.statsString(column, null, hllRegisters());
        t.expect([fromUtf8.decode(s.lower!), s.upper]).toEqual(["aaa", null]);
      }
    });

    t.it("sketches with the pinned hashes (fmix64 of numbers, word-combined bytes)", () => {
      for (const k of [wasm, twin]) {
        // sketch(1) = 0xb456bcfc: register 0xb45, rank clz(0x6bcfc000) + 1 = 2.
        const longs = hllRegisters();
        k.statsInt64(BigInt64Array.of(1n), null, longs);
        t.expect([longs[0xb45], longs.reduce((n, r) => n + (r > 0 ? 1 : 0), 0)]).toEqual([2, 1]);
        // sketch("abcdefghij") = 0x42f18abb: register 0x42f, rank clz(0x18abb000) + 1 = 4.
        const strings = hllRegisters();
        k.statsString(columnOf(["abcdefghij"])[0], null, strings);
        t.expect([strings[0x42f], strings.reduce((n, r) => n + (r > 0 ? 1 : 0), 0)]).toEqual([4, 1]);
      }
    });

    t.it("estimates distinct counts within a few percent", () => {
      for (const k of [wasm, twin]) {
        const regs = hllRegisters();
        k.statsInt64(BigInt64Array.from({ length: 50000 }, (_, i) => BigInt(i % 20000)), null, regs);
        const estimate = hllEstimate(regs);
        t.expect(Math.abs(estimate - 20000) < 20000 * 0.05).toEqual(true);
      }
    });
  });

  t.describe("Iceberg transforms", () => {
    t.it("hashes Appendix B's test values to the published results", () => {
      const uuid = Uint8Array.from([0xf7, 0x9c, 0x3e, 0x09, 0x67, 0x7c, 0x4b, 0xbd, 0xa4, 0x79, 0x3f, 0x34, 0x9c, 0xb7, 0x85, 0xe7]);
      const bytes = { data: new Uint8Array([...utf8.encode("iceberg"), ...uuid, 0, 1, 2, 3]), offsets: Int32Array.of(0, 7, 23, 27) };
      for (const k of [wasm, twin]) {
        t.expect(Array.from(k.bucketInt32(Int32Array.of(34, 17486), 0))).toEqual([2017239379, -653330422]);
        t.expect(Array.from(k.bucketInt64(BigInt64Array.of(34n, 81068000000n, 1510871468000000n), 0))).toEqual([2017239379, -662762989, -2047944441]);
        t.expect(Array.from(k.bucketDecimal(BigInt64Array.of(1420n), 0))).toEqual([-500754589]);
        t.expect(Array.from(k.bucketBytes(bytes, 0))).toEqual([1210000089, 1488055340, -188683207]);
        t.expect(Array.from(k.bucketInt64(BigInt64Array.of(34n), 16))).toEqual([3]);
      }
    });

    t.it("buckets and truncates random values identically", () => {
      const longs = fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 40 });
      const ints = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 });
      const strings = fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { maxLength: 20 });
      check(fc.property(longs, ints, strings, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (l, i, s, n, w) => {
        const i64 = BigInt64Array.from(l);
        const i32 = Int32Array.from(i);
        const [column] = columnOf(s);
        same((k) => [k.bucketInt32(i32, n), k.bucketInt64(i64, n), k.bucketDecimal(i64, n), k.bucketBytes(column, n)]);
        same((k) => [k.truncateInt32(i32, w), k.truncateInt64(i64, BigInt(w)), k.truncateString(column, w % 20)]);
      }));
    });
  });

  // The kernels take blocks of values (4 numbers, 16 bytes of a string) with SIMD and the rest one
  // at a time: these columns are long, of any length, and put specials and nulls inside blocks.
  t.describe("long columns across block edges", () => {
    const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 5e-324, -5e-324, Number.MAX_VALUE);
    const doubles = fc.array(fc.oneof(fc.double(), special, special), { minLength: 0, maxLength: 300 });
    const longs = fc.array(fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n))), { maxLength: 300 });
    const ints = fc.array(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31))), { maxLength: 300 });
    /** Null, valid, or another byte (also null); or no validity at all. */
    const validity = fc.option(fc.array(fc.constantFrom(0, 1, 1, 1, 2), { minLength: 300, maxLength: 300 }));
    const cut = (v: number[] | null, n: number) => (v === null ? null : Uint8Array.from(v.slice(0, n)));
    const bucketCount = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(16, 1024, 2 ** 30, 2 ** 31 - 1, 2 ** 30 + 3, -5), fc.integer({ min: 1, max: 2 ** 31 - 1 }));

    t.it("counts, bounds and sketches doubles, longs and ints identically", () => {
      check(fc.property(doubles, longs, ints, validity, fc.boolean(), (d, l, i, v, sketch) => {
        const f64 = Float64Array.from(d);
        const i64 = BigInt64Array.from(l);
        const i32 = Int32Array.from(i);
        same((k) => {
          const regs = sketch ? hllRegisters() : null;
          return [k.statsFloat64(f64, cut(v, f64.length), regs), regs];
        });
        same((k) => {
          const regs = sketch ? hllRegisters() : null;
          return [k.statsInt64(i64, cut(v, i64.length), regs), regs];
        });
        same((k) => {
          const regs = sketch ? hllRegisters() : null;
          return [k.statsInt32(i32, cut(v, i32.length), regs), regs];
        });
      }));
    });

    t.it("finds the signed zero bounds of doubles wherever the zeros are", () => {
      const zerosAndMore = fc.array(fc.constantFrom(0, -0, NaN, 1, -1), { maxLength: 40 });
      check(fc.property(zerosAndMore, validity, (d, v) => {
        const f64 = Float64Array.from(d);
        same((k) => k.statsFloat64(f64, cut(v, f64.length), hllRegisters()));
      }));
    });

    t.it("bins long columns identically", () => {
      check(fc.property(doubles, longs, ints, validity, fc.double({ noNaN: true }), fc.double({ noNaN: true }), fc.integer({ min: 0, max: 300 }), (d, l, i, v, a, b, bins) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        same((k) => k.histogram(Float64Array.from(d), cut(v, d.length), lo, hi, bins));
        same((k) => k.histogram(Float64Array.from(d), null, -1000, 1000, bins));
        same((k) => k.histogram(BigInt64Array.from(l), cut(v, l.length), lo, hi, bins));
        same((k) => k.histogram(Int32Array.from(i), cut(v, i.length), -(2 ** 31), 2 ** 31, bins));
        same((k) => k.histogram(Int32Array.from(i), null, lo, lo, bins));
      }));
    });

    t.it("buckets long columns of numbers identically", () => {
      check(fc.property(longs, ints, bucketCount, (l, i, n) => {
        same((k) => [k.bucketInt64(BigInt64Array.from(l), n), k.bucketInt32(Int32Array.from(i), n), k.bucketDecimal(BigInt64Array.from(l), n)]);
      }));
    });

    // Up to 40 bytes, ASCII or multi-byte; the last value ends where the data ends.
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 14 }),
      fc.string({ unit: fc.constantFrom("a", "é", "€", "😀", "\u{10ffff}", "z", "\u0000"), maxLength: 16 }),
    );
    const texts = fc.array(fc.option(text, { freq: 6 }), { maxLength: 120 });

    t.it("truncates, buckets and bounds strings of any length identically", () => {
      check(fc.property(texts, fc.integer({ min: 1, max: 20 }), bucketCount, (values, width, n) => {
        const [column, valid] = columnOf(values);
        same((k) => k.truncateString(column, width));
        same((k) => k.truncateString(column, 0));
        same((k) => k.bucketBytes(column, n));
        same((k) => {
          const regs = hllRegisters();
          return [k.statsString(column, valid, regs, width), regs];
        });
        same((k) => k.statsString(column, null, null, width));
      }));
    });

    t.it("orders strings that share long prefixes or are prefixes of each other", () => {
      const stem = fc.constantFrom("", "abcdefgh", "abcdefghij", "abcdefghijklmnopq", "\u00ff\u00ff", "\u0000");
      const tail = fc.string({ unit: fc.constantFrom("a", "b", "\u0000", "\u00ff", "é"), maxLength: 6 });
      check(fc.property(fc.array(fc.option(fc.tuple(stem, tail).map(([x, y]) => x + y), { freq: 8 }), { maxLength: 60 }), (values) => {
        const [column, valid] = columnOf(values);
        same((k) => [k.statsString(column, valid, null), k.statsString(column, null, hllRegisters())]);
      }));
    });
  });

  t.describe("PII scanning", () => {
    t.it("finds each kind in text and skips look-alikes", () => {
      const values = [
        "mail jane.doe@example.com now",
        "+44 20 7946 0958",
        "card 4111 1111 1111 1111",
        "DE89 3704 0044 0532 0130 00",
        "ssn 123-45-6789",
        "from 192.168.0.1",
        "2001:db8::8a2e:370:7334",
        "4111 1111 1111 1112 666-12-3456 256.1.1.1 2024-01-15 10:30:00",
        null,
      ];
      const [column, validity] = columnOf(values);
      for (const k of [wasm, twin]) {
        const r = k.piiScan(column, validity, 3);
        t.expect(r.counts).toEqual({ email: 1, phone: 1, card: 1, iban: 1, ssn: 1, ipv4: 1, ipv6: 1 });
        t.expect(r.samples).toEqual({ email: [0], phone: [1], card: [2], iban: [3], ssn: [4], ipv4: [5], ipv6: [6] });
      }
    });

    t.it("reads each value alone: a number ending one value is not joined to the next", () => {
      // The kernel reads values in place, 16 bytes at a time, past their ends.
      const letters = "abcdefghijklmnopqrstuvwxyz";
      const values = ["card 4111111111111111", letters, "tel:+442079460958", letters, "ssn 123-45-6789", letters, "10.0.0.1", letters];
      const [column, validity] = columnOf(values);
      for (const k of [wasm, twin]) {
        const r = k.piiScan(column, validity, 3);
        t.expect(r.counts).toEqual({ email: 0, phone: 1, card: 1, iban: 0, ssn: 1, ipv4: 1, ipv6: 0 });
        t.expect(r.samples).toEqual({ email: [], phone: [2], card: [0], iban: [], ssn: [4], ipv4: [6], ipv6: [] });
      }
    });

    t.it("scans random text identically", () => {
      check(fc.property(fc.array(fc.option(piiValue), { maxLength: 30 }), fc.integer({ min: 0, max: 4 }), (values, samples) => {
        const [column, validity] = columnOf(values);
        same((k) => k.piiScan(column, validity, samples));
      }));
    });
  });
}
