/** A small Avro object-container codec for Iceberg manifests; runs wherever Web APIs do (no code generation). */
export { type AvroCodec, type AvroContainer, readAvroContainer, type WriteAvroOptions, writeAvroContainer } from "./container.ts";
export { type AvroField, type AvroSchemaJson, type AvroType, resolveAvroSchema } from "./schema.ts";
export { decodeAvroValue, encodeAvroValue, fitsAvroType } from "./value-codec.ts";
export { AvroReader, AvroWriter } from "./binary.ts";
