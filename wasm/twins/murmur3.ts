/**
 * 32-bit MurmurHash3 (x86, seed 0), the twin of `src/murmur3.rs`: Iceberg's bucket hash
 * (https://iceberg.apache.org/spec/#appendix-b-32-bit-hash-requirements). Results are signed.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH(h: number, k: number): number {
  h ^= mixK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function hashBytes(data: Uint8Array, start = 0, end = data.length): number {
  let h = 0;
  const len = end - start;
  const blockEnd = start + (len & ~3);
  let i = start;
  for (; i < blockEnd; i += 4) {
    h = mixH(h, data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    if (tail >= 3) k ^= data[i + 2]! << 16;
    if (tail >= 2) k ^= data[i + 1]! << 8;
    k ^= data[i]!;
    h ^= mixK(k);
  }
  return fmix(h, len);
}

/** Hash of a long given as its low and high 32-bit words (8 little-endian bytes). */
export function hashLongWords(lo: number, hi: number): number {
  return fmix(mixH(mixH(0, lo), hi), 8);
}

/** The minimal big-endian two's-complement bytes of a long (Java `BigInteger.toByteArray`). */
export function decimalBytes(lo: number, hi: number): Uint8Array {
  const be = new Uint8Array(8);
  const view = new DataView(be.buffer);
  view.setInt32(0, hi);
  view.setInt32(4, lo);
  let start = 0;
  while (start < 7) {
    const b = be[start]!;
    const next = be[start + 1]!;
    if ((b === 0 && (next & 0x80) === 0) || (b === 0xff && (next & 0x80) !== 0)) start++;
    else break;
  }
  return be.subarray(start);
}

export function hashDecimalWords(lo: number, hi: number): number {
  return hashBytes(decimalBytes(lo, hi));
}
