/**
 * Dates, times and timestamps from text, by hand rather than with regular expressions or
 * `Date.parse` (which guesses and is host-dependent). Accepted (config-format.md §6.2 with the §12
 * fixes):
 *   date        YYYY-MM-DD
 *   time        HH:MM[:SS[.fraction]]
 *   timestamp   YYYY-MM-DD, or YYYY-MM-DD(T| )HH:MM[:SS[(.|,)fraction]] with an optional zone
 *               `Z`, `±HH`, `±HHMM` or `±HH:MM`
 * A value with a zone is converted to UTC; one without is taken as it stands (UTC wall time for
 * `timestamptz`). Fractions beyond microseconds are truncated. Out-of-range parts (month 13,
 * February 30, hour 24) fail.
 */

/** Set by the parsers on success: seconds and the microsecond part (0 ≤ us < 10^6). */
export const parsed = { sec: 0, us: 0 };

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days of a `YYYY-MM-DD` prefix at 0, or NaN. */
function datePart(s: string): number {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** Parses `HH:MM[:SS[.f]]` at `at`, up to `end`; sets `parsed`, returns the index after it or -1. */
function timePart(s: string, at: number, end: number): number {
  if (at + 5 > end || s.charCodeAt(at + 2) !== 58) return -1;
  const h = digits(s, at, 2);
  const mi = digits(s, at + 3, 2);
  let sec = 0;
  let us = 0;
  let i = at + 5;
  if (i < end && s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    if (i + 3 > end || sec < 0) return -1;
    i += 3;
    const c = s.charCodeAt(i);
    if (i < end && (c === 46 || c === 44)) {
      i++;
      const start = i;
      let scale = 100000;
      while (i < end) {
        const d = s.charCodeAt(i) - 48;
        if (!(d >= 0 && d <= 9)) break;
        us += d * scale;
        scale = scale >= 10 ? scale / 10 : 0;
        i++;
      }
      if (i === start) return -1;
    }
  }
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec > 59) return -1;
  parsed.sec = h * 3600 + mi * 60 + sec;
  parsed.us = us;
  return i;
}

function trimmed(s: string): string {
  const n = s.length;
  return n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) ? s.trim() : s;
}

/** `YYYY-MM-DD` → days since the epoch, or undefined. */
export function parseDate(text: string): number | undefined {
  const s = trimmed(text);
  if (s.length !== 10) return undefined;
  const days = datePart(s);
  return Number.isNaN(days) ? undefined : days;
}

/** `HH:MM[:SS[.f]]` → microseconds since midnight, or undefined. */
export function parseTime(text: string): number | undefined {
  const s = trimmed(text);
  return timePart(s, 0, s.length) === s.length ? parsed.sec * 1e6 + parsed.us : undefined;
}

/** Parses a timestamp; on success sets `parsed` (UTC seconds and micros) and returns true. */
export function parseTimestamp(text: string): boolean {
  const s = trimmed(text);
  const days = datePart(s);
  if (Number.isNaN(days)) return false;
  const n = s.length;
  if (n === 10) {
    parsed.sec = days * 86400;
    parsed.us = 0;
    return true;
  }
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return false;
  const end = timePart(s, 11, n);
  if (end < 0) return false;
  let offset = 0;
  if (end < n) {
    const z = s.charCodeAt(end);
    if ((z === 90 || z === 122) && end + 1 === n) {
      offset = 0;
    } else if (z === 43 || z === 45) {
      const oh = digits(s, end + 1, 2);
      let om = 0;
      const rest = n - end - 3;
      if (rest === 3 && s.charCodeAt(end + 3) === 58) om = digits(s, end + 4, 2);
      else if (rest === 2) om = digits(s, end + 3, 2);
      else if (rest !== 0) return false;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return false;
      offset = (z === 45 ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return false;
    }
  }
  parsed.sec = days * 86400 + parsed.sec - offset;
  return true;
}
