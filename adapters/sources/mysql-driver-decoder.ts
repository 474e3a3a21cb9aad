/**
 * A MySQL / MariaDB value from its text-protocol bytes, exactly as mysql2 3.x hands it out with
 * the MySQL source's row options (`rowsAsArray`, `supportBigNumbers`, `bigNumberStrings`,
 * `dateStrings`, and the owned pool's `jsonStrings`): lib/parsers/text_parser.js picks the read
 * per column type, and lib/packets/packet.js does it. mysql-text-cells.ts decodes the columns
 * the kernels do not read this way, so that they reach the JS-value path's converter as the
 * same values.
 */
import { utf8Value } from "../../runtime/utf8-value.ts";
import type { RowTapField } from "./mysql-row-tap.ts";

/** A value as mysql2 gives it, from `bytes[start, end)`. */
export type Decode = (bytes: Uint8Array, start: number, end: number) => unknown;

/** Protocol column types (MySQL docs, "enum_field_types"). */
const T = { DECIMAL: 0, TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, NULL: 6, TIMESTAMP: 7, LONGLONG: 8, INT24: 9, DATE: 10, TIME: 11, DATETIME: 12, YEAR: 13, NEWDATE: 14, VECTOR: 242, JSON: 245, NEWDECIMAL: 246, GEOMETRY: 255 };
/** The character set of bytes (`binary`), which mysql2 hands out as a Buffer. */
const BINARY = 63;

/** `parseIntNoBigCheck`: digits after an optional sign, as a number. */
const decodeInt: Decode = (b, s, e) => {
  if (s === e) return 0;
  let sign = 1;
  if (b[s] === 45) {
    sign = -1;
    s++;
  }
  if (b[s] === 43) s++;
  let v = 0;
  for (; s < e; s++) v = v * 10 + (b[s]! - 48);
  return v * sign;
};

/**
 * `parseFloat` of mysql2's packet (its own digit loop up to 17 characters, the engine's parser
 * for longer text or an exponent): the same double it gives, bit for bit.
 */
const decodeFloat: Decode = (b, s, e) => {
  const len = e - s;
  if (len === 0) return 0;
  if (len > 17) return Number.parseFloat(latin1(b, s, e));
  let factor = 1;
  let past = false;
  let v = 0;
  let i = s;
  if (b[i] === 45) {
    i++;
    factor = -1;
  }
  if (b[i] === 43) i++;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c === 46) past = true;
    else if (c === 101 || c === 69) return Number.parseFloat(latin1(b, s, e));
    else {
      v = v * 10 + (c - 48);
      if (past) factor *= 10;
    }
  }
  return v / factor;
};

/** Text the server prints in ASCII (dates, times, decimals, big integers). */
function latin1(b: Uint8Array, s: number, e: number): string {
  let t = "";
  for (let i = s; i < e; i++) t += String.fromCharCode(b[i]!);
  return t;
}

const decodeAscii: Decode = latin1;
/** Text as mysql2 decodes it, a leading U+FEFF kept (its Buffer decoding keeps it too). */
const decodeUtf8: Decode = (b, s, e) => utf8Value(b.subarray(s, e));
/** mysql2 hands out a view of its packet; the JS-value path's converter copies it. */
const decodeBytes: Decode = (b, s, e) => b.subarray(s, e);

/**
 * How mysql2 reads a column (text_parser.js `readCodeFor` with this source's options), and
 * whether that is the string of the bytes themselves; none when it is not one of these.
 */
export function driverDecoder(f: RowTapField): { decode: Decode; text: boolean } | undefined {
  const decode = decoderOf(f);
  return decode && { decode, text: decode === decodeUtf8 || decode === decodeAscii };
}

function decoderOf(f: RowTapField): Decode | undefined {
  if (f.extendedFormat === "json") return f.encoding === "utf8" ? decodeUtf8 : undefined;
  switch (f.columnType) {
    case T.TINY:
    case T.SHORT:
    case T.LONG:
    case T.INT24:
    case T.YEAR:
      return decodeInt;
    case T.FLOAT:
    case T.DOUBLE:
      return decodeFloat;
    case T.LONGLONG:
    case T.DECIMAL:
    case T.NEWDECIMAL:
    case T.DATE:
    case T.NEWDATE:
    case T.DATETIME:
    case T.TIMESTAMP:
    case T.TIME:
      return decodeAscii;
    case T.JSON:
      return decodeUtf8;
    case T.NULL:
    case T.GEOMETRY:
    case T.VECTOR:
      return undefined;
    default:
      if (f.characterSet === BINARY) return decodeBytes;
      return f.encoding === "utf8" ? decodeUtf8 : undefined;
  }
}
