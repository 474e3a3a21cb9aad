/**
 * Partition values of a whole column at once, from the bucket and truncate kernels (spec
 * "Partition Transforms", Appendix B for the hashes). The kernels work on the Arrow buffers
 * directly, so a batch costs one call instead of a hash per row in JavaScript. Columns the
 * kernels do not cover (decimal, uuid, binary, nanosecond timestamps, chunked vectors) return
 * null and are transformed row by row by `transforms.ts`.
 */
import type * as arrow from "apache-arrow";
import type { Kernels } from "../../wasm/index.ts";
import { utf8Value } from "../utf8-value.ts";

const int32Types = new Set(["int", "date"]);
const int64Types = new Set(["long", "time", "timestamp", "timestamptz"]);
const bucketPattern = /^bucket\[\s*(\d+)\s*\]$/;
const truncatePattern = /^truncate\[\s*(\d+)\s*\]$/;

/** The partition value of each row (null for null rows), or null when the kernels do not apply. */
export function kernelPartitionValues(kernels: Kernels, transform: string, sourceType: string, vector: arrow.Vector): unknown[] | null {
  if (vector.data.length !== 1) return null;
  const data = vector.data[0]!;
  const n = data.length;
  const bucket = bucketPattern.exec(transform);
  const truncate = truncatePattern.exec(transform);
  if (!bucket && !truncate) return null;
  let out: ArrayLike<unknown>;
  if (sourceType === "string") {
    const offsets = (data.valueOffsets as Int32Array).subarray(0, n + 1);
    const bytes = data.values as Uint8Array;
    if (bucket) out = kernels.bucketBytes({ data: bytes, offsets }, Number(bucket[1]));
    else {
      const lengths = kernels.truncateString({ data: bytes, offsets }, Number(truncate![1]));
      const strings = new Array<string>(n);
      for (let i = 0; i < n; i++) strings[i] = utf8Value(bytes.subarray(offsets[i]!, offsets[i]! + lengths[i]!));
      out = strings;
    }
  } else if (int32Types.has(sourceType)) {
    const values = (data.values as Int32Array).subarray(0, n);
    if (bucket) out = kernels.bucketInt32(values, Number(bucket[1]));
    else if (sourceType === "int") out = kernels.truncateInt32(values, Number(truncate![1]));
    else return null;
  } else if (int64Types.has(sourceType)) {
    const values = (data.values as BigInt64Array).subarray(0, n);
    if (bucket) out = kernels.bucketInt64(values, Number(bucket[1]));
    else if (sourceType === "long") out = kernels.truncateInt64(values, BigInt(truncate![1]!));
    else return null;
  } else return null;
  const result = new Array<unknown>(n);
  for (let i = 0; i < n; i++) result[i] = data.getValid(i) ? out[i] : null;
  return result;
}
