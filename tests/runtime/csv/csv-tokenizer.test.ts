import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { createCsvTokenizer, type CsvTokenizerOptions } from "../../../runtime/csv/csv-tokenizer.ts";
import { isIngestError } from "../../../runtime/errors.ts";
import type { Issue } from "../../../runtime/rule.ts";

const enc = new TextEncoder();

interface Tokens {
  names: string[] | undefined;
  rows: (string | null)[][];
  lines: number[];
  issues: Issue[];
  batchSizes: number[];
  firstRows: number[];
}

/** Runs the tokenizer over `bytes` cut at `cuts` (sorted byte offsets) and gathers rows. */
function tokenize(input: string | Uint8Array, options: CsvTokenizerOptions = {}, cuts: number[] = []): Tokens {
  const bytes = typeof input === "string" ? enc.encode(input) : input;
  const t = createCsvTokenizer(options);
  const batches = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    batches.push(...t.push(bytes.subarray(at, cut)));
    at = cut;
  }
  batches.push(...t.end());
  const out: Tokens = { names: t.names, rows: [], lines: [], issues: [], batchSizes: [], firstRows: [] };
  for (const b of batches) {
    for (let r = 0; r < b.numRows; r++) out.rows.push(b.columns.map((col) => col[r]));
    out.lines.push(...b.lines);
    out.issues.push(...b.issues);
    out.batchSizes.push(b.numRows);
    out.firstRows.push(b.firstRow);
  }
  return out;
}

const tricky =
  '\uFEFFid,"na;me",note\r\n' +
  '1,"Zoë ""the"" 日本",plain\r\n' +
  '2,"multi\nline\r\nfield",NULL\n' +
  '\n' +
  '3,"",\r' +
  '4,"🙂,😀","a ""b"""\n' +
  '5,x,"last"';

const trickyRows = [
  ["1", 'Zoë "the" 日本', "plain"],
  ["2", "multi\nline\r\nfield", null],
  ["3", "", null],
  ["4", "🙂,😀", 'a "b"'],
  ["5", "x", "last"],
];

