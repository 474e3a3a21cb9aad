/**
 * HyperLogLog distinct counts over the registers the kernels fill (precision 12: 4096 one-byte
 * registers, ~1.6 % standard error). The estimate is computed here, once, for both kernel
 * implementations, because `Math.log` and Rust's `ln` need not agree to the last bit.
 * Flajolet et al., "HyperLogLog: the analysis of a near-optimal cardinality estimation
 * algorithm" (2007), with the small-range (linear counting) correction.
 */
export const hllPrecision = 12;
export const hllSize = 1 << hllPrecision;

export function hllRegisters(): Uint8Array {
  return new Uint8Array(hllSize);
}

/** Merges `from` into `into` (the sketch of the union). */
export function hllMerge(into: Uint8Array, from: Uint8Array): Uint8Array {
  for (let i = 0; i < hllSize; i++) if (from[i]! > into[i]!) into[i] = from[i]!;
  return into;
}

export function hllEstimate(registers: Uint8Array): number {
  const m = hllSize;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    const r = registers[i]!;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / m);
  const estimate = (alpha * m * m) / sum;
  if (estimate <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(estimate);
}
