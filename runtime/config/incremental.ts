/**
 * Incremental settings and the registry checks of config-format.md §11.4, with the §12 defects
 * fixed by accepting what users wrote:
 * - a job that only gives `lookback_days` (or a per-table `cursor_field`) takes the recipe's
 *   strategy and `cursor_field_default` (§12 #4);
 * - `updated_after` / `created` may be named explicitly (§12 #3); `updated_at`, `updated_after`
 *   and `created` are all cursor strategies and stand in for one another;
 * - `incremental` means "the connector's default strategy"; `full_refresh` means "off";
 * - Google Sheets may list `spreadsheets`/`spreadsheet_id` instead of `sheets` (§12 #6).
 * Incremental mode stays off unless the job gives a non-empty `incremental` mapping (§3.4).
 */
import type { JobConfig, Strategy } from "./job-schema.ts";
import type { Problem } from "./problems.ts";
import type { ConnectorRecipe } from "./recipe-schema.ts";
import type { RegistryEntry } from "./registry-schema.ts";
import type { Block } from "./merge-job.ts";

export type CursorStrategy = "updated_at" | "updated_after" | "created";
export type EffectiveStrategy = CursorStrategy | "file_modified_time" | "spreadsheet_modified_time" | "cdc";

export interface IncrementalSettings {
  strategy: EffectiveStrategy;
  /** The cursor column, for cursor strategies (job, else first table's, else the recipe default). */
  cursorField?: string;
  /** Days to look back: files — a window on modification times; databases — the first run's window. */
  lookbackDays: number;
  /** Per-stream state key, `<recipe type>.<object>` (§10). */
  stateKey: string;
  /** The legacy `state_path`, when the job names one (state lives in the catalog now). */
  statePath?: string;
}

const cursorStrategies: ReadonlySet<string> = new Set(["updated_at", "updated_after", "created"]);

/** The `<object>` of the state key (§10). */
export function stateObject(source: Block): string {
  const first = (k: string) => (Array.isArray(source[k]) ? (source[k] as unknown[])[0] : undefined);
  const objects = first("objects");
  if (typeof objects === "string") return objects;
  const file = first("files") as Block | undefined;
  if (file && typeof file.object === "string") return file.object;
  const table = first("tables") as Block | undefined;
  if (table && typeof table.object === "string") return table.object;
  if (table && typeof table.name === "string") return table.name.split(".").pop()!;
  return "default";
}

export function computeIncremental(
  job: JobConfig,
  recipe: ConnectorRecipe,
  entry: RegistryEntry | undefined,
  source: Block,
  file: string,
  problems: Problem[],
  recipeFile = "the source recipe",
): IncrementalSettings | undefined {
  const inc = job.source?.incremental;
  if (!inc || Object.keys(inc).length === 0) return undefined;
  const path = "source.incremental.strategy";
  let strategy: string | undefined = inc.strategy ?? recipe.incremental?.strategy ?? entry?.incrementalStrategyDefault;
  if (strategy === "full_refresh") return undefined;
  if (strategy === "incremental") strategy = entry?.incrementalStrategyDefault ?? recipe.incremental?.strategy;
  // Recipes that name a strategy outside the job's list (`cursor_field`) mean the connector's default.
  if (strategy !== undefined && !["updated_at", "updated_after", "created", "file_modified_time", "spreadsheet_modified_time", "cdc"].includes(strategy)) {
    if (inc.strategy === undefined && entry?.incrementalStrategyDefault) strategy = entry.incrementalStrategyDefault;
    else {
      const where = inc.strategy === undefined ? { file: recipeFile, path: "incremental.strategy" } : { file, path };
      problems.push({ ...where, problem: "unknown incremental strategy", value: strategy, fix: "use one of updated_at, updated_after, created, file_modified_time, spreadsheet_modified_time, cdc, full_refresh" });
      return undefined;
    }
  }
  if (strategy === undefined) {
    problems.push({ file, path, problem: "required key is missing", fix: `add \`strategy:\` (the ${recipe.type} recipe gives none)` });
    return undefined;
  }
  if (entry && !entry.supportsIncremental) {
    problems.push({ file, path: "source.incremental", problem: `connector \`${recipe.type}\` does not support incremental reads`, hideValue: true, fix: "remove `incremental` or use a connector that supports it" });
    return undefined;
  }
  const def = entry?.incrementalStrategyDefault;
  const fileLike = strategy === "file_modified_time" || strategy === "spreadsheet_modified_time";
  const sameFamily = def !== undefined && (def === strategy || (cursorStrategies.has(def) && cursorStrategies.has(strategy)));
  if (!fileLike && def !== undefined && !sameFamily) {
    problems.push({ file, path, problem: `connector \`${recipe.type}\` does not support this strategy`, value: strategy, fix: `use \`${def}\`` });
    return undefined;
  }
  const lookbackDays = inc.lookback_days ?? recipe.incremental?.lookback_days_default ?? 0;
  const settings: IncrementalSettings = { strategy: strategy as EffectiveStrategy, lookbackDays, stateKey: `${recipe.type}.${stateObject(source)}` };
  if (inc.state_path) settings.statePath = inc.state_path;
  if (cursorStrategies.has(strategy)) {
    const tables = Array.isArray(source.tables) ? (source.tables as Block[]) : [];
    const tableCursor = tables.find((t) => typeof t.cursor_field === "string")?.cursor_field as string | undefined;
    const cursor = inc.cursor_field ?? tableCursor ?? recipe.incremental?.cursor_field_default ?? undefined;
    if (!cursor) {
      problems.push({ file, path: "source.incremental.cursor_field", problem: `required key is missing for strategy \`${strategy}\``, fix: "name the column that grows with every change, e.g. `cursor_field: updated_at`" });
      return undefined;
    }
    settings.cursorField = cursor;
  }
  const nonEmpty = (k: string) => Array.isArray(source[k]) && (source[k] as unknown[]).length > 0;
  if (strategy === "file_modified_time" && !nonEmpty("files")) {
    problems.push({ file, path: "source.files", problem: "strategy `file_modified_time` needs files", value: source.files, fix: "list the input files under `source.files`" });
  }
  if (strategy === "spreadsheet_modified_time" && !nonEmpty("sheets") && !nonEmpty("spreadsheets") && !source.spreadsheet_id) {
    problems.push({ file, path: "source.sheets", problem: "strategy `spreadsheet_modified_time` needs spreadsheets", value: source.sheets, fix: "list them under `source.sheets` (or `spreadsheets`)" });
  }
  return settings;
}

export type { Strategy };
