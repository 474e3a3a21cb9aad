/**
 * Typed parsing of CSV fields: the twin of `src/parse.rs` (its header lists the formats, which
 * are those of `runtime/normalize`).
 */
import { CanParse, decimalOf, type ParseKind, type ParsedColumn, type ParseValues, ParseStatus, type ValuesOf } from "../kernels.ts";

const SP = 32;
const TAB = 9;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function equalsWord(d: Uint8Array, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (lower(d[s + k]!) !== word.charCodeAt(k)) return false;
  return true;
}

function text(d: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let k = s; k < e; k++) out += String.fromCharCode(d[k]!);
  return out;
}

/** The index after an optional `+` or `-` at `s` (the value is negative when `d[s]` is `-`). */
function afterSign(d: Uint8Array, s: number): number {
  const c = d[s];
  return c === 45 || c === 43 ? s + 1 : s;
}

const twoTo32 = 4294967296;
const minI64 = -(2n ** 63n);
const maxI64 = 2n ** 63n - 1n;

/** A long as a JS number when it is safe, else a bigint; null when it does not parse. */
export function parseLong(d: Uint8Array, s: number, e: number): number | bigint | null {
  const neg = d[s] === 45;
  const k = afterSign(d, s);
  if (k === e) return null;
  for (let j = k; j < e; j++) if (!isDigit(d[j]!)) return null;
  if (e - k <= 15) {
    let v = 0;
    for (let j = k; j < e; j++) v = v * 10 + (d[j]! - 48);
    return neg ? -v : v;
  }
  const big = BigInt((neg ? "-" : "") + text(d, k, e));
  return big < minI64 || big > maxI64 ? null : big;
}

export function parseDouble(d: Uint8Array, s: number, e: number): number | null {
  const neg = d[s] === 45;
  let k = afterSign(d, s);
  if (equalsWord(d, k, e, "nan")) return NaN;
  if (equalsWord(d, k, e, "inf") || equalsWord(d, k, e, "infinity")) return neg ? -Infinity : Infinity;
  let i = k;
  let mantissa = 0;
  while (i < e && isDigit(d[i]!)) {
    i++;
    mantissa++;
  }
  if (i < e && d[i] === 46) {
    i++;
    while (i < e && isDigit(d[i]!)) {
      i++;
      mantissa++;
    }
  }
  if (mantissa === 0) return null;
  if (i < e && (d[i] === 101 || d[i] === 69)) {
    i++;
    if (i < e && (d[i] === 43 || d[i] === 45)) i++;
    const expStart = i;
    while (i < e && isDigit(d[i]!)) i++;
    if (i === expStart) return null;
  }
  if (i !== e) return null;
  // Same grammar as the Rust side, and Number() rounds correctly, as Rust's parse does.
  return Number(text(d, s, e));
}

const trueWords = ["true", "1", "yes", "on"];
const falseWords = ["false", "0", "no", "off"];

export function parseBoolean(d: Uint8Array, s: number, e: number): boolean | null {
  if (e - s > 5) return null;
  for (const w of trueWords) if (equalsWord(d, s, e, w)) return true;
  for (const w of falseWords) if (equalsWord(d, s, e, w)) return false;
  return null;
}

