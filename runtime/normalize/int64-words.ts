/**
 * Writes 64- and 128-bit integers into Arrow buffers through 32-bit words, so that the common
 * case (|value| < 2^53) needs no BigInt allocation per value.
 */

const TWO32 = 4294967296;

/** Stores an exact integer |v| ≤ 2^53 as int64 at word pair `i` (little-endian, two's complement). */
export function setInt64(words: Uint32Array, i: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  words[2 * i] = v - hi * TWO32;
  words[2 * i + 1] = hi; // ToUint32 keeps the two's-complement bits of a negative high word.
}

/** Stores sec·10^6 + us as int64 micros, exact for every representable timestamp. */
export function setMicros(words: Uint32Array, big: BigInt64Array, i: number, sec: number, us: number): void {
  // 9e9 s ≈ year 2255: below that the product stays under 2^53 and is exact as a double.
  if (sec < 9e9 && sec > -9e9) setInt64(words, i, sec * 1e6 + us);
  else big[i] = BigInt(sec) * 1000000n + BigInt(us);
}

/** Stores an unscaled decimal as Decimal128 (four little-endian words). */
export function setInt128(words: Uint32Array, i: number, v: number | bigint): void {
  const o = 4 * i;
  if (typeof v === "number") {
    if ((v | 0) === v) {
      // Within int32 (most prices and quantities): no division for the high word.
      const fill = v < 0 ? 0xffffffff : 0;
      words[o] = v;
      words[o + 1] = fill;
      words[o + 2] = fill;
      words[o + 3] = fill;
      return;
    }
    const hi = Math.floor(v / TWO32);
    words[o] = v - hi * TWO32;
    words[o + 1] = hi;
    const fill = v < 0 ? 0xffffffff : 0;
    words[o + 2] = fill;
    words[o + 3] = fill;
    return;
  }
  let x = BigInt.asUintN(128, v);
  for (let k = 0; k < 4; k++) {
    words[o + k] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}
