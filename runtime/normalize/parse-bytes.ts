/**
 * Bytes from text: `binary` cells are PostgreSQL hex (`\x0a1b…`) or base64 (standard or URL-safe,
 * padding optional); `uuid` cells are 32 hex digits, with or without the 8-4-4-4-12 hyphens.
 */

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function hexBytes(s: string, from: number, out: Uint8Array, at: number, count: number, hyphens: boolean): boolean {
  let i = from;
  for (let k = 0; k < count; k++) {
    if (hyphens && (k === 4 || k === 6 || k === 8 || k === 10)) {
      if (s.charCodeAt(i) !== 45) return false;
      i++;
    }
    const hi = hexValue(s.charCodeAt(i));
    const lo = hexValue(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return false;
    out[at + k] = (hi << 4) | lo;
    i += 2;
  }
  return true;
}

/** Writes the 16 bytes of a uuid text at `out[at]`; false when the text is not a uuid. */
export function parseUuidInto(text: string, out: Uint8Array, at: number): boolean {
  if (text.length === 36) return hexBytes(text, 0, out, at, 16, true);
  if (text.length === 32) return hexBytes(text, 0, out, at, 16, false);
  return false;
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
B64[45] = 62; // '-' (URL-safe)
B64[95] = 63; // '_' (URL-safe)

/** Decodes `\x…` hex or base64; undefined when the text is neither. */
export function parseBinary(text: string): Uint8Array | undefined {
  if (text.charCodeAt(0) === 92 && (text.charCodeAt(1) | 32) === 120) {
    if (text.length % 2 !== 0) return undefined;
    const out = new Uint8Array((text.length - 2) / 2);
    return hexBytes(text, 2, out, 0, out.length, false) ? out : undefined;
  }
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  if (text.length - end > 2 || end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64[c] : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Base64 text of bytes, for a byte value landing in a string column. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
