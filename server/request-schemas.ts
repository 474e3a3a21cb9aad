/**
 * zod schemas of the request bodies the server accepts (rest-catalog-open-api.yaml,
 * components.schemas). Unknown requirement types and update actions fail validation: the spec
 * says a server is "required to fail with a 400" on them (CommitTableRequest). Snapshot ids arrive
 * from `parseJson` as number or bigint and leave as bigint (runtime/iceberg/types.ts).
 */
import { z } from "zod";

const long = z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v));
const int = z.number().int();
const stringMap = z.record(z.string(), z.string());

export const namespaceSchema = z.array(z.string()).min(1);

const fieldSchema = z.looseObject({ id: int, name: z.string(), required: z.boolean(), type: z.unknown() });
export const schemaSchema = z.looseObject({
  type: z.literal("struct"),
  fields: z.array(fieldSchema),
  "schema-id": int.optional(),
  "identifier-field-ids": z.array(int).optional(),
});
const partitionSpecSchema = z.looseObject({
  "spec-id": int.optional(),
  fields: z.array(z.looseObject({ "source-id": int, "field-id": int.optional(), name: z.string(), transform: z.string() })),
});
const sortOrderSchema = z.looseObject({
  "order-id": int,
  fields: z.array(
    z.looseObject({
      "source-id": int,
      transform: z.string(),
      direction: z.enum(["asc", "desc"]),
      "null-order": z.enum(["nulls-first", "nulls-last"]),
    }),
  ),
});
const snapshotSchema = z.looseObject({
  "snapshot-id": long,
  "parent-snapshot-id": long.nullish(),
  "sequence-number": int.optional(),
  "timestamp-ms": int,
  "manifest-list": z.string(),
  summary: z.looseObject({ operation: z.string() }),
  "schema-id": int.optional(),
});

export const requirementSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("assert-create") }),
  z.object({ type: z.literal("assert-table-uuid"), uuid: z.string() }),
  z.object({ type: z.literal("assert-ref-snapshot-id"), ref: z.string(), "snapshot-id": long.nullable() }),
  z.object({ type: z.literal("assert-last-assigned-field-id"), "last-assigned-field-id": int }),
  z.object({ type: z.literal("assert-current-schema-id"), "current-schema-id": int }),
  z.object({ type: z.literal("assert-last-assigned-partition-id"), "last-assigned-partition-id": int }),
  z.object({ type: z.literal("assert-default-spec-id"), "default-spec-id": int }),
  z.object({ type: z.literal("assert-default-sort-order-id"), "default-sort-order-id": int }),
]);

export const updateSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("assign-uuid"), uuid: z.string() }),
  z.object({ action: z.literal("upgrade-format-version"), "format-version": int }),
  z.object({ action: z.literal("add-schema"), schema: schemaSchema, "last-column-id": int.optional() }),
  z.object({ action: z.literal("set-current-schema"), "schema-id": int }),
  z.object({ action: z.literal("add-spec"), spec: partitionSpecSchema }),
  z.object({ action: z.literal("set-default-spec"), "spec-id": int }),
  z.object({ action: z.literal("add-sort-order"), "sort-order": sortOrderSchema }),
  z.object({ action: z.literal("set-default-sort-order"), "sort-order-id": int }),
  z.object({ action: z.literal("add-snapshot"), snapshot: snapshotSchema }),
  z.object({
    action: z.literal("set-snapshot-ref"),
    "ref-name": z.string().min(1),
    type: z.enum(["branch", "tag"]),
    "snapshot-id": long,
    "min-snapshots-to-keep": int.optional(),
    "max-snapshot-age-ms": int.optional(),
    "max-ref-age-ms": int.optional(),
  }),
  z.object({ action: z.literal("remove-snapshots"), "snapshot-ids": z.array(long) }),
  z.object({ action: z.literal("remove-snapshot-ref"), "ref-name": z.string() }),
  z.object({ action: z.literal("set-location"), location: z.string().min(1) }),
  z.object({ action: z.literal("set-properties"), updates: stringMap }),
  z.object({ action: z.literal("remove-properties"), removals: z.array(z.string()) }),
  z.object({ action: z.literal("set-statistics"), statistics: z.looseObject({ "snapshot-id": long }), "snapshot-id": long.optional() }),
  z.object({ action: z.literal("remove-statistics"), "snapshot-id": long }),
  z.object({ action: z.literal("set-partition-statistics"), "partition-statistics": z.looseObject({ "snapshot-id": long }) }),
  z.object({ action: z.literal("remove-partition-statistics"), "snapshot-id": long }),
  z.object({ action: z.literal("remove-partition-specs"), "spec-ids": z.array(int) }),
  z.object({ action: z.literal("remove-schemas"), "schema-ids": z.array(int) }),
]);

export const tableIdentifierSchema = z.object({ namespace: namespaceSchema, name: z.string() });

export const commitTableRequestSchema = z.object({
  identifier: tableIdentifierSchema.optional(),
  requirements: z.array(requirementSchema),
  updates: z.array(updateSchema),
});

export const commitTransactionRequestSchema = z.object({
  "table-changes": z.array(commitTableRequestSchema.extend({ identifier: tableIdentifierSchema })).min(1),
});

export const createNamespaceRequestSchema = z.object({
  namespace: namespaceSchema,
  properties: stringMap.nullish(),
});

export const updateNamespacePropertiesRequestSchema = z.object({
  removals: z.array(z.string()).nullish(),
  updates: stringMap.nullish(),
});

export const createTableRequestSchema = z.object({
  name: z.string(),
  location: z.string().min(1).nullish(),
  schema: schemaSchema,
  "partition-spec": partitionSpecSchema.nullish(),
  "write-order": sortOrderSchema.nullish(),
  "stage-create": z.boolean().nullish(),
  properties: stringMap.nullish(),
});

export const registerTableRequestSchema = z.object({
  name: z.string(),
  "metadata-location": z.string().min(1),
  overwrite: z.boolean().nullish(),
});

export const renameTableRequestSchema = z.object({
  source: tableIdentifierSchema,
  destination: tableIdentifierSchema,
});
