/**
 * Decimal text → unscaled integer for decimal(precision, scale). Exact: a value with more
 * significant fraction digits than the scale, or more digits than the precision, fails instead of
 * being rounded (a silent change of the data). Accepts `-12.30`, `+.5`, `1.5e3`.
 */

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The unscaled value (number when ≤ 15 digits, else bigint), or undefined. */
export function parseDecimal(text: string, precision: number, scale: number): number | bigint | undefined {
  const fast = parsePlainDecimal(text, precision, scale);
  return fast !== null ? fast : parseAnyDecimal(text, precision, scale);
}

/**
 * The common case without allocation: `[-+]digits[.digits]` whose unscaled value has at most 15
 * digits and whose fraction fits the scale. Returns null to defer to the general parser.
 */
function parsePlainDecimal(s: string, precision: number, scale: number): number | undefined | null {
  const n = s.length;
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let v = 0;
  let intDigits = 0;
  let fracDigits = 0;
  let seen = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    if (v > 0) intDigits++;
    seen++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      fracDigits++;
      seen++;
    }
  }
  if (i !== n || seen === 0 || seen > 15 || fracDigits > scale) return null;
  if (intDigits > precision - scale) return undefined;
  const unscaled = v * POW10[scale - fracDigits];
  if (!(unscaled <= 999999999999999)) return null;
  return negative && unscaled !== 0 ? -unscaled : unscaled;
}

function parseAnyDecimal(text: string, precision: number, scale: number): number | bigint | undefined {
  const s = text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) ? text.trim() : text;
  const n = s.length;
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  let intDigits = s.slice(intStart, i);
  let fracDigits = "";
  if (i < n && s.charCodeAt(i) === 46) {
    const fracStart = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fracDigits = s.slice(fracStart, i);
  }
  if (intDigits.length + fracDigits.length === 0) return undefined;
  if (i < n && (s.charCodeAt(i) | 32) === 101) {
    i++;
    let expNegative = false;
    const sign = s.charCodeAt(i);
    if (sign === 45 || sign === 43) {
      expNegative = sign === 45;
      i++;
    }
    const expStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === expStart || i - expStart > 4) return undefined;
    const exp = Number(s.slice(expStart, i)) * (expNegative ? -1 : 1);
    // Move the decimal point: the digits stay, only the split changes.
    const all = intDigits + fracDigits;
    const point = intDigits.length + exp;
    if (point <= 0) {
      intDigits = "";
      fracDigits = "0".repeat(-point) + all;
    } else if (point >= all.length) {
      intDigits = all + "0".repeat(point - all.length);
      fracDigits = "";
    } else {
      intDigits = all.slice(0, point);
      fracDigits = all.slice(point);
    }
  }
  if (i !== n) return undefined;
  if (fracDigits.length > scale) {
    for (let k = scale; k < fracDigits.length; k++) if (fracDigits.charCodeAt(k) !== 48) return undefined;
    fracDigits = fracDigits.slice(0, scale);
  } else if (fracDigits.length < scale) {
    fracDigits += "0".repeat(scale - fracDigits.length);
  }
  let z = 0;
  while (z < intDigits.length && intDigits.charCodeAt(z) === 48) z++;
  intDigits = intDigits.slice(z);
  if (intDigits.length > precision - scale) return undefined;
  const unscaled = intDigits + fracDigits;
  if (unscaled.length <= 15) {
    const v = Number(unscaled);
    return negative && v !== 0 ? -v : v;
  }
  const big = BigInt(unscaled);
  return negative ? -big : big;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
