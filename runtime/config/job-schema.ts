/**
 * The job file (config-format.md §3), as users write it. Departures from the original's JSON
 * Schema, each fixing a §12 defect by accepting what users wrote:
 * - `classification_overrides`, `finops`, `governance_overrides`, `plugins` load (§12 #1);
 * - `target.catalog` is a string (`nessie`, `files`, `rest`, `postgres`) or a mapping (§12 #2);
 * - strategies include `updated_after`, `created` and `cdc` (§12 #3);
 * - `files[]` may name `file_id` instead of `path` (§12 #5); `markdown_kv_storage.mode: raw_file`
 *   loads (§12 #7);
 * - unknown keys inside `source`/`target` are kept for connectors and plugins (§3.2); unknown
 *   top-level keys stay an error, so a misspelt key does not pass silently.
 */
import { z } from "zod";
import { bool, int, mapping, nonEmpty, num, text } from "./zod-helpers.ts";

export const strategies = [
  "full_refresh",
  "incremental",
  "updated_at",
  "updated_after",
  "created",
  "file_modified_time",
  "spreadsheet_modified_time",
  "cdc",
] as const;
export type Strategy = (typeof strategies)[number];

export const incrementalSchema = z.looseObject({
  strategy: z.enum(strategies).optional(),
  cursor_field: text.nullish(),
  lookback_days: int.pipe(z.number().min(0)).nullish(),
  state_path: text.nullish(),
});

const fileEntry = z
  .looseObject({ path: text.optional(), file: text.optional(), file_id: text.optional(), id: text.optional(), object: text.optional() })
  .refine((f) => f.path !== undefined || f.file !== undefined || f.file_id !== undefined || f.id !== undefined, {
    message: "needs `path` (or `file_id` for Google Drive)",
  });

const tableEntry = z.looseObject({ name: nonEmpty, object: text.optional(), cursor_field: text.optional(), schema: text.optional() });

export const sourceBlockSchema = z.looseObject({
  custom_reader: text.optional(),
  files: z.array(fileEntry).optional(),
  tables: z.array(tableEntry).optional(),
  objects: z.array(text).optional(),
  sheets: z.array(z.unknown()).optional(),
  connection: mapping.optional(),
  credentials: mapping.optional(),
  incremental: incrementalSchema.nullish(),
  engine: mapping.optional(),
});

const markdownKv = z
  .looseObject({
    mode: z.enum(["string", "raw_file", "structured"]),
    structured_pattern: z.enum(["row_per_kv", "document_level", "hybrid"]).optional(),
    file_extension: z.enum([".md", ".mdkv"]).optional(),
    path_pattern: text.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.mode === "structured" && m.structured_pattern === undefined) {
      ctx.addIssue({ code: "custom", path: ["structured_pattern"], message: "required key is missing for mode `structured`", params: { fix: "add `structured_pattern: row_per_kv` or `document_level`" } });
    }
  });

export const catalogSettingSchema = z
  .union([text, z.looseObject({ type: text.optional() })], { error: "must be a catalog name or a mapping with `type`" })
  .nullish();

export const targetBlockSchema = z.looseObject({
  custom_writer: text.optional(),
  file_format: z.enum(["parquet", "iceberg", "delta", "csv", "json"]).optional(),
  connection: mapping.optional(),
  catalog: catalogSettingSchema,
  branch: text.nullish(),
  warehouse: text.optional(),
  partitioning: z.array(text).optional(),
  parquet_target_size_mb: num.pipe(z.number().positive()).optional(),
  max_file_size_mb: num.pipe(z.number().positive()).optional(),
  compression: z.enum(["snappy", "zstd"]).optional(),
  markdown_kv_storage: markdownKv.optional(),
  engine: mapping.optional(),
});

const retryConfig = z.looseObject({
  max_retries: int.optional(),
  max_attempts: int.pipe(z.number().min(1).max(10)).optional(),
  initial_delay_seconds: num.pipe(z.number().min(0)).optional(),
  max_delay_seconds: num.optional(),
  backoff_multiplier: num.pipe(z.number().min(1)).optional(),
  retryable_exit_codes: z.array(int).optional(),
  retryable_error_patterns: z.array(text).optional(),
  retry_delay_seconds: num.optional(),
  retryable_errors: z.array(text).optional(),
});

const lineageCatalog = z.object({
  type: z.preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(["openmetadata", "aws_glue", "databricks_unity", "nessie"])),
  connection: mapping,
  database: text.optional(),
  table_name: text.optional(),
  push_lineage: bool.optional(),
  push_metadata: bool.optional(),
});

export const jobSchema = z.strictObject({
  $schema: text.optional(),
  tenant_id: nonEmpty,
  environment: text.optional(),
  source_connector: text.optional(),
  source_connector_path: nonEmpty,
  target_connector: text.optional(),
  target_connector_path: nonEmpty,
  asset: text.optional(),
  asset_path: nonEmpty,
  source: sourceBlockSchema.optional(),
  target: targetBlockSchema.optional(),
  schema_validation_mode: z.enum(["strict", "warn"]).optional(),
  retry_config: retryConfig.optional(),
  logging: z
    .looseObject({
      level: z.preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), z.enum(["DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL"])).optional(),
      redaction: bool.optional(),
    })
    .optional(),
  catalog: lineageCatalog.optional(),
  classification_overrides: z.record(z.string(), text).optional(),
  finops: z
    .looseObject({ cost_center: text.optional(), business_tags: z.array(text).optional(), project: text.optional(), environment: text.optional() })
    .optional(),
  governance_overrides: z.looseObject({ retention_days: int.nullish(), owner: text.nullish() }).optional(),
  plugins: z
    .looseObject({
      sandbox: z
        .looseObject({
          enabled: bool.optional(),
          cpu_limit: num.pipe(z.number().min(0).max(1)).optional(),
          memory_limit: z.string().regex(/^\d+[kmgKMG]?$/, { error: "must be a size such as 512m or 2g" }).optional(),
          network_disabled: bool.optional(),
          timeout: int.pipe(z.number().min(1)).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type JobConfig = z.infer<typeof jobSchema>;
export type SourceBlock = z.infer<typeof sourceBlockSchema>;
export type TargetBlock = z.infer<typeof targetBlockSchema>;
