import fc from "fast-check";
import { describe, expect, it } from "bun:test";
import { CopyTextParser, unescapeCopyBytes, unescapeCopyText } from "../../../adapters/sources/sql-copy-text.ts";
import { pgArray, pgTextParser } from "../../../adapters/sources/sql-values.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function parseAll(chunks: Uint8Array[], parsers = [String, String, String]) {
  const rows: unknown[][] = [];
  const p = new CopyTextParser(parsers.map((_, i) => ({ name: `c${i}`, columnType: { kind: "string" as const } })), (row) => rows.push([...row]), "test");
  for (const c of chunks) p.push(c);
  p.end();
  return rows;
}

describe("CopyTextParser", () => {
  it("splits rows and columns, reads \\N as null and unescapes only escaped values", () => {
    const rows = parseAll([enc("1\ta\\tb\t\\N\n2\tline\\nbreak \\\\ end\tx\n")]);
    expect(rows).toEqual([
      ["1", "a\tb", null],
      ["2", "line\nbreak \\ end", "x"],
    ]);
  });

  it("joins rows and multi-byte characters split across chunks", () => {
    const bytes = enc("1\tü😀\tz\n2\tb\tc\n");
    const rows = parseAll([bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)]);
    expect(rows).toEqual([
      ["1", "ü😀", "z"],
      ["2", "b", "c"],
    ]);
  });

  it("fails when the output ends inside a row", () => {
    const p = new CopyTextParser([{ name: "c", columnType: { kind: "string" } }], () => {}, "pg t");
    p.push(enc("1\n2"));
    expect(() => p.end()).toThrow("ended in the middle of a row");
  });

  it("reads numbers as +text and BigInt(text) would, at the edges of the fast integer path", () => {
    const texts = ["0", "-0", "7", "-42", "999999999999999", "-999999999999999", "1000000000000000", "9223372036854775807", "-9223372036854775808", "1.5", "-2.5e-3", "1e21", "NaN", "Infinity", "-Infinity"];
    const columns = [
      { name: "d", columnType: { kind: "double" as const } },
      { name: "i", columnType: { kind: "int" as const } },
      { name: "l", columnType: { kind: "long" as const } },
    ];
    const rows: unknown[][] = [];
    const p = new CopyTextParser(columns, (row) => rows.push([...row]), "test");
    const integral = (t: string) => /^-?\d+$/.test(t);
    p.push(enc(texts.map((t) => `${t}\t${integral(t) ? t : "1"}\t${integral(t) ? t : "1"}\n`).join("")));
    p.end();
    texts.forEach((t, r) => {
      expect(Object.is(rows[r]![0], +t)).toBe(true);
      if (integral(t)) {
        expect(Object.is(rows[r]![1], +t)).toBe(true);
        expect(rows[r]![2]).toBe(BigInt(t));
      }
    });
  });

  it("decodes octal and hex escapes", () => {
    expect(unescapeCopyText("a\\101\\x42c\\q")).toBe("aABcq");
  });

  it("unescapes a value's bytes as it unescapes its text", () => {
    // Octal and hex escapes stay below 0x80 here (no piece but an escape starts with a hex digit):
    // above it the bytes version gives the byte, not a character.
    const piece = fc.constantFrom("z", "é", "𝄞", "\\", "\\\\", "\\n", "\\t", "\\r", "\\b", "\\f", "\\v", "\\N", "\\q", "\\101", "\\7", "\\x41", "\\x4", "\\x", "\\é", "\\𝄞");
    const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(Array.from(unescapeCopyBytes(new TextEncoder().encode(text)))).toEqual(utf8(unescapeCopyText(text)));
      }),
    );
    expect(Array.from(unescapeCopyBytes(new TextEncoder().encode("\\351\\xff")))).toEqual([0xe9, 0xff]);
  });
});

describe("PostgreSQL text values", () => {
  it("parses nested, quoted and null array elements", () => {
    expect(pgArray('{{1,2},{NULL,4}}', Number)).toEqual([[1, 2], [null, 4]]);
    expect(pgArray('{"a \\"b\\"",NULL,"NULL",""}', String)).toEqual(['a "b"', null, "NULL", ""]);
    expect(pgArray("[0:1]={7,8}", Number)).toEqual([7, 8]);
  });

  it("normalises timestamps to microseconds and timestamptz to UTC text", () => {
    expect(pgTextParser("t", { kind: "timestamp" })("2024-01-02 03:04:05.5")).toBe("2024-01-02T03:04:05.500000");
    expect(pgTextParser("t", { kind: "timestamptz" })("2024-01-02 03:04:05+00")).toBe("2024-01-02T03:04:05.000000Z");
  });

  it("refuses BC and infinite timestamps as source.malformed naming the column", () => {
    expect(() => pgTextParser("created", { kind: "timestamp" })("infinity")).toThrow("column `created`");
    expect(() => pgTextParser("d", { kind: "date" })("0044-03-15 BC")).toThrow("column `d`");
  });
});
