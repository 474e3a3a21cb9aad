/**
 * Reading Iceberg's Avro files by field id (spec "Manifests": readers resolve columns by id, and
 * writers have used different names for the same id, e.g. 504 `added_data_files_count` →
 * `added_files_count`).
 */
import type { AvroType } from "../avro/schema.ts";
import { IngestError } from "../errors.ts";

export type RecordType = AvroType & { type: "record" };

/** Unwraps `["null", T]` to T. */
export function nonNull(type: AvroType): AvroType {
  if (type.type !== "union") return type;
  return type.branches.find((b) => b.type !== "null") ?? type;
}

export function asRecordType(type: AvroType, what: string): RecordType {
  const t = nonNull(type);
  if (t.type !== "record") throw new IngestError("store.io", `${what} is not an Avro record (found ${t.type}); the file is not an Iceberg manifest`);
  return t;
}

/** Field id → { name, type } of a writer's record schema. */
export function fieldsById(record: RecordType): Map<number, { name: string; type: AvroType }> {
  const out = new Map<number, { name: string; type: AvroType }>();
  for (const f of record.fields) {
    const id = f.attributes["field-id"];
    if (typeof id === "number") out.set(id, { name: f.name, type: f.type });
  }
  return out;
}

/** A reader of one record type: `get(value, id)` returns the field's value, or undefined when the writer had no such field. */
export function byId(record: RecordType): { get(value: unknown, id: number): unknown; type(id: number): AvroType | undefined } {
  const fields = fieldsById(record);
  return {
    get: (value, id) => {
      const f = fields.get(id);
      return f === undefined ? undefined : (value as Record<string, unknown>)[f.name];
    },
    type: (id) => fields.get(id)?.type,
  };
}

/** `[{key, value}]` (an int-keyed map as Iceberg writes it) → Map. */
export function arrayToMap<V>(value: unknown): Map<number, V> | undefined {
  if (!Array.isArray(value)) return undefined;
  return new Map(value.map((kv: { key: number; value: V }) => [kv.key, kv.value]));
}

/** Map (or plain object keyed by id) → `[{key, value}]`, ascending by key, or null when absent. */
export function mapToArray<V>(value: Map<number, V> | Record<number, V> | undefined | null): { key: number; value: V }[] | null {
  if (value === undefined || value === null) return null;
  const entries: [number, V][] = value instanceof Map ? [...value.entries()] : Object.entries(value).map(([k, v]) => [Number(k), v as V]);
  return entries.sort((a, b) => a[0] - b[0]).map(([key, v]) => ({ key, value: v }));
}
