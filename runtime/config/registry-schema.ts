/**
 * The connector registry (config-format.md §5): capabilities per connector type, in the unified
 * `connectors:` form (version 3) or the legacy `sources:`/`targets:` split, where the section
 * implies the role. Both normalize to one map of `RegistryEntry`.
 */
import { z } from "zod";
import { bool, int, text } from "./zod-helpers.ts";

const engines = ["airbyte", "singer", "meltano", "native", "jdbc", "spark"] as const;
const registryStrategies = ["updated_after", "updated_at", "created", "file_modified_time", "spreadsheet_modified_time", "cdc"] as const;

const entryFields = {
  roles: z.array(z.enum(["source", "target"])).min(1).max(2),
  category: text.optional(),
  default_engine: z.enum(engines),
  engines_supported: z.array(z.enum(engines)).min(1),
  allowed_in_cloud: bool.optional(),
  supports_incremental: bool.optional(),
  incremental_strategy_default: z.enum(registryStrategies).nullish(),
  objects_supported: z.array(text).min(1).optional(),
  requires_tables: bool.optional(),
  supports_queries: bool.optional(),
  file_formats: z.array(z.enum(["parquet", "orc", "csv", "json", "markdown_kv"])).optional(),
  supports_schema_evolution: bool.optional(),
};

const unifiedEntry = z.strictObject(entryFields);
const legacySource = z.looseObject({ ...entryFields, roles: entryFields.roles.optional() });
const legacyTarget = z.looseObject({
  ...entryFields,
  roles: entryFields.roles.optional(),
  default_engine: entryFields.default_engine,
  engines_supported: entryFields.engines_supported,
});

export const unifiedRegistrySchema = z.looseObject({
  version: int.pipe(z.number().min(1)),
  connectors: z.record(z.string(), unifiedEntry).refine((m) => Object.keys(m).length > 0, "must list at least one connector"),
});
export const legacyRegistrySchema = z.looseObject({
  version: int.pipe(z.number().min(1)),
  sources: z.record(z.string(), legacySource),
  targets: z.record(z.string(), legacyTarget),
});

export interface RegistryEntry {
  type: string;
  roles: ("source" | "target")[];
  category?: string;
  defaultEngine: string;
  enginesSupported: string[];
  /** Runtime default true (§5). */
  allowedInCloud: boolean;
  /** Runtime default false (§5). */
  supportsIncremental: boolean;
  incrementalStrategyDefault?: string;
  objectsSupported?: string[];
  fileFormats?: string[];
}

export interface Registry {
  version: number;
  entries: Map<string, RegistryEntry>;
}

type Entry = z.infer<typeof legacySource>;

function toEntry(type: string, e: Entry, role?: "source" | "target"): RegistryEntry {
  return {
    type,
    roles: e.roles ?? (role ? [role] : []),
    category: e.category,
    defaultEngine: e.default_engine,
    enginesSupported: e.engines_supported,
    allowedInCloud: e.allowed_in_cloud ?? true,
    supportsIncremental: e.supports_incremental ?? false,
    incrementalStrategyDefault: e.incremental_strategy_default ?? undefined,
    objectsSupported: e.objects_supported,
    fileFormats: e.file_formats,
  };
}

export function registryFromRaw(
  raw: z.infer<typeof unifiedRegistrySchema> | z.infer<typeof legacyRegistrySchema>,
): Registry {
  const entries = new Map<string, RegistryEntry>();
  if ("connectors" in raw && raw.connectors !== undefined) {
    const connectors = raw.connectors as Record<string, Entry>;
    for (const [type, e] of Object.entries(connectors)) entries.set(type, toEntry(type, e));
  } else {
    raw = raw as z.infer<typeof legacyRegistrySchema>;
    for (const [type, e] of Object.entries(raw.sources)) entries.set(type, toEntry(type, e, "source"));
    for (const [type, e] of Object.entries(raw.targets)) {
      const prior = entries.get(type);
      if (prior) prior.roles = [...new Set([...prior.roles, "target" as const])];
      else entries.set(type, toEntry(type, e, "target"));
    }
  }
  return { version: raw.version, entries };
}
