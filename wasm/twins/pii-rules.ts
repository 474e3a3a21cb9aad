/**
 * The PII scanners, one per kind: the twins of `src/pii/addresses.rs` and `src/pii/numbers.rs`,
 * rule for rule, over UTF-8 bytes `s[b, e)`.
 */

export type Bytes = Uint8Array;

const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
const isUpper = (c: number | undefined) => c !== undefined && c >= 65 && c <= 90;
const isLowerCase = (c: number | undefined) => c !== undefined && c >= 97 && c <= 122;
const isAlpha = (c: number | undefined) => isUpper(c) || isLowerCase(c);
const isAlnum = (c: number | undefined) => isDigit(c) || isAlpha(c);
const isHex = (c: number | undefined) => isDigit(c) || (c !== undefined && ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)));
const isSep = (c: number | undefined) => c === 45 || c === 46 || c === 32;
const localChar = (c: number | undefined) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;

// Views run over s[b, e); indexes below are absolute.
function freeBefore(s: Bytes, b: number, i: number): boolean {
  return i === b || !isAlnum(s[i - 1]);
}
function freeAfter(s: Bytes, e: number, i: number): boolean {
  return i >= e || !isAlnum(s[i]);
}
function at(s: Bytes, e: number, i: number): number | undefined {
  return i < e ? s[i] : undefined;
}

export function hasEmail(s: Bytes, b: number, e: number): boolean {
  for (let a = b; a < e; a++) {
    if (s[a] !== 64 || a === b || !localChar(s[a - 1])) continue;
    let end = a + 1;
    while (end < e && (isAlnum(s[end]) || s[end] === 46 || s[end] === 45)) end++;
    while (end > a + 1 && s[end - 1] === 46) end--;
    if (end === a + 1) continue;
    let labels = 0;
    let ok = true;
    let labelStart = a + 1;
    let lastStart = labelStart;
    let lastEnd = labelStart;
    for (let k = a + 1; k <= end; k++) {
      if (k === end || s[k] === 46) {
        if (k === labelStart) {
          ok = false;
          break;
        }
        labels++;
        lastStart = labelStart;
        lastEnd = k;
        labelStart = k + 1;
      }
    }
    if (!ok || labels < 2 || lastEnd - lastStart < 2) continue;
    let alpha = true;
    for (let k = lastStart; k < lastEnd; k++) if (!isAlpha(s[k])) alpha = false;
    if (alpha) return true;
  }
  return false;
}