describe("csv tokenizer", () => {
  it("reads quoted fields, doubled quotes, embedded newlines, mixed line ends, a BOM and unicode", () => {
    const t = tokenize(tricky);
    expect(t.names).toEqual(["id", "na;me", "note"]);
    expect(t.rows).toEqual(trickyRows);
    expect(t.lines).toEqual([2, 3, 7, 8, 9]);
    expect(t.issues).toEqual([]);
  });

  it("gives the same rows when the input is cut at every byte offset", () => {
    const bytes = enc.encode(tricky);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const t = tokenize(bytes, {}, [cut]);
      expect({ cut, rows: t.rows, lines: t.lines, names: t.names }).toEqual({ cut, rows: trickyRows, lines: [2, 3, 7, 8, 9], names: ["id", "na;me", "note"] });
    }
  });

  it("gives the same rows when fed one byte at a time", () => {
    const bytes = enc.encode(tricky);
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    expect(tokenize(bytes, {}, cuts).rows).toEqual(trickyRows);
  });

  it("reads LF, CRLF and CR files alike", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const t = tokenize(["a,b", "1,2", '"x\ny",3', ""].join(eol));
      expect(t.rows).toEqual([["1", "2"], ["x\ny", "3"]]);
      expect(t.lines).toEqual([2, 3]);
    }
  });

  it("splits on a configured delimiter and quote character", () => {
    const t = tokenize("a;b\n'x;y';'it''s'\n", { delimiter: ";", quote: "'" });
    expect(t.rows).toEqual([["x;y", "it's"]]);
  });

  it("names columns column1..N without a header, or takes the given names", () => {
    expect(tokenize("1,2\n3,4\n", { header: false })).toMatchObject({ names: ["column1", "column2"], rows: [["1", "2"], ["3", "4"]], lines: [1, 2] });
    expect(tokenize("1,2\n", { header: false, columns: ["a", "b"] })).toMatchObject({ names: ["a", "b"], rows: [["1", "2"]] });
  });

  it("turns only unquoted null markers into null, and honours custom markers", () => {
    expect(tokenize('a,b,c,d,e\n,NULL,null,None,"NULL"\n').rows).toEqual([[null, null, null, null, "NULL"]]);
    expect(tokenize('a,b,c\n,NA,""\n', { nullValues: ["NA"] }).rows).toEqual([["", null, ""]]);
  });

  it("suffixes repeated header names and names empty ones by position", () => {
    expect(tokenize("a,a,,a\n1,2,3,4\n").names).toEqual(["a", "a_2", "column3", "a_3"]);
  });

  it("emits column-major batches of the requested size with their first row", () => {
    const text = "n\n" + Array.from({ length: 7 }, (_, i) => `${i}\n`).join("");
    const t = tokenize(text, { batchSize: 3 });
    expect(t.batchSizes).toEqual([3, 3, 1]);
    expect(t.firstRows).toEqual([0, 3, 6]);
    expect(t.rows.map((r) => r[0])).toEqual(["0", "1", "2", "3", "4", "5", "6"]);
  });

  it("reports malformed rows with their line and keeps reading", () => {
    const text = 'a,b\n1,2\n3\n4,5,6\nx"y,7\n"q"z,8\n9,10\n"open,11\n12,13\n';
    const t = tokenize(text);
    expect(t.rows).toEqual([["1", "2"], ["9", "10"]]);
    expect(t.lines).toEqual([2, 7]);
    expect(t.issues.map((i) => [i.kind, i.line])).toEqual([
      ["malformed_row", 3],
      ["malformed_row", 4],
      ["malformed_row", 5],
      ["malformed_row", 6],
      ["malformed_row", 8],
    ]);
    expect(t.issues[0].message).toContain("1 fields where the header has 2");
    expect(t.issues[2].message).toContain("quote inside an unquoted field");
    expect(t.issues[3].message).toContain("text after a closing quote");
    expect(t.issues[4].message).toContain("unterminated quoted field");
    expect(t.issues[4].value).toStartWith('"open,11');
  });

  it("throws source.malformed in strict mode, naming the origin and line", () => {
    let error: unknown;
    try {
      tokenize("a,b\n1,2\n3\n", { strict: true, origin: "data/x.csv" });
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "source.malformed")).toBe(true);
    expect((error as Error).message).toContain("data/x.csv: line 3");
  });

  it("lists the first malformed rows and counts the rest", () => {
    const text = "a,b\n" + "1\n".repeat(5);
    const t = tokenize(text, { maxIssues: 2 });
    expect(t.issues.length).toBe(3);
    expect(t.issues[2].message).toContain("3 more malformed rows from line 4");
  });

  it("reads the last record without a final newline and skips blank lines", () => {
    expect(tokenize("a\n\n\n1\n\n2").rows).toEqual([["1"], ["2"]]);
  });

  it("replaces invalid UTF-8 instead of failing", () => {
    const bytes = new Uint8Array([...enc.encode("a\n"), 0xff, 0x41, 10]);
    expect(tokenize(bytes).rows).toEqual([["\uFFFDA"]]);
  });

  it("stops with source.malformed when one record outgrows the limit, instead of holding the file", () => {
    const t = createCsvTokenizer({ maxRecordLength: 100, origin: "big.csv" });
    t.push(enc.encode('a,b\n1,"never closed'));
    let error: unknown;
    try {
      for (let i = 0; i < 10; i++) t.push(enc.encode("x".repeat(50)));
    } catch (e) {
      error = e;
    }
    expect(isIngestError(error, "source.malformed")).toBe(true);
    expect((error as Error).message).toContain("big.csv: the record starting at line 2 is longer than 100 characters");
  });

  it("rejects a delimiter equal to the quote", () => {
    expect(() => createCsvTokenizer({ delimiter: '"' })).toThrow(/two different single characters/);
  });
});

/** Writes a table as CSV the way a careful writer would. */
function writeCsv(names: string[], rows: (string | null)[][], eol: string, bom: boolean): string {
  const cell = (v: string | null, single: boolean): string => {
    if (v === null) return single ? "NULL" : "";
    const needs = v === "" || v === "NULL" || v === "null" || v === "None" || /[",\r\n]/.test(v);
    return needs ? `"${v.replaceAll('"', '""')}"` : v;
  };
  const line = (r: (string | null)[]) => r.map((v) => cell(v, r.length === 1)).join(",");
  return (bom ? "\uFEFF" : "") + [line(names), ...rows.map(line)].map((l) => l + eol).join("");
}

describe("csv tokenizer properties", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r", "é", "日", "🙂", "N", "U", "L") });
  const cellText = fc.oneof(text, fc.constantFrom("", "NULL", "None", "null"));
  const table = fc.integer({ min: 1, max: 5 }).chain((cols) =>
    fc.record({
      names: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== ""), { minLength: cols, maxLength: cols }),
      rows: fc.array(fc.array(fc.option(cellText, { nil: null }), { minLength: cols, maxLength: cols }), { maxLength: 20 }),
      eol: fc.constantFrom("\n", "\r\n", "\r"),
      bom: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
    }),
  );

  it("reads back any table written as CSV, however the bytes are chunked", () => {
    fc.assert(
      fc.property(table, ({ names, rows, eol, bom, cuts }) => {
        const bytes = enc.encode(writeCsv(names, rows, eol, bom));
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const t = tokenize(bytes, { batchSize: 3 }, at);
        expect(t.issues).toEqual([]);
        expect(t.names).toEqual(names);
        expect(t.rows).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });
});
