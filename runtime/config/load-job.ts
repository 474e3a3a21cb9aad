/**
 * `loadJob`: one job file → everything a run needs, or one `IngestError("config.invalid")`
 * listing every problem of the job, its recipes, the registry and the asset (config-format.md
 * §3, §11.3 steps 1–4). It reads configuration files only; nothing else is touched before the
 * configuration is known to be good.
 */
import type { Contract } from "../contract.ts";
import { applyJobOverrides } from "./job-overrides.ts";
import { contractFromAsset } from "./asset-contract.ts";
import { type Env, expandDeep, expandVars } from "./env-expand.ts";
import { computeIncremental, type IncrementalSettings } from "./incremental.ts";
import { type JobConfig, jobSchema } from "./job-schema.ts";
import { type Block, mergeSource, mergeTarget } from "./merge-job.ts";
import { configError, type Problem, problemsFromZod } from "./problems.ts";
import { type ConnectorRecipe, recipeFromRaw, recipeSchema } from "./recipe-schema.ts";
import { loadRegistry } from "./load-registry.ts";
import type { RegistryEntry } from "./registry-schema.ts";
import { type TargetSettings, targetSettings } from "./target-settings.ts";
import { type ConfigFiles, readYamlFile } from "./yaml-file.ts";

export interface LoadJobOptions {
  files: ConfigFiles;
  env: Env;
  /** Files shipped with the product by relative path (`connectors/csv.yaml`, `registry/connectors.yaml`). */
  shipped?: Readonly<Record<string, string>>;
  /** `cloud` forbids sources whose registry entry says `allowed_in_cloud: false` (§11.4). */
  mode?: "self_hosted" | "cloud";
}

export interface LoadedRecipe extends ConnectorRecipe {
  /** The path as the job wrote it (after variable expansion) and as resolved. */
  path: string;
  resolvedPath: string;
}

export interface ResolvedJob {
  /** The job file, as given and as resolved against the working directory. */
  path: string;
  resolvedPath: string;
  /** The parsed job, variables expanded. */
  job: JobConfig;
  tenant: string;
  sourceRecipe: LoadedRecipe;
  targetRecipe: LoadedRecipe;
  registry: { path: string; source: RegistryEntry; target: RegistryEntry };
  /** Recipe + job `source`, merged (§3.9); connection values expanded, `${secret:…}` left in. */
  source: Block;
  /** Recipe + job `target`, merged (§3.9). */
  target: Block;
  asset: { path: string; resolvedPath: string; layout: "dativo" | "dativo-wrapped" | "odcs" };
  /** The asset as a contract, with the job's classification/finops/governance overrides applied. */
  contract: Contract;
  /** Absent when incremental mode is off (§3.4). */
  incremental?: IncrementalSettings;
  targetSettings: TargetSettings;
  validationMode: "strict" | "warn";
  /** Variables referenced in connection values that are not set (their fallbacks apply). */
  unsetVariables: string[];
  /** Things that loaded but deserve a log line. */
  warnings: string[];
}

const PATH_FIELDS = ["source_connector_path", "target_connector_path", "asset_path"] as const;
const isObj = (v: unknown): v is Block => v !== null && typeof v === "object" && !Array.isArray(v);

/** Expands variables in the keys §2 names, one rule for all of them (fixes §12 #18). */
function expandJob(raw: Block, env: Env, file: string, problems: Problem[], unset: Set<string>): Block {
  const out: Block = { ...raw };
  for (const key of PATH_FIELDS) {
    if (typeof out[key] !== "string") continue;
    const r = expandVars(out[key] as string, env);
    for (const name of r.unset) {
      problems.push({ file, path: key, problem: `variable \`${name}\` is not set`, value: out[key], fix: `set ${name} or write the path out` });
    }
    out[key] = r.value;
  }
  for (const block of ["source", "target"] as const) {
    if (!isObj(out[block])) continue;
    const b: Block = { ...(out[block] as Block) };
    for (const key of ["connection", "credentials", "catalog"]) if (b[key] !== undefined) b[key] = expandDeep(b[key], env, unset);
    // The warehouse has no sensible fallback: an unset variable there is a problem, not a default.
    if (typeof b.warehouse === "string") {
      const r = expandVars(b.warehouse, env, { bare: false });
      for (const name of r.unset) {
        problems.push({ file, path: `${block}.warehouse`, problem: `variable \`${name}\` is not set`, value: b.warehouse, fix: `set ${name} or write the warehouse location out` });
      }
      b.warehouse = r.value;
    }
    out[block] = b;
  }
  if (isObj(out.catalog) && isObj((out.catalog as Block).connection)) {
    out.catalog = { ...(out.catalog as Block), connection: expandDeep((out.catalog as Block).connection, env, unset) };
  }
  return out;
}

async function loadRecipe(opts: LoadJobOptions, path: string, role: "source" | "target", problems: Problem[], unset: Set<string>): Promise<LoadedRecipe | undefined> {
  const read = await readYamlFile(opts.files, path, { shipped: opts.shipped, role: `${role} connector recipe` });
  if (!read.ok) return void problems.push(read.problem);
  const parsed = recipeSchema.safeParse(read.value);
  if (!parsed.success) return void problems.push(...problemsFromZod(parsed.error, path, read.value));
  const recipe = recipeFromRaw(parsed.data);
  if (recipe.connectionTemplate) recipe.connectionTemplate = expandDeep(recipe.connectionTemplate, opts.env, unset) as Block;
  return { ...recipe, path, resolvedPath: read.resolvedPath };
}

