import { describe, expect, it } from "bun:test";
import { loadJob } from "../../../runtime/config/load-job.ts";
import { IngestError } from "../../../runtime/errors.ts";
import { memoryFiles } from "./memory-files.ts";
import { shippedFiles } from "./shipped.ts";

const asset = `apiVersion: v3.0.2
kind: DataContract
name: warehouse_orders
version: "1.0"
domain: sales
dataProduct: orders
source_type: csv
object: orders
schema:
  - {name: order_id, type: integer, required: true}
  - {name: email, type: string, classification: PII}
  - {name: placed_at, type: timestamp, required: true}
  - {name: ordered_on, type: date}
  - {name: total, type: "decimal(10,2)"}
team:
  owner: orders-team@example.com
compliance:
  classification: [PII]
  retention_days: 180
`;

const job = `tenant_id: northwind
source_connector_path: connectors/csv.yaml
target_connector_path: connectors/iceberg.yaml
asset_path: assets/csv/v1.0/orders.yaml
source:
  files:
    - path: data/orders_2024.csv
      object: orders
  incremental:
    strategy: file_modified_time
    lookback_days: 0
target:
  partitioning: [ingest_date]
  connection:
    s3:
      bucket: northwind-lake
      endpoint: "\${S3_ENDPOINT}"
schema_validation_mode: warn
logging:
  level: INFO
  redaction: true
`;

function project(extra: Record<string, string> = {}) {
  return memoryFiles({ "assets/csv/v1.0/orders.yaml": asset, "jobs/northwind/orders.yaml": job, ...extra });
}

async function failure(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return e as IngestError;
  }
  throw new Error("expected loadJob to fail");
}

const opts = (files: ReturnType<typeof memoryFiles>, env: Record<string, string> = {}) => ({ files, env, shipped: shippedFiles() });

