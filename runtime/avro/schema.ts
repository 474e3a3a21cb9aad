/**
 * Avro schemas (Avro 1.11 spec, "Schema Declaration"), resolved into a tree the value codec walks
 * directly. No code is generated: workerd forbids `new Function`, which is why avsc can't run there.
 *
 * Extra attributes (`field-id`, `element-id`, `logicalType`, `doc`) are kept on the resolved
 * nodes; Iceberg resolves manifest columns by `field-id`, not by name (spec "Manifests").
 */
import { IngestError } from "../errors.ts";

export type AvroSchemaJson = string | AvroSchemaJson[] | { type: AvroSchemaJson; [attribute: string]: unknown };

export type AvroPrimitiveName = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

export interface AvroField {
  name: string;
  type: AvroType;
  /** The field's default, when the schema declares one (`null` for Iceberg's optional fields). */
  default?: unknown;
  hasDefault: boolean;
  attributes: Record<string, unknown>;
}

export type AvroType =
  | { type: AvroPrimitiveName; attributes: Record<string, unknown> }
  | { type: "record"; name: string; fields: AvroField[]; attributes: Record<string, unknown> }
  | { type: "enum"; name: string; symbols: string[]; attributes: Record<string, unknown> }
  | { type: "array"; items: AvroType; attributes: Record<string, unknown> }
  | { type: "map"; values: AvroType; attributes: Record<string, unknown> }
  | { type: "fixed"; name: string; size: number; attributes: Record<string, unknown> }
  | { type: "union"; branches: AvroType[]; attributes: Record<string, unknown> };

const primitives = new Set<string>(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);

function invalid(message: string): IngestError {
  return new IngestError("internal", `avro schema ${message}`);
}

function attributesOf(json: Record<string, unknown>, skip: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) if (!skip.includes(k)) out[k] = v;
  return out;
}

function fullName(name: string, namespace: string | undefined): string {
  return name.includes(".") || !namespace ? name : `${namespace}.${name}`;
}

/** Resolves a schema JSON (object or text) into an `AvroType`; named types may be referenced by name. */
export function resolveAvroSchema(schema: AvroSchemaJson): AvroType {
  const named = new Map<string, AvroType>();

  const resolve = (json: AvroSchemaJson, namespace: string | undefined): AvroType => {
    if (typeof json === "string") {
      if (primitives.has(json)) return { type: json as AvroPrimitiveName, attributes: {} };
      const found = named.get(fullName(json, namespace)) ?? named.get(json);
      if (!found) throw invalid(`references unknown type \`${json}\`; define it before use`);
      return found;
    }
    if (Array.isArray(json)) {
      return { type: "union", branches: json.map((b) => resolve(b, namespace)), attributes: {} };
    }
    if (json === null || typeof json !== "object") throw invalid(`has an invalid type ${JSON.stringify(json)}`);
    const t = json.type;
    if (typeof t !== "string" || (!primitives.has(t) && !["record", "error", "enum", "array", "map", "fixed"].includes(t))) {
      // `{"type": {...}}` or `{"type": "SomeNamedType"}` wraps another type.
      return resolve(t, namespace);
    }
    if (primitives.has(t)) return { type: t as AvroPrimitiveName, attributes: attributesOf(json, ["type"]) };
    switch (t) {
      case "array":
        return { type: "array", items: resolve(json.items as AvroSchemaJson, namespace), attributes: attributesOf(json, ["type", "items"]) };
      case "map":
        return { type: "map", values: resolve(json.values as AvroSchemaJson, namespace), attributes: attributesOf(json, ["type", "values"]) };
    }
    const name = json.name;
    if (typeof name !== "string") throw invalid(`${t} has no name; add a "name"`);
    const ns = typeof json.namespace === "string" ? json.namespace : namespace;
    const full = fullName(name, ns);
    const innerNs = full.includes(".") ? full.slice(0, full.lastIndexOf(".")) : ns;
    if (t === "enum") {
      const type: AvroType = { type: "enum", name: full, symbols: json.symbols as string[], attributes: attributesOf(json, ["type", "name", "symbols"]) };
      named.set(full, type);
      return type;
    }
    if (t === "fixed") {
      const type: AvroType = { type: "fixed", name: full, size: Number(json.size), attributes: attributesOf(json, ["type", "name", "size"]) };
      named.set(full, type);
      return type;
    }
    const record: AvroType & { type: "record" } = { type: "record", name: full, fields: [], attributes: attributesOf(json, ["type", "name", "fields"]) };
    named.set(full, record);
    if (!Array.isArray(json.fields)) throw invalid(`record \`${full}\` has no fields array`);
    for (const f of json.fields as Record<string, unknown>[]) {
      if (typeof f.name !== "string") throw invalid(`record \`${full}\` has a field without a name`);
      record.fields.push({
        name: f.name,
        type: resolve(f.type as AvroSchemaJson, innerNs),
        default: f.default,
        hasDefault: "default" in f,
        attributes: attributesOf(f, ["name", "type", "default"]),
      });
    }
    return record;
  };

  return resolve(typeof schema === "string" && !primitives.has(schema) && schema.trimStart().startsWith("{") ? (JSON.parse(schema) as AvroSchemaJson) : schema, undefined);
}
