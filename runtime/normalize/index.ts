/** Normalize: source batches → Arrow record batches typed by the contract, plus findings. */
export { createNormalizer, normalizeBatch, type NormalizeMode, type NormalizeOptions, type NormalizeResult } from "./normalize-batch.ts";
export { arrowFieldFor, arrowSchemaFor, arrowTypeFor, FIELD_ID_KEY } from "./arrow-schema.ts";
