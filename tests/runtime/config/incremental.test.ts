import { describe, expect, it } from "bun:test";
import { loadJob } from "../../../runtime/config/load-job.ts";
import { IngestError } from "../../../runtime/errors.ts";
import { memoryFiles } from "./memory-files.ts";
import { shippedFiles } from "./shipped.ts";

const asset = `name: t\nversion: "1"\nschema:\n  - {name: id, type: bigint}\n  - {name: updated_at, type: timestamp}\n`;

function jobFor(connector: string, source: string): string {
  return `tenant_id: acme
source_connector_path: connectors/${connector}.yaml
target_connector_path: connectors/iceberg.yaml
asset_path: assets/t.yaml
source:
${source}`;
}

async function load(connector: string, source: string, env: Record<string, string> = {}) {
  const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": jobFor(connector, source) });
  return loadJob("jobs/j.yaml", { files, env, shipped: shippedFiles() });
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return (e as Error).message;
  }
  throw new Error("expected a failure");
}

describe("incremental settings", () => {
  it("lets a lookback-only database job take the recipe's strategy and cursor", async () => {
    const r = await load("postgres", "  tables: [{name: public.orders}]\n  incremental: {lookback_days: 3}\n");
    expect(r.incremental).toEqual({ strategy: "updated_at", cursorField: "updated_at", lookbackDays: 3, stateKey: "postgres.orders" });
  });

  it("uses a per-table cursor field when the incremental block names none", async () => {
    const r = await load("mysql", "  tables: [{name: shop.orders, object: orders, cursor_field: modified}]\n  incremental: {lookback_days: 1}\n");
    expect(r.incremental?.cursorField).toBe("modified");
  });

  it("accepts updated_after for HubSpot and created for Stripe", async () => {
    const h = await load("hubspot", "  objects: [contacts]\n  incremental: {strategy: updated_after, cursor_field: updatedAt}\n");
    expect(h.incremental).toEqual({ strategy: "updated_after", cursorField: "updatedAt", lookbackDays: 1, stateKey: "hubspot.contacts" });
    const s = await load("stripe", "  objects: [charges]\n  incremental: {lookback_days: 2}\n");
    expect(s.incremental).toEqual({ strategy: "created", cursorField: "created", lookbackDays: 2, stateKey: "stripe.charges" });
  });

  it("reads `incremental` as the connector default and `full_refresh` as off", async () => {
    const a = await load("postgres", "  tables: [{name: orders}]\n  incremental: {strategy: incremental}\n");
    expect(a.incremental?.strategy).toBe("updated_at");
    const b = await load("postgres", "  tables: [{name: orders}]\n  incremental: {strategy: full_refresh}\n");
    expect(b.incremental).toBeUndefined();
  });

  it("stays off without a non-empty incremental block, whatever the recipe says", async () => {
    expect((await load("postgres", "  tables: [{name: orders}]\n")).incremental).toBeUndefined();
    expect((await load("postgres", "  tables: [{name: orders}]\n  incremental: {}\n")).incremental).toBeUndefined();
  });

  it("reads a recipe strategy outside the list as the connector's default", async () => {
    const recipe = shippedFiles()["connectors/postgres.yaml"]!.replace("strategy: updated_at", "strategy: cursor_field");
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": jobFor("postgres", "  tables: [{name: orders}]\n  incremental: {lookback_days: 1}\n"), "connectors/postgres.yaml": recipe });
    const r = await loadJob("jobs/j.yaml", { files, env: {}, shipped: shippedFiles() });
    expect(r.incremental?.strategy).toBe("updated_at");
  });

  it("blames the recipe for an unknown strategy it names when the registry has no default", async () => {
    const recipe = shippedFiles()["connectors/s3.yaml"]! + "incremental: {strategy: nightly}\n";
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": jobFor("s3", "  files: [{path: a}]\n  incremental: {lookback_days: 1}\n"), "connectors/s3.yaml": recipe });
    const m = await message(loadJob("jobs/j.yaml", { files, env: {}, shipped: shippedFiles() }));
    expect(m).toBe(
      'connectors/s3.yaml: incremental.strategy: unknown incremental strategy (got "nightly"); use one of updated_at, updated_after, created, file_modified_time, spreadsheet_modified_time, cdc, full_refresh',
    );
  });

  it("refuses a strategy the connector does not use", async () => {
    const m = await message(load("postgres", "  tables: [{name: orders}]\n  incremental: {strategy: cdc}\n"));
    expect(m).toBe('jobs/j.yaml: source.incremental.strategy: connector `postgres` does not support this strategy (got "cdc"); use `updated_at`');
  });

  it("refuses file_modified_time without files", async () => {
    const m = await message(load("csv", "  incremental: {strategy: file_modified_time}\n"));
    expect(m).toBe("jobs/j.yaml: source.files: strategy `file_modified_time` needs files (got nothing); list the input files under `source.files`");
  });

  it("accepts Google Sheets configured with spreadsheets", async () => {
    const r = await load("google_sheets", "  spreadsheets: [{id: abc}]\n  incremental: {lookback_days: 0}\n");
    expect(r.incremental?.strategy).toBe("spreadsheet_modified_time");
    expect(r.source.spreadsheets).toEqual([{ id: "abc" }]);
  });

  it("keeps a Drive file given by file_id", async () => {
    const r = await load("gdrive_csv", "  files: [{file_id: 1AbC, object: sales}]\n  incremental: {strategy: file_modified_time}\n");
    expect(r.incremental?.stateKey).toBe("gdrive_csv.sales");
  });

  it("says a cloud-mode run cannot read a database", async () => {
    const files = memoryFiles({ "assets/t.yaml": asset, "jobs/j.yaml": jobFor("postgres", "  tables: [{name: orders}]\n") });
    const m = await message(loadJob("jobs/j.yaml", { files, env: {}, shipped: shippedFiles(), mode: "cloud" }));
    expect(m).toBe("jobs/j.yaml: source_connector_path: connector `postgres` is not allowed in cloud mode; run in self_hosted mode or use another source");
  });

  it("says a target-only connector cannot be a source", async () => {
    const m = await message(load("iceberg", "  files: [{path: x}]\n"));
    expect(m).toBe("jobs/j.yaml: source_connector_path: connector `iceberg` cannot be a source (registry roles: target); use a connector that lists `source`");
  });
});