function luhn(digits: number[]): boolean {
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let v = digits[digits.length - 1 - k]!;
    if (k % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

export function hasCard(s: Bytes, b: number, e: number): boolean {
  let i = b;
  while (i < e) {
    if (!isDigit(s[i]) || !freeBefore(s, b, i)) {
      i++;
      continue;
    }
    const digits: number[] = [];
    let j = i;
    let tooLong = false;
    let sep = 0;
    let firstGroup = 0;
    let groupedOk = true;
    for (;;) {
      if (digits.length === 19) {
        tooLong = true;
        break;
      }
      digits.push(s[j]! - 48);
      j++;
      if (isDigit(at(s, e, j))) continue;
      if (j < e && (s[j] === 32 || s[j] === 45) && isDigit(at(s, e, j + 1))) {
        if (sep === 0) {
          sep = s[j]!;
          firstGroup = digits.length;
        } else if (sep !== s[j]) groupedOk = false;
        j++;
        continue;
      }
      break;
    }
    groupedOk = groupedOk && (sep === 0 || firstGroup === 4);
    if (!tooLong && groupedOk && digits.length >= 13 && freeAfter(s, e, j) && luhn(digits)) return true;
    while (j < e && (isDigit(s[j]) || s[j] === 32 || s[j] === 45)) j++;
    i = Math.max(j, i + 1);
  }
  return false;
}

function ibanChecksum(chars: number[], len: number): boolean {
  let r = 0;
  for (let k = 0; k < len; k++) {
    const c = chars[(k + 4) % len]!;
    r = isDigit(c) ? (r * 10 + (c - 48)) % 97 : (r * 100 + (c - 55)) % 97;
  }
  return r === 1;
}

export function hasIban(s: Bytes, b: number, e: number): boolean {
  for (let i = b; i < e; i++) {
    if (!freeBefore(s, b, i) || i + 4 > e || !isUpper(s[i]) || !isUpper(s[i + 1]) || !isDigit(s[i + 2]) || !isDigit(s[i + 3])) continue;
    const chars: number[] = [];
    const cuts: number[] = [];
    let j = i;
    while (j < e && chars.length < 34) {
      const c = s[j]!;
      if (isUpper(c) || isDigit(c)) {
        chars.push(c);
        j++;
      } else if (c === 32 && j + 1 < e && (isUpper(s[j + 1]) || isDigit(s[j + 1]))) {
        cuts.push(chars.length);
        j++;
      } else break;
    }
    if (freeAfter(s, e, j)) cuts.push(chars.length);
    while (cuts.length > 0) {
      const len = cuts.pop()!;
      if (len >= 15 && len <= 34 && ibanChecksum(chars, len)) return true;
    }
  }
  return false;
}

export function hasSsn(s: Bytes, b: number, e: number): boolean {
  for (let i = b; i + 11 <= e; i++) {
    let shape = true;
    for (let k = 0; k < 11 && shape; k++) shape = k === 3 || k === 6 ? s[i + k] === 45 : isDigit(s[i + k]);
    if (!shape) continue;
    if (i > b && (isAlnum(s[i - 1]) || s[i - 1] === 45)) continue;
    if (i + 11 < e && (isAlnum(s[i + 11]) || s[i + 11] === 45)) continue;
    const area = (s[i]! - 48) * 100 + (s[i + 1]! - 48) * 10 + (s[i + 2]! - 48);
    const group = (s[i + 4]! - 48) * 10 + (s[i + 5]! - 48);
    const serial = (s[i + 7]! - 48) * 1000 + (s[i + 8]! - 48) * 100 + (s[i + 9]! - 48) * 10 + (s[i + 10]! - 48);
    if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) continue;
    return true;
  }
  return false;
}

function runOfDigits(s: Bytes, e: number, i: number, n: number): boolean {
  if (i + n > e) return false;
  for (let k = i; k < i + n; k++) if (!isDigit(s[k])) return false;
  return true;
}

function digitAfterSeps(s: Bytes, e: number, end: number): boolean {
  let j = end;
  while (j < e && (isSep(s[j]) || s[j] === 40 || s[j] === 41)) j++;
  return j > end && isDigit(at(s, e, j));
}

export function hasPhone(s: Bytes, b: number, e: number): boolean {
  for (let i = b; i < e; i++) {
    if (!freeBefore(s, b, i)) continue;
    if (s[i] === 43 && isDigit(at(s, e, i + 1))) {
      let digits = 0;
      let j = i + 1;
      let end = j;
      let seps = 0;
      while (j < e) {
        const c = s[j];
        if (isDigit(c)) {
          digits++;
          seps = 0;
          end = j + 1;
        } else if (isSep(c) || c === 40 || c === 41) {
          if (++seps > 2) break;
        } else break;
        j++;
      }
      if (digits >= 8 && digits <= 15 && freeAfter(s, e, end) && !digitAfterSeps(s, e, end)) return true;
      continue;
    }
    let j: number;
    if (s[i] === 40) {
      if (!(runOfDigits(s, e, i + 1, 3) && i + 4 < e && s[i + 4] === 41)) continue;
      j = i + 5 < e && s[i + 5] === 32 ? i + 6 : i + 5;
    } else if (runOfDigits(s, e, i, 3) && i + 3 < e && isSep(s[i + 3])) j = i + 4;
    else continue;
    if (runOfDigits(s, e, j, 3) && j + 3 < e && isSep(s[j + 3]) && runOfDigits(s, e, j + 4, 4) && freeAfter(s, e, j + 8)) return true;
  }
  return false;
}

export function hasIpv4(s: Bytes, b: number, e: number): boolean {
  for (let i = b; i < e; i++) {
    if (!isDigit(s[i]) || (i > b && (isAlnum(s[i - 1]) || s[i - 1] === 46))) continue;
    let j = i;
    let ok = true;
    for (let part = 0; part < 4; part++) {
      const start = j;
      let v = 0;
      while (j < e && isDigit(s[j]) && j - start < 3) {
        v = v * 10 + (s[j]! - 48);
        j++;
      }
      const len = j - start;
      if (len === 0 || v > 255 || (len > 1 && s[start] === 48) || isDigit(at(s, e, j))) {
        ok = false;
        break;
      }
      if (part < 3) {
        if (j < e && s[j] === 46) j++;
        else {
          ok = false;
          break;
        }
      }
    }
    if (ok && freeAfter(s, e, j) && !(j < e && s[j] === 46 && j + 1 < e && isAlnum(s[j + 1]))) return true;
  }
  return false;
}

function groupCount(s: Bytes, b: number, e: number): number {
  if (b === e) return 0;
  let n = 0;
  let start = b;
  for (let k = b; k <= e; k++) {
    if (k === e || s[k] === 58) {
      const len = k - start;
      if (len === 0 || len > 4) return -1;
      n++;
      start = k + 1;
    }
  }
  return n;
}

function validIpv6(s: Bytes, b: number, e: number): boolean {
  let double = -1;
  let k = b;
  while (k + 1 < e) {
    if (s[k] === 58 && s[k + 1] === 58) {
      if (double >= 0) return false;
      double = k;
      k += 2;
    } else k++;
  }
  if (double < 0) return groupCount(s, b, e) === 8;
  const left = groupCount(s, b, double);
  const right = groupCount(s, double + 2, e);
  if (left < 0 || right < 0 || left + right > 7) return false;
  for (let x = b; x < e; x++) if (isHex(s[x])) return true;
  return false;
}

export function hasIpv6(s: Bytes, b: number, e: number): boolean {
  let i = b;
  while (i < e) {
    const c = s[i];
    if (!(isHex(c) || c === 58) || (i > b && (isAlnum(s[i - 1]) || s[i - 1] === 58 || s[i - 1] === 46))) {
      i++;
      continue;
    }
    let j = i;
    let colons = 0;
    while (j < e && (isHex(s[j]) || s[j] === 58)) {
      if (s[j] === 58) colons++;
      j++;
    }
    if (colons >= 2 && freeAfter(s, e, j) && validIpv6(s, i, j)) return true;
    i = Math.max(j, i + 1);
  }
  return false;
}

