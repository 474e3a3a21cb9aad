import { describe, expect, it } from "bun:test";
import { expandDeep, expandVars } from "../../../runtime/config/env-expand.ts";
import { loadJob } from "../../../runtime/config/load-job.ts";
import { memoryFiles } from "./memory-files.ts";
import { shippedFiles } from "./shipped.ts";

describe("expandVars", () => {
  it("replaces ${NAME}, $NAME and ${NAME:-default} where they stand", () => {
    const env = { HOST: "db", PORT: "5432" };
    expect(expandVars("postgres://$HOST:${PORT}/${DB:-app}", env)).toEqual({ value: "postgres://db:5432/app", unset: [] });
  });

  it("uses the default for an empty variable and reports unset ones", () => {
    expect(expandVars("${A:-x}-${B}", { A: "" })).toEqual({ value: "x-", unset: ["B"] });
  });

  it("keeps $$ as a dollar and leaves secret references alone", () => {
    expect(expandVars("pa$$word ${secret:pg.password}", {}).value).toBe("pa$word ${secret:pg.password}");
  });

  it("leaves a bare $NAME alone when asked for braced forms only", () => {
    expect(expandVars("pa$word-${X}-a$$b-$${Y}", { word: "no", X: "x" }, { bare: false }).value).toBe("pa$word-x-a$$b-${Y}");
  });

  it("drops a value that was only an unset reference, so fallbacks apply", () => {
    const unset = new Set<string>();
    expect(expandDeep({ host: "${PGHOST}", port: "${PGPORT:-5432}", db: "x_${DBX}", password: "pa$word" }, {}, unset)).toEqual({ port: "5432", db: "x_", password: "pa$word" });
    expect([...unset].sort()).toEqual(["DBX", "PGHOST"]);
  });
});

describe("variables in job files", () => {
  const asset = `name: t\nversion: "1"\nschema: [{name: id, type: integer}]\n`;
  const job = `tenant_id: acme
source_connector_path: \${CONNECTORS:-connectors}/postgres.yaml
target_connector_path: connectors/iceberg.yaml
asset_path: $ASSETS/t.yaml
source:
  tables: [{name: orders}]
  connection:
    host: "\${PGHOST}"
    password: "\${secret:warehouse_db.PGPASSWORD}"
target:
  warehouse: "s3://\${S3_BUCKET}/lake/"
  connection:
    s3: {bucket: "\${S3_BUCKET}", endpoint: "\${S3_ENDPOINT:-http://127.0.0.1:57480}"}
`;

  it("expands paths, connection values, the warehouse and the bucket the same way", async () => {
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": job });
    const r = await loadJob("jobs/j.yaml", { files, env: { ASSETS: "assets", PGHOST: "db.internal", S3_BUCKET: "acme-lake" }, shipped: shippedFiles() });
    expect(r.asset.path).toBe("assets/t.yaml");
    expect(r.source.connection).toEqual({ host: "db.internal", password: "${secret:warehouse_db.PGPASSWORD}" });
    expect(r.targetSettings.warehouse).toBe("s3://acme-lake/lake/");
    expect(r.targetSettings.storage).toEqual({ bucket: "acme-lake", endpoint: "http://127.0.0.1:57480" });
    expect(r.unsetVariables).toEqual(["AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "PGDATABASE", "PGPORT", "S3_ENDPOINT"]);
  });

  it("takes the recipe's connection template as the base of the source connection", async () => {
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": job });
    const r = await loadJob("jobs/j.yaml", { files, env: { ASSETS: "assets", PGPORT: "55432", PGDATABASE: "app", S3_BUCKET: "b" }, shipped: shippedFiles() });
    expect(r.source.connection).toEqual({ port: "55432", database: "app", password: "${secret:warehouse_db.PGPASSWORD}" });
  });

  it("refuses a warehouse whose variable is not set instead of falling back to a default", async () => {
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": job });
    const e = await loadJob("jobs/j.yaml", { files, env: { ASSETS: "assets" }, shipped: shippedFiles() }).catch((x: Error) => x);
    expect((e as Error).message).toContain("jobs/j.yaml: target.warehouse: variable `S3_BUCKET` is not set");
  });

  it("says which variable a path needs", async () => {
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": job });
    const e = await loadJob("jobs/j.yaml", { files, env: {}, shipped: shippedFiles() }).catch((x: Error) => x);
    expect((e as Error).message.split("\n")[0]).toBe('jobs/j.yaml: asset_path: variable `ASSETS` is not set (got "$ASSETS/t.yaml"); set ASSETS or write the path out');
  });
});