function objectHint(source: Block): string | undefined {
  for (const k of ["objects", "tables", "files"]) {
    const first = Array.isArray(source[k]) ? (source[k] as unknown[])[0] : undefined;
    if (typeof first === "string") return first;
    if (isObj(first) && typeof first.object === "string") return first.object;
    if (isObj(first) && k === "tables" && typeof first.name === "string") return first.name.split(".").pop();
  }
  return undefined;
}

function checkRole(entry: RegistryEntry | undefined, type: string, role: "source" | "target", file: string, registryPath: string, problems: Problem[]): void {
  const path = role === "source" ? "source_connector_path" : "target_connector_path";
  if (!entry) {
    problems.push({ file, path, problem: `connector type \`${type}\` is not in the registry ${registryPath}`, hideValue: true, fix: "check the recipe's `type` or add the connector to the registry" });
  } else if (!entry.roles.includes(role)) {
    problems.push({ file, path, problem: `connector \`${type}\` cannot be a ${role} (registry roles: ${entry.roles.join(", ")})`, hideValue: true, fix: `use a connector that lists \`${role}\`` });
  }
}

export async function loadJob(path: string, opts: LoadJobOptions): Promise<ResolvedJob> {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const unset = new Set<string>();
  const read = await readYamlFile(opts.files, path, { role: "job file" });
  if (!read.ok) throw configError([read.problem]);
  const expanded = expandJob(read.value as Block, opts.env, path, problems, unset);
  const parsed = jobSchema.safeParse(expanded);
  if (!parsed.success) problems.push(...problemsFromZod(parsed.error, path, expanded));
  const paths = PATH_FIELDS.map((k) => (typeof expanded[k] === "string" && expanded[k] !== "" ? (expanded[k] as string) : undefined));
  const [sourcePath, targetPath, assetPath] = paths;
  const sourceRecipe = sourcePath ? await loadRecipe(opts, sourcePath, "source", problems, unset) : undefined;
  const targetRecipe = targetPath ? await loadRecipe(opts, targetPath, "target", problems, unset) : undefined;
  const registry = await loadRegistry(opts.files, opts.shipped, problems);

  const job = parsed.success ? parsed.data : undefined;
  let asset: ReturnType<typeof contractFromAsset> | undefined;
  let assetResolved = "";
  if (assetPath) {
    const a = await readYamlFile(opts.files, assetPath, { role: "asset definition" });
    if (!a.ok) problems.push(a.problem);
    else {
      assetResolved = a.resolvedPath;
      asset = contractFromAsset(a.value, { file: assetPath, object: job?.source ? objectHint(job.source as Block) : undefined });
      problems.push(...asset.problems);
      warnings.push(...asset.warnings);
      if (asset.contract && asset.contract.columns.length === 0) {
        problems.push({ file: assetPath, path: "schema", problem: "defines no columns", hideValue: true, fix: "list the columns under `schema:`" });
      }
    }
  }
  if (!job || !sourceRecipe || !targetRecipe || !registry || !asset?.contract) throw configError(problems);

  const file = path;
  const srcEntry = registry.registry.entries.get(sourceRecipe.type);
  const tgtEntry = registry.registry.entries.get(targetRecipe.type);
  checkRole(srcEntry, sourceRecipe.type, "source", file, registry.path, problems);
  checkRole(tgtEntry, targetRecipe.type, "target", file, registry.path, problems);
  if (opts.mode === "cloud" && srcEntry && !srcEntry.allowedInCloud) {
    problems.push({ file, path: "source_connector_path", problem: `connector \`${sourceRecipe.type}\` is not allowed in cloud mode`, hideValue: true, fix: "run in self_hosted mode or use another source" });
  }
  const source = mergeSource(job, sourceRecipe);
  const target = mergeTarget(job, targetRecipe);
  const incremental = computeIncremental(job, sourceRecipe, srcEntry, source, file, problems, sourceRecipe.path);
  const settings = targetSettings(target, opts.env, file, problems);
  const contract = applyJobOverrides(asset.contract, job);
  if (settings.partitioning.length === 0 && target.partitioning === undefined && contract.partitioning) settings.partitioning = [...contract.partitioning];
  if (problems.length > 0) throw configError(problems);

  return {
    path,
    resolvedPath: read.resolvedPath,
    job,
    tenant: job.tenant_id,
    sourceRecipe,
    targetRecipe,
    registry: { path: registry.path, source: srcEntry!, target: tgtEntry! },
    source,
    target,
    asset: { path: assetPath!, resolvedPath: assetResolved, layout: asset.layout },
    contract,
    ...(incremental ? { incremental } : {}),
    targetSettings: settings,
    validationMode: job.schema_validation_mode ?? "strict",
    unsetVariables: [...unset].sort(),
    warnings,
  };
}

