/**
 * Text → value conversion shared by the SQL sources. The values a batch carries are fixed by
 * docs/database-types.md: int → number, long → bigint, decimal → exact text, float/double → number,
 * boolean, string, binary → Uint8Array, date `YYYY-MM-DD`, time `HH:MM:SS.ffffff`, timestamp
 * `YYYY-MM-DDTHH:MM:SS.ffffff`, timestamptz the same in UTC with `Z`, uuid/json → text, list → array.
 * Temporal values stay text so that microseconds survive (a JS Date holds milliseconds).
 */
import type { ColumnType } from "../../runtime/contract.ts";
import { IngestError } from "../../runtime/errors.ts";

export type TextParser = (text: string) => unknown;

function malformed(column: string, value: string, what: string): IngestError {
  return new IngestError(
    "source.malformed",
    `column \`${column}\` has ${what} \`${value.slice(0, 60)}\` that the contract type cannot hold; ` +
      `filter or cast it in a custom \`query\``,
    { column, value: value.slice(0, 60) },
  );
}

/** `YYYY-MM-DD HH:MM:SS[.f]` (either separator), optionally with a `+00`/`+00:00` UTC offset → ISO with 6 fraction digits. */
export function isoTimestamp(column: string, s: string, utc: boolean): string | null {
  let end = s.length;
  if (utc) {
    if (s.endsWith("+00")) end -= 3;
    else if (s.endsWith("+00:00")) end -= 6;
    else if (s.endsWith("Z")) end -= 1;
  }
  if (end < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(13) !== 58 || (end > 19 && s.charCodeAt(19) !== 46)) {
    throw malformed(column, s, "the timestamp");
  }
  if (s.startsWith("0000-00-00")) return null;
  let frac = end > 20 ? s.slice(20, end) : "";
  if (frac.length < 6) frac = (frac + "000000").slice(0, 6);
  else if (frac.length > 6) throw malformed(column, s, "the timestamp");
  return `${s.slice(0, 10)}T${s.slice(11, 19)}.${frac}${utc ? "Z" : ""}`;
}

export function isoDate(column: string, s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45) throw malformed(column, s, "the date");
  return s === "0000-00-00" ? null : s;
}

/** `HH:MM:SS[.f]` → 6 fraction digits; MySQL's negative and > 24 h TIME values keep their hours. */
export function isoTime(s: string): string {
  const dot = s.indexOf(".");
  if (dot < 0) return `${s}.000000`;
  const frac = s.slice(dot + 1);
  return frac.length === 6 ? s : `${s.slice(0, dot)}.${(frac + "000000").slice(0, 6)}`;
}

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) hexValue[48 + i] = i;
for (let i = 0; i < 6; i++) hexValue[65 + i] = hexValue[97 + i] = 10 + i;

/** PostgreSQL's hex bytea output `\x0aff` → bytes. */
export function byteaHex(column: string, s: string): Uint8Array {
  if (s.charCodeAt(0) !== 92 || s.charCodeAt(1) !== 120) throw malformed(column, s, "bytea (not hex output)");
  const out = new Uint8Array((s.length - 2) >> 1);
  for (let i = 0, j = 2; i < out.length; i++, j += 2) {
    out[i] = (hexValue[s.charCodeAt(j)]! << 4) | hexValue[s.charCodeAt(j + 1)]!;
  }
  return out;
}

/** Parses PostgreSQL's array text form (`{1,NULL,"a b"}`, nested for more dimensions). */
export function pgArray(s: string, element: TextParser): unknown[] {
  let i = s.charCodeAt(0) === 91 ? s.indexOf("=") + 1 : 0; // `[0:2]={…}` has explicit bounds
  function parseLevel(): unknown[] {
    const out: unknown[] = [];
    i++; // `{`
    if (s[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      if (s[i] === "{") out.push(parseLevel());
      else if (s[i] === '"') {
        let text = "";
        i++;
        for (; s[i] !== '"'; i++) text += s[i] === "\\" ? s[++i] : s[i];
        i++;
        out.push(element(text));
      } else {
        const start = i;
        while (s[i] !== "," && s[i] !== "}") i++;
        const text = s.slice(start, i).trim();
        out.push(text === "NULL" ? null : element(text));
      }
      if (s[i] === ",") i++;
      else {
        i++; // `}`
        return out;
      }
    }
  }
  return parseLevel();
}

/** The parser for one PostgreSQL text value of a column of contract type `t`. */
export function pgTextParser(column: string, t: ColumnType): TextParser {
  switch (t.kind) {
    case "int":
    case "double":
      return Number;
    case "float":
      return (s) => Math.fround(Number(s));
    case "long":
      return BigInt;
    case "boolean":
      return (s) => s === "t";
    case "binary":
      return (s) => byteaHex(column, s);
    case "date":
      return (s) => isoDate(column, s);
    case "time":
      return isoTime;
    case "timestamp":
      return (s) => isoTimestamp(column, s, false);
    case "timestamptz":
      return (s) => isoTimestamp(column, s, true);
    case "list": {
      const element = pgTextParser(column, t.element);
      return (s) => pgArray(s, element);
    }
    default:
      return (s) => s;
  }
}

/** Converts what mysql2 returns (with `dateStrings`, `bigNumberStrings`) to the documented values. */
export function mysqlValueConverter(column: string, t: ColumnType): ((v: unknown) => unknown) | undefined {
  switch (t.kind) {
    case "long":
      return (v) => BigInt(v as string | number);
    case "decimal":
      return (v) => String(v);
    case "float":
      return (v) => Math.fround(v as number);
    case "boolean":
      return (v) => (typeof v === "number" ? v !== 0 : v instanceof Uint8Array ? v.some((b) => b !== 0) : Boolean(v));
    case "binary":
      // mysql2 hands out views into its packet buffer: copy so a batch does not pin the packet.
      return (v) => new Uint8Array(v as Uint8Array);
    case "date":
      return (v) => isoDate(column, v as string);
    case "time":
      return (v) => isoTime(v as string);
    case "timestamp":
      return (v) => isoTimestamp(column, v as string, false);
    case "timestamptz":
      return (v) => isoTimestamp(column, v as string, true);
    case "json":
      return (v) => (typeof v === "string" ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : JSON.stringify(v));
    default:
      return undefined;
  }
}
