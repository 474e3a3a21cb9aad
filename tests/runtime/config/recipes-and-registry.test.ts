import { describe, expect, it } from "bun:test";
import { loadJob } from "../../../runtime/config/load-job.ts";
import { parseRegistry } from "../../../runtime/config/load-registry.ts";
import { recipeFromRaw, recipeSchema } from "../../../runtime/config/recipe-schema.ts";
import { parseYamlText } from "../../../runtime/config/yaml-file.ts";
import { memoryFiles } from "./memory-files.ts";
import { shippedFiles } from "./shipped.ts";

const shipped = shippedFiles();

describe("shipped recipes and registry", () => {
  const { registry, problems } = parseRegistry(shipped["registry/connectors.yaml"]!);

  it("ships a valid unified registry of version 3 with the original's connectors", () => {
    expect(problems).toEqual([]);
    expect(registry!.version).toBe(3);
    expect([...registry!.entries.keys()].sort()).toEqual(
      ["azure_blob", "csv", "gdrive_csv", "google_sheets", "hubspot", "iceberg", "markdown_kv", "minio", "mysql", "postgres", "s3", "stripe"],
    );
    expect(registry!.entries.get("postgres")).toMatchObject({ allowedInCloud: false, incrementalStrategyDefault: "updated_at" });
    expect(registry!.entries.get("iceberg")).toMatchObject({ roles: ["target"], allowedInCloud: true, supportsIncremental: false });
  });

  for (const [path, text] of Object.entries(shipped).filter(([p]) => p.startsWith("connectors/"))) {
    it(`ships ${path} as a recipe whose roles the registry allows`, () => {
      const doc = parseYamlText(text, path);
      expect(doc.ok).toBe(true);
      const parsed = recipeSchema.safeParse((doc as { value: unknown }).value);
      expect(parsed.success).toBe(true);
      const recipe = recipeFromRaw(parsed.data!);
      expect(path).toBe(`connectors/${recipe.type}.yaml`);
      const entry = registry!.entries.get(recipe.type)!;
      for (const role of recipe.roles) expect(entry.roles).toContain(role);
      if (recipe.incremental?.strategy) expect(recipe.incremental.strategy).toBe(entry.incrementalStrategyDefault!);
    });
  }
});

describe("legacy formats", () => {
  const asset = `name: t\nversion: "1"\nschema: [{name: id, type: integer}]\n`;
  const legacyRegistry = `version: 2
sources:
  widgets_api: {category: api, default_engine: airbyte, engines_supported: [airbyte], allowed_in_cloud: true, supports_incremental: true, incremental_strategy_default: updated_at}
targets:
  parquet_lake: {default_engine: native, engines_supported: [native]}
`;
  const legacySource = `name: widgets_api
type: widgets_api
default_engine:
  type: airbyte
  options: {airbyte: {docker_image: "example/source-widgets:1.0.0", streams_default: [widgets]}}
credentials: {type: api_key, from_env: WIDGETS_API_KEY}
incremental: {strategy: updated_at, cursor_field_default: modified, lookback_days_default: 1}
`;
  const legacyTarget = `name: parquet_lake
type: parquet_lake
default_engine: {type: native}
connection_template: {s3: {bucket: lake}}
catalog: nessie
`;
  const job = `tenant_id: acme
source_connector_path: recipes/widgets.yaml
target_connector_path: recipes/lake.yaml
asset_path: assets/t.yaml
source: {objects: [widgets], incremental: {lookback_days: 2}}
`;

  it("loads role-less recipes and a sources/targets registry", async () => {
    const files = memoryFiles({
      "registry/connectors.yaml": legacyRegistry,
      "recipes/widgets.yaml": legacySource,
      "recipes/lake.yaml": legacyTarget,
      "assets/t.yaml": asset,
      "jobs/j.yaml": job,
    });
    const r = await loadJob("jobs/j.yaml", { files, env: {} });
    expect(r.sourceRecipe.legacy).toBe(true);
    expect(r.registry.source.roles).toEqual(["source"]);
    expect(r.incremental).toEqual({ strategy: "updated_at", cursorField: "modified", lookbackDays: 2, stateKey: "widgets_api.widgets" });
    expect(r.target.branch).toBe("acme");
    expect(r.targetSettings.catalog).toEqual({ type: "rest", uri: "http://localhost:19120", options: {} });
    expect(r.targetSettings.warehouse).toBe("s3://lake/");
  });

  it("says when no registry can be found", async () => {
    const files = memoryFiles({ "recipes/widgets.yaml": legacySource, "recipes/lake.yaml": legacyTarget, "assets/t.yaml": asset, "jobs/j.yaml": job });
    const e = (await loadJob("jobs/j.yaml", { files, env: {} }).catch((x: Error) => x)) as Error;
    expect(e.message).toBe(
      "registry/connectors.yaml: connector registry not found (looked at /project/registry/connectors.yaml); create registry/connectors.yaml in the working directory, or run from the product that ships one",
    );
  });

  it("names a bad registry entry", () => {
    const r = parseRegistry("version: 3\nconnectors:\n  x: {roles: [source], default_engine: docker, engines_supported: [native], colour: red}\n");
    expect(r.problems.map((p) => `${p.path}: ${p.problem}`)).toEqual([
      "connectors.x.default_engine: is not one of airbyte, singer, meltano, native, jdbc, spark",
      "connectors.x.colour: unknown key",
    ]);
  });
});
