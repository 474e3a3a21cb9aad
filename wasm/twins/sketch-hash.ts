/**
 * The distinct-count sketch's hash, the twin of `src/sketch_hash.rs`: MurmurHash3's `fmix64` of
 * a number's 64 bits, and of strings an FxHasher-style combine of 8-byte words finished by it.
 * JavaScript has no 64-bit integer multiply: a 64-bit value is a pair of 32-bit halves, the low
 * half of a product is `Math.imul`'s, and the carry into the high half comes from 16-bit pieces.
 */

/** The high 32 bits of the unsigned 64-bit product of two unsigned 32-bit numbers. */
function mulHigh(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  // Each sum stays below 2^32, so it is exact and `>>>` reads it whole.
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const w = (t & 0xffff) + a0 * b1;
  return a1 * b1 + (t >>> 16) + (w >>> 16);
}

// fmix64's multipliers and FxHasher's, as (high, low) halves.
const M1H = 0xff51afd7;
const M1L = 0xed558ccd;
const M2H = 0xc4ceb9fe;
const M2L = 0x1a85ec53;
const FXH = 0x517cc1b7;
const FXL = 0x27220a95;

/** The high half of fmix64(hi, lo): its last step, `x ^= x >> 33`, changes only the low half. */
function mixHigh(lo: number, hi: number): number {
  lo = (lo ^ (hi >>> 1)) >>> 0;
  let next = Math.imul(lo, M1L) >>> 0;
  hi = (mulHigh(lo, M1L) + Math.imul(lo, M1H) + Math.imul(hi, M1L)) >>> 0;
  lo = (next ^ (hi >>> 1)) >>> 0;
  next = Math.imul(lo, M2L) >>> 0;
  return (mulHigh(lo, M2L) + Math.imul(lo, M2H) + Math.imul(hi, M2L)) >>> 0;
}

/** The sketch hash of a number given as its low and high 32-bit words. */
export function sketchLongWords(low: number, high: number): number {
  return mixHigh(low >>> 0, high >>> 0);
}

const word = (d: Uint8Array, i: number) => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;

/** The sketch hash of `data[start, end)`: each 8-byte word w makes h = (rotl(h, 5) ^ w) × FX. */
export function sketchBytes(data: Uint8Array, start: number, end: number): number {
  let hi = 0;
  let lo = 0;
  let i = start;
  for (; i <= end; i += 8) {
    let wLo: number;
    let wHi: number;
    if (i + 8 <= end) {
      wLo = word(data, i);
      wHi = word(data, i + 4);
    } else {
      if (i === end) break;
      // The last word, padded with zeros.
      wLo = 0;
      wHi = 0;
      for (let k = end - 1; k >= i; k--) {
        if (k - i >= 4) wHi = (wHi << 8) | data[k]!;
        else wLo = (wLo << 8) | data[k]!;
      }
    }
    const rHi = ((hi << 5) | (lo >>> 27)) ^ wHi;
    const rLo = (((lo << 5) | (hi >>> 27)) ^ wLo) >>> 0;
    hi = (mulHigh(rLo, FXL) + Math.imul(rLo, FXH) + Math.imul(rHi, FXL)) >>> 0;
    lo = Math.imul(rLo, FXL) >>> 0;
  }
  // h ^ length: a value is far shorter than 2^32 bytes.
  return mixHigh((lo ^ (end - start)) >>> 0, hi);
}