function digits(d: Uint8Array, s: number, e: number): number {
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = d[k]!;
    if (!(c >= 48 && c <= 57)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, day: number): number {
  y = m <= 2 ? y - 1 : y;
  const era = Math.trunc((y >= 0 ? y : y - 399) / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.trunc((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.trunc(yoe / 4) - Math.trunc(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function parseDate(d: Uint8Array, s: number, e: number): number | null {
  if (e - s !== 10 || d[s + 4] !== 45 || d[s + 7] !== 45) return null;
  const y = digits(d, s, s + 4);
  const m = digits(d, s + 5, s + 7);
  const day = digits(d, s + 8, s + 10);
  if (y < 0 || m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, day);
}

/** Microseconds since the epoch, as a number when safe, else a bigint. */
export function parseTimestamp(d: Uint8Array, s: number, e: number): number | bigint | null {
  const n = e - s;
  if (n < 10) return null;
  const days = parseDate(d, s, s + 10);
  if (days === null) return null;
  if (n === 10) return days < 100000 && days > -100000 ? days * 86400e6 : BigInt(days) * 86400000000n;
  const sep = d[s + 10];
  if ((sep !== 84 && sep !== 116 && sep !== 32) || n < 16 || d[s + 13] !== 58) return null;
  const h = digits(d, s + 11, s + 13);
  const mi = digits(d, s + 14, s + 16);
  if (h < 0 || mi < 0) return null;
  let sec = 0;
  let micros = 0;
  let i = s + 16;
  if (i < e && d[i] === 58) {
    if (i + 3 > e) return null;
    sec = digits(d, i + 1, i + 3);
    if (sec < 0) return null;
    i += 3;
    if (i < e && (d[i] === 46 || d[i] === 44)) {
      i++;
      const start = i;
      let scale = 100000;
      while (i < e && isDigit(d[i]!)) {
        micros += (d[i]! - 48) * scale;
        scale = scale >= 10 ? scale / 10 : 0;
        i++;
      }
      if (i === start) return null;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return null;
  let offset = 0;
  if (i < e) {
    const z = d[i];
    if ((z === 90 || z === 122) && i + 1 === e) {
      // UTC
    } else if (z === 43 || z === 45) {
      if (i + 3 > e) return null;
      const oh = digits(d, i + 1, i + 3);
      const rest = e - i - 3;
      let om = 0;
      if (rest === 3 && d[i + 3] === 58) om = digits(d, i + 4, i + 6);
      else if (rest === 2) om = digits(d, i + 3, i + 5);
      else if (rest !== 0) return null;
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return null;
      offset = (oh * 3600 + om * 60) * (z === 45 ? -1 : 1);
    } else return null;
  }
  const seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset;
  if (Math.abs(seconds) < 9e9) return seconds * 1e6 + micros;
  return BigInt(seconds) * 1000000n + BigInt(micros);
}

/**
 * The unscaled value of decimal(precision, scale) (precision ≤ 18): the rules of `parse_decimal`
 * in `src/parse/numbers.rs`. A number when it is safe, else a bigint; null when it does not parse.
 */
export function parseDecimalUnscaled(d: Uint8Array, s: number, e: number, precision: number, scale: number): number | bigint | null {
  if (precision === 0 || precision > 18 || scale > precision) return null;
  const neg = d[s] === 45;
  let k = afterSign(d, s);
  // Up to 15 digits a double holds every unscaled value exactly; wider decimals use a bigint.
  const wide = precision > 15;
  let v = 0;
  let big = 0n;
  let intDigits = 0;
  let seen = 0;
  for (; k < e && isDigit(d[k]!); k++) {
    const digit = d[k]! - 48;
    if (v > 0 || big > 0n || digit > 0) {
      if (intDigits === precision - scale) return null;
      intDigits++;
    }
    if (wide) big = big * 10n + BigInt(digit);
    else v = v * 10 + digit;
    seen++;
  }
  let fracDigits = 0;
  if (k < e && d[k] === 46) {
    for (k++; k < e && isDigit(d[k]!); k++) {
      if (fracDigits === scale) return null;
      const digit = d[k]! - 48;
      if (wide) big = big * 10n + BigInt(digit);
      else v = v * 10 + digit;
      fracDigits++;
      seen++;
    }
  }
  if (k !== e || seen === 0) return null;
  for (let f = fracDigits; f < scale; f++) {
    if (wide) big *= 10n;
    else v *= 10;
  }
  if (!wide) return neg && v !== 0 ? -v : v;
  return neg ? -big : big;
}

/** Writes a long given as a safe number or a bigint into word `i` of an Int32 view of an i64 array. */
function setLong(words: Int32Array, values: BigInt64Array, i: number, v: number | bigint): void {
  if (typeof v === "bigint") values[i] = v;
  else {
    words[2 * i] = v >>> 0;
    words[2 * i + 1] = Math.floor(v / twoTo32) | 0;
  }
}

function trimmed(d: Uint8Array, s: number, e: number): [number, number] {
  while (s < e && (d[s] === SP || d[s] === TAB)) s++;
  while (e > s && (d[e - 1] === SP || d[e - 1] === TAB)) e--;
  return [s, e];
}

export function parseColumn<K extends ParseKind>(data: Uint8Array, starts: Int32Array, ends: Int32Array, kind: K): ParsedColumn<K> {
  return parseStrided(data, starts, ends, 0, 1, starts.length, kind);
}

/** Rows in `fields` fields of `columns` columns; throws when they do not divide. */
export function rowsOf(fields: number, columns: number): number {
  if (columns < 1 || fields % columns !== 0) {
    throw new RangeError(`csvColumns got ${fields} fields for ${columns} columns; pass whole records only (drop or repair records with another field count first)`);
  }
  return fields / columns;
}

/** Parses field `first + i * step` as row i (fields in record order, one column of them). */
export function parseStrided<K extends ParseKind>(data: Uint8Array, starts: Int32Array, ends: Int32Array, first: number, step: number, n: number, kind: K): ParsedColumn<K> {
  const status = new Uint8Array(n);
  let invalid = 0;
  const mark = (i: number, ok: boolean) => {
    if (ok) status[i] = ParseStatus.ok;
    else {
      status[i] = ParseStatus.invalid;
      invalid++;
    }
  };
  let values: ParseValues[keyof ParseValues];
  const decimal = kind.startsWith("decimal(") ? decimalOf(kind) : null;
  if (decimal || kind === "int64" || kind === "timestamp") {
    const out = new BigInt64Array(n);
    const words = new Int32Array(out.buffer);
    const parse = decimal
      ? (d: Uint8Array, s: number, e: number) => parseDecimalUnscaled(d, s, e, decimal.precision, decimal.scale)
      : kind === "int64" ? parseLong : parseTimestamp;
    for (let i = 0; i < n; i++) {
      const [s, e] = trimmed(data, starts[first + i * step]!, ends[first + i * step]!);
      if (s === e) continue;
      const v = parse(data, s, e);
      if (v !== null) setLong(words, out, i, v);
      mark(i, v !== null);
    }
    values = out;
  } else if (kind === "float64") {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [s, e] = trimmed(data, starts[first + i * step]!, ends[first + i * step]!);
      if (s === e) continue;
      const v = parseDouble(data, s, e);
      if (v !== null) out[i] = v;
      mark(i, v !== null);
    }
    values = out;
  } else if (kind === "bool") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const [s, e] = trimmed(data, starts[first + i * step]!, ends[first + i * step]!);
      if (s === e) continue;
      const v = parseBoolean(data, s, e);
      if (v !== null) out[i] = v ? 1 : 0;
      mark(i, v !== null);
    }
    values = out;
  } else {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const [s, e] = trimmed(data, starts[first + i * step]!, ends[first + i * step]!);
      if (s === e) continue;
      let v: number | null;
      if (kind === "date") v = parseDate(data, s, e);
      else {
        const l = parseLong(data, s, e);
        v = typeof l === "number" && l === (l | 0) ? l : null;
      }
      if (v !== null) out[i] = v;
      mark(i, v !== null);
    }
    values = out;
  }
  return { values: values as ValuesOf<K>, status, invalid };
}

export function inferColumn(data: Uint8Array, starts: Int32Array, ends: Int32Array): number {
  let mask = CanParse.int32 | CanParse.int64 | CanParse.float64 | CanParse.bool | CanParse.date | CanParse.timestamp;
  let seen = 0;
  for (let i = 0; i < starts.length; i++) {
    const [s, e] = trimmed(data, starts[i]!, ends[i]!);
    if (s === e) continue;
    seen = CanParse.hasValues;
    if (mask & (CanParse.int32 | CanParse.int64)) {
      const v = parseLong(data, s, e);
      if (v === null) mask &= ~(CanParse.int32 | CanParse.int64);
      else if (!(typeof v === "number" && v === (v | 0))) mask &= ~CanParse.int32;
    }
    if (mask & CanParse.float64 && parseDouble(data, s, e) === null) mask &= ~CanParse.float64;
    if (mask & CanParse.bool && parseBoolean(data, s, e) === null) mask &= ~CanParse.bool;
    if (mask & CanParse.date && parseDate(data, s, e) === null) mask &= ~CanParse.date;
    if (mask & CanParse.timestamp && parseTimestamp(data, s, e) === null) mask &= ~CanParse.timestamp;
    if (mask === 0) break;
  }
  return mask | seen;
}