describe("loadJob", () => {
  it("loads the reference example job with the shipped recipes and registry", async () => {
    const files = project();
    const r = await loadJob("jobs/northwind/orders.yaml", opts(files, { S3_ENDPOINT: "http://127.0.0.1:57480" }));
    expect(r.tenant).toBe("northwind");
    expect(r.resolvedPath).toBe("/project/jobs/northwind/orders.yaml");
    expect(r.sourceRecipe.type).toBe("csv");
    expect(r.targetRecipe.type).toBe("iceberg");
    expect(r.registry.source.roles).toContain("source");
    expect(r.registry.path).toBe("registry/connectors.yaml (shipped)");
    expect(r.validationMode).toBe("warn");
    expect(r.incremental).toEqual({ strategy: "file_modified_time", lookbackDays: 0, stateKey: "csv.orders" });
    expect(r.source.files).toEqual([{ path: "data/orders_2024.csv", object: "orders" }]);
    expect((r.source.engine as { options: { native: { chunk_size: number } } }).options.native.chunk_size).toBe(10000);
    expect(r.target.connection).toEqual({ s3: { bucket: "northwind-lake", endpoint: "http://127.0.0.1:57480" } });
    expect(r.targetSettings).toEqual({
      warehouse: "s3://northwind-lake/",
      catalog: { type: "files" },
      partitioning: ["ingest_date"],
      maxFileSizeBytes: 128 * 1024 * 1024,
      compression: "snappy",
      fileFormat: "parquet",
      storage: { bucket: "northwind-lake", endpoint: "http://127.0.0.1:57480" },
    });
    expect(r.contract.name).toBe("warehouse_orders");
    expect(r.contract.columns.map((c) => [c.name, c.type, c.required])).toEqual([
      ["order_id", { kind: "long" }, true],
      ["email", { kind: "string" }, false],
      ["placed_at", { kind: "timestamp" }, true],
      ["ordered_on", { kind: "date" }, false],
      ["total", { kind: "decimal", precision: 10, scale: 2 }, false],
    ]);
    expect(r.contract.properties["classification.default"]).toBe("pii");
    expect(r.contract.properties["classification.fields.email"]).toBe("pii");
    expect(r.contract.properties["governance.retention_days"]).toBe("180");
    expect(r.asset.layout).toBe("dativo");
  });

  it("reads only configuration files", async () => {
    const files = project();
    await loadJob("jobs/northwind/orders.yaml", opts(files));
    expect(files.reads).toEqual(["/project/jobs/northwind/orders.yaml", "/project/assets/csv/v1.0/orders.yaml"]);
  });

  it("prefers recipes and a registry in the working directory over the shipped ones", async () => {
    const registry = `version: 3\nconnectors:\n  csv: {roles: [source], default_engine: native, engines_supported: [native], supports_incremental: true}\n  iceberg: {roles: [target], default_engine: native, engines_supported: [native]}\n`;
    const recipe = `name: csv\ntype: csv\nroles: [source]\ndefault_engine: {type: native, options: {native: {chunk_size: 5}}}\n`;
    const files = project({ "registry/connectors.yaml": registry, "connectors/csv.yaml": recipe });
    const r = await loadJob("jobs/northwind/orders.yaml", opts(files));
    expect(r.registry.path).toBe("/project/registry/connectors.yaml");
    expect(r.registry.source.incrementalStrategyDefault).toBeUndefined();
    expect(r.sourceRecipe.resolvedPath).toBe("/project/connectors/csv.yaml");
    expect((r.source.engine as { options: { native: { chunk_size: number } } }).options.native.chunk_size).toBe(5);
    expect(r.incremental?.strategy).toBe("file_modified_time");
  });

  it("says the job's incremental block is refused when the registry says the connector has none", async () => {
    const registry = `version: 3\nconnectors:\n  csv: {roles: [source], default_engine: native, engines_supported: [native]}\n  iceberg: {roles: [target], default_engine: native, engines_supported: [native]}\n`;
    const files = project({ "registry/connectors.yaml": registry });
    const e = await failure(loadJob("jobs/northwind/orders.yaml", opts(files)));
    expect(e.message).toBe(
      "jobs/northwind/orders.yaml: source.incremental: connector `csv` does not support incremental reads; remove `incremental` or use a connector that supports it",
    );
  });

  it("fails with one message when the job file is missing", async () => {
    const e = await failure(loadJob("jobs/none.yaml", opts(project())));
    expect(e.code).toBe("config.invalid");
    expect(e.message).toBe(
      "jobs/none.yaml: job file not found (looked at /project/jobs/none.yaml); check the path; relative paths resolve against the working directory",
    );
  });

  it("points at the line of a YAML syntax error", async () => {
    const files = project({ "jobs/bad.yaml": "tenant_id: x\nsource:\n  files: [a,\n  b: c\n" });
    const e = await failure(loadJob("jobs/bad.yaml", opts(files)));
    expect(e.message).toBe(
      "jobs/bad.yaml: line 4, column 3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the YAML syntax",
    );
  });

  it("says an empty job file is empty", async () => {
    const e = await failure(loadJob("jobs/e.yaml", opts(project({ "jobs/e.yaml": "# nothing\n" }))));
    expect(e.message).toBe("jobs/e.yaml: the file is empty; write the configuration into it");
  });

  it("names a missing required key, a wrong type and an unknown strategy, all in one error", async () => {
    const bad = job.replace("tenant_id: northwind\n", "").replace("strategy: file_modified_time", "strategy: weekly").replace("schema_validation_mode: warn", "schema_validation_mode: warn\nretry_config:\n  max_retries: many");
    const e = await failure(loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": bad }))));
    expect(e.code).toBe("config.invalid");
    expect(e.message.split("\n")).toEqual([
      "jobs/j.yaml: tenant_id: required key is missing; add `tenant_id`",
      "jobs/j.yaml: source.incremental.strategy: is not one of full_refresh, incremental, updated_at, updated_after, created, file_modified_time, spreadsheet_modified_time, cdc (got \"weekly\"); use one of full_refresh, incremental, updated_at, updated_after, created, file_modified_time, spreadsheet_modified_time, cdc",
      "jobs/j.yaml: retry_config.max_retries: must be a number (got \"many\"); write `max_retries` as a number",
    ]);
    expect((e.details.problems as unknown[]).length).toBe(3);
  });

  it("says a list was expected and what it got", async () => {
    const bad = job.replace(/ {2}files:\n {4}- path: data\/orders_2024.csv\n {6}object: orders\n/, "  files: data/orders.csv\n");
    const e = await failure(loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": bad }))));
    expect(e.message).toBe('jobs/j.yaml: source.files: must be a list (got "data/orders.csv"); write `files` as a list');
  });

  it("lists problems of the job, a missing recipe and the asset together", async () => {
    const bad = job.replace("connectors/iceberg.yaml", "connectors/nope.yaml").replace("tenant_id: northwind", "tenant_id: northwind\nsurprise: 1");
    const files = project({ "jobs/j.yaml": bad, "assets/csv/v1.0/orders.yaml": "name: t\nversion: '1'\nschema:\n  - {type: string}\n" });
    const e = await failure(loadJob("jobs/j.yaml", opts(files)));
    expect(e.message.split("\n")).toEqual([
      "jobs/j.yaml: surprise: unknown key; remove it or check its spelling",
      "connectors/nope.yaml: target connector recipe not found (looked at /project/connectors/nope.yaml); check the path; relative paths resolve against the working directory",
      "assets/csv/v1.0/orders.yaml: schema[0].name: required key is missing; give every field a `name`",
    ]);
  });

  it("never shows a secret-looking value in a message", async () => {
    const bad = job.replace("schema_validation_mode: warn", "schema_validation_mode: warn\ncatalog:\n  type: openmetadata\n  connection: postgres://loader:hunter2@db/x");
    const e = await failure(loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": bad }))));
    expect(e.message).toBe('jobs/j.yaml: catalog.connection: must be a mapping (got "postgres://loader:<hidden>@db/x"); write `connection` as a mapping');
    const bad2 = job.replace("bucket: northwind-lake", "bucket: northwind-lake\n      secret_access_key: [wJalrXUtnFEMI]").replace("catalog", "x");
    const files = project({ "jobs/j.yaml": bad2.replace("  partitioning: [ingest_date]", "  partitioning: [ingest_date]\n  compression: lz4") });
    const e2 = await failure(loadJob("jobs/j.yaml", opts(files)));
    expect(e2.message).not.toContain("wJalrXUtnFEMI");
  });

  it("accepts the keys the original's schema rejected", async () => {
    const extra = `classification_overrides: {email: Confidential, default: internal}
finops: {cost_center: cc-1, business_tags: [a, b]}
governance_overrides: {retention_days: 30, owner: data@example.com}
plugins: {sandbox: {enabled: true, cpu_limit: 0.5, memory_limit: 512m, timeout: 60}}
`;
    const r = await loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": job + extra })));
    expect(r.contract.columns[1]!.classification).toBe("confidential");
    expect(r.contract.properties).toMatchObject({
      "classification.default": "internal",
      "classification.fields.email": "confidential",
      "finops.cost_center": "cc-1",
      "finops.business_tags": "a,b",
      "governance.retention_days": "30",
      "governance.owner": "data@example.com",
    });
  });

  it("takes target.catalog as a name or as a mapping", async () => {
    const asName = job.replace("  partitioning: [ingest_date]", "  catalog: nessie\n  partitioning: [ingest_date]");
    const r1 = await loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": asName }), { NESSIE_URI: "http://nessie:19120/api/v1" }));
    expect(r1.targetSettings.catalog).toEqual({ type: "rest", uri: "http://nessie:19120", options: {} });
    expect(r1.targetSettings.branch).toBe("northwind");
    const asMap = job.replace("  partitioning: [ingest_date]", "  catalog: {type: rest, uri: 'http://127.0.0.1:8181/catalog', warehouse: lake}\n  partitioning: [ingest_date]");
    const r2 = await loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": asMap })));
    expect(r2.targetSettings.catalog).toEqual({ type: "rest", uri: "http://127.0.0.1:8181/catalog", warehouse: "lake", options: { uri: "http://127.0.0.1:8181/catalog", warehouse: "lake" } });
    const pg = job.replace("  partitioning: [ingest_date]", "  catalog: {type: postgres, url: 'postgres://127.0.0.1:55432/postgres'}\n  max_file_size_mb: 64\n  compression: zstd");
    const r3 = await loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": pg })));
    expect(r3.targetSettings.catalog.type).toBe("postgres");
    expect(r3.targetSettings.maxFileSizeBytes).toBe(64 * 1024 * 1024);
    expect(r3.targetSettings.compression).toBe("zstd");
    expect(r3.targetSettings.partitioning).toEqual(["ingest_date"]);
    const none = job.replace("  partitioning: [ingest_date]", "  catalog: none\n  parquet_target_size_mb: 150");
    const r4 = await loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": none })));
    expect(r4.targetSettings.catalog).toEqual({ type: "none" });
    expect(r4.targetSettings.maxFileSizeBytes).toBe(150 * 1024 * 1024);
  });

  it("asks for a structured pattern when Markdown-KV output is structured", async () => {
    const bad = job.replace("  partitioning: [ingest_date]", "  markdown_kv_storage: {mode: structured}");
    const e = await failure(loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": bad }))));
    expect(e.message).toBe(
      "jobs/j.yaml: target.markdown_kv_storage.structured_pattern: required key is missing for mode `structured`; add `structured_pattern: row_per_kv` or `document_level`",
    );
  });

  it("refuses an unknown catalog type", async () => {
    const bad = job.replace("  partitioning: [ingest_date]", "  catalog: hive");
    const e = await failure(loadJob("jobs/j.yaml", opts(project({ "jobs/j.yaml": bad }))));
    expect(e.message).toBe('jobs/j.yaml: target.catalog: unknown catalog type (got "hive"); use files (default), rest, nessie, postgres or none');
  });
});
