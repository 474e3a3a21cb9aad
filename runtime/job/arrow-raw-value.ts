/**
 * Reads one cell of an Arrow vector in the value shapes the Iceberg code uses (bounds.ts,
 * transforms.ts): dates as days, times and timestamps as microseconds (bigint), longs as bigint,
 * strings as strings. arrow-js's own `get` turns timestamps into fractional milliseconds, which
 * would lose the microseconds a day or hour transform needs.
 */
import * as arrow from "apache-arrow";

export function arrowRawValue(vector: arrow.Vector, row: number): unknown {
  if (!vector.isValid(row)) return null;
  const type = vector.type;
  if (arrow.DataType.isTimestamp(type) || arrow.DataType.isTime(type) || arrow.DataType.isDate(type)) {
    let index = row;
    for (const data of vector.data) {
      if (index < data.length) {
        const value = (data.values as ArrayLike<number | bigint>)[index]!;
        return arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY ? Number(value) : BigInt(value);
      }
      index -= data.length;
    }
  }
  return vector.get(row);
}
