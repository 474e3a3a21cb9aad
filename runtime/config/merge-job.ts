/**
 * Merging a job's `source`/`target` with its recipes (config-format.md §3.9): start from the
 * recipe, then each job key is merged one level deep (`{...recipe, ...job}`) when both are
 * mappings, else the job's value replaces. `incremental` follows §3.4 and is handled by
 * `incremental.ts`. Unlike the original, the recipe's `connection_template` is the base of the
 * source connection too, so `${PGHOST}`-style templates reach the connector.
 */
import type { JobConfig } from "./job-schema.ts";
import type { ConnectorRecipe } from "./recipe-schema.ts";

export type Block = Record<string, unknown>;

const isObj = (v: unknown): v is Block => v !== null && typeof v === "object" && !Array.isArray(v);

function overlay(base: Block, job: Block | undefined, skip: string[] = []): Block {
  const out: Block = { ...base };
  for (const [k, v] of Object.entries(job ?? {})) {
    if (skip.includes(k)) continue;
    out[k] = isObj(v) && isObj(out[k]) ? { ...(out[k] as Block), ...v } : v;
  }
  return out;
}

export function mergeSource(job: JobConfig, recipe: ConnectorRecipe): Block {
  const base: Block = {
    type: recipe.type,
    engine: { type: recipe.defaultEngine.type, options: recipe.defaultEngine.options },
    credentials: { ...recipe.credentials },
  };
  if (recipe.description !== undefined) base.description = recipe.description;
  if (recipe.rateLimits !== undefined) base.rate_limits = recipe.rateLimits;
  if (recipe.connectionTemplate !== undefined) base.connection = { ...recipe.connectionTemplate };
  return overlay(base, job.source as Block | undefined, ["incremental"]);
}

export function mergeTarget(job: JobConfig, recipe: ConnectorRecipe): Block {
  const base: Block = {
    type: recipe.type,
    engine: { type: recipe.defaultEngine.type, options: recipe.defaultEngine.options },
  };
  if (recipe.catalog !== undefined && recipe.catalog !== null) base.catalog = recipe.catalog;
  if (recipe.fileFormat !== undefined) base.file_format = recipe.fileFormat;
  if (recipe.partitioningDefault !== undefined) base.partitioning = [...recipe.partitioningDefault];
  if (recipe.connectionTemplate !== undefined) base.connection = structuredClone(recipe.connectionTemplate);
  const merged = overlay(base, job.target as Block | undefined);
  if (merged.catalog && (merged.branch === undefined || merged.branch === null)) merged.branch = job.tenant_id;
  return merged;
}
