/**
 * Text → numbers and booleans without regular expressions (config-format.md §6.2 with the §12
 * fixes): integers are base-10 digits only (`"1.5"` and `"1e3"` fail rather than truncate),
 * floats are decimal or exponent notation plus `nan` / `inf` / `infinity`, booleans are
 * true/false/1/0/yes/no/on/off in any case. Surrounding spaces are allowed, as Python allowed them.
 */

const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

function trimmed(s: string): string {
  const n = s.length;
  return n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32 || s.charCodeAt(0) === 9 || s.charCodeAt(n - 1) === 9) ? s.trim() : s;
}

/**
 * Parses a base-10 integer. Returns a number when it has at most 15 digits (exact as a double),
 * a bigint for longer values within int64, or undefined when the text is not an integer.
 */
export function parseInteger(text: string): number | bigint | undefined {
  const s = trimmed(text);
  const n = s.length;
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  if (i >= n) return undefined;
  let v = 0;
  const start = i;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  if (n - start <= 15) return negative ? -v : v;
  const big = BigInt(s);
  return big < MIN_LONG || big > MAX_LONG ? undefined : big;
}

/** Parses a float; undefined when the text is not one (hex, empty, stray characters). */
export function parseFloatText(text: string): number | undefined {
  const s = trimmed(text);
  const n = s.length;
  let i = 0;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) i = 1;
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return special(s);
  if (i < n && (s.charCodeAt(i) | 32) === 101) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 45 || sign === 43) i++;
    const expStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === expStart) return undefined;
  }
  return i === n ? Number(s) : undefined;
}

function special(s: string): number | undefined {
  if (s.length > 9) return undefined;
  switch (s.toLowerCase()) {
    case "nan":
    case "+nan":
    case "-nan":
      return NaN;
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Infinity;
    case "-inf":
    case "-infinity":
      return -Infinity;
  }
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses a boolean word; undefined for anything else. */
export function parseBoolean(text: string): boolean | undefined {
  const s = trimmed(text);
  if (s.length > 5) return undefined;
  switch (s.toLowerCase()) {
    case "true":
    case "1":
    case "yes":
    case "on":
      return true;
    case "false":
    case "0":
    case "no":
    case "off":
      return false;
  }
  return undefined;
}
