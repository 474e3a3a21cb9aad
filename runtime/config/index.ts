/** Configuration: job, recipes, registry, runner and assets → typed, validated settings. */
export { loadJob, type LoadJobOptions, type LoadedRecipe, type ResolvedJob } from "./load-job.ts";
export { contractFromAsset, unwrapLegacyAsset, type AssetLoad, type AssetOptions } from "./asset-contract.ts";
export { columnTypeFromName, odcsColumnType, DEFAULT_DECIMAL } from "./column-type.ts";
export { expandVars, expandDeep, type Env } from "./env-expand.ts";
export { jobSchema, strategies, type JobConfig, type SourceBlock, type TargetBlock, type Strategy } from "./job-schema.ts";
export { recipeSchema, recipeFromRaw, type ConnectorRecipe } from "./recipe-schema.ts";
export { registryFromRaw, type Registry, type RegistryEntry } from "./registry-schema.ts";
export { loadRegistry, parseRegistry, REGISTRY_PATH } from "./load-registry.ts";
export { loadRunnerConfig, runnerConfigFromValue, type RunnerConfig, type Schedule } from "./runner-config.ts";
export { computeIncremental, stateObject, type IncrementalSettings, type EffectiveStrategy } from "./incremental.ts";
export { targetSettings, catalogSettings, storageSettings, type TargetSettings, type CatalogSettings, type StorageSettings } from "./target-settings.ts";
export { configError, formatProblem, type Problem } from "./problems.ts";
export { readYamlFile, parseYamlText, type ConfigFiles } from "./yaml-file.ts";
export { mergeSource, mergeTarget, type Block } from "./merge-job.ts";
export { applyJobOverrides } from "./job-overrides.ts";
