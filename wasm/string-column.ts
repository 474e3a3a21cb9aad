/** Builds the UTF-8 `data` + `offsets` form of a string column (and its validity) from JS strings. */
import type { StringColumn } from "./kernels.ts";

export function stringColumn(values: readonly (string | null | undefined)[]): StringColumn & { validity: Uint8Array } {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const offsets = new Int32Array(values.length + 1);
  const validity = new Uint8Array(values.length);
  let total = 0;
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) {
      const bytes = encoder.encode(v);
      parts.push(bytes);
      total += bytes.length;
      validity[i] = 1;
    }
    offsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { data, offsets, validity };
}
