/**
 * Connector recipes (config-format.md §4): how to reach one kind of system. The unified form
 * lists `roles`; the legacy form has none and is read for whichever role the job gives it
 * (§3.9). Where the original demanded keys of legacy recipes (`credentials`, `connection_template`)
 * and crashed without them, they default to empty here: roles are the registry's business (§11.4).
 */
import { z } from "zod";
import { int, mapping, nonEmpty, num, text } from "./zod-helpers.ts";

export const recipeSchema = z.looseObject({
  name: text.optional(),
  type: nonEmpty,
  roles: z.array(z.enum(["source", "target"])).optional(),
  description: text.optional(),
  default_engine: z.looseObject({ type: text.optional(), options: mapping.optional() }).optional(),
  credentials: z
    .looseObject({
      type: z.enum(["none", "api_key", "service_account", "basic"]).optional(),
      from_env: text.optional(),
      file_template: text.optional(),
    })
    .optional(),
  incremental: z
    .looseObject({
      strategy: text.optional(),
      cursor_field_default: text.nullish(),
      lookback_days_default: int.nullish(),
    })
    .nullish(),
  rate_limits: z
    .looseObject({ rps_default: num.optional(), burst_default: num.optional(), retry: mapping.optional() })
    .optional(),
  connection_template: mapping.nullish(),
  catalog: z.union([text, z.looseObject({ type: text.optional() })]).nullish(),
  file_format: text.optional(),
  partitioning_default: z.array(text).optional(),
});

export type RawRecipe = z.infer<typeof recipeSchema>;

export interface ConnectorRecipe {
  name: string;
  type: string;
  /** Roles the recipe declares; empty for a legacy recipe. */
  roles: ("source" | "target")[];
  legacy: boolean;
  description?: string;
  defaultEngine: { type: string; options: Record<string, unknown> };
  credentials: { type?: "none" | "api_key" | "service_account" | "basic"; from_env?: string; file_template?: string; [k: string]: unknown };
  incremental?: { strategy?: string; cursor_field_default?: string | null; lookback_days_default?: number | null };
  rateLimits?: Record<string, unknown>;
  connectionTemplate?: Record<string, unknown>;
  catalog?: string | Record<string, unknown> | null;
  fileFormat?: string;
  partitioningDefault?: string[];
  /** The whole document, unknown keys included. */
  raw: Record<string, unknown>;
}

export function recipeFromRaw(raw: RawRecipe): ConnectorRecipe {
  const roles = raw.roles ?? [];
  return {
    name: raw.name ?? raw.type,
    type: raw.type,
    roles,
    legacy: roles.length === 0,
    description: raw.description,
    defaultEngine: { type: raw.default_engine?.type ?? "native", options: raw.default_engine?.options ?? {} },
    credentials: { ...(raw.credentials ?? {}) },
    incremental: raw.incremental ?? undefined,
    rateLimits: raw.rate_limits,
    connectionTemplate: raw.connection_template ?? undefined,
    catalog: raw.catalog,
    fileFormat: raw.file_format,
    partitioningDefault: raw.partitioning_default,
    raw: raw as Record<string, unknown>,
  };
}
