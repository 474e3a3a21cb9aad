import { describe, expect, it } from "bun:test";
import { jobSchema } from "../../../runtime/config/job-schema.ts";
import { configError, formatProblem, problemsFromZod, renderValue } from "../../../runtime/config/problems.ts";

describe("configuration problems", () => {
  it("words bounds, empty text, unions and formats so a user can act on them", () => {
    const v = {
      tenant_id: "",
      source_connector_path: "a",
      target_connector_path: "b",
      asset_path: "c",
      target: { catalog: [1], parquet_target_size_mb: -1 },
      plugins: { sandbox: { memory_limit: "lots", cpu_limit: 3 } },
      source: { incremental: { lookback_days: -2 } },
    };
    const r = jobSchema.safeParse(v);
    expect(problemsFromZod(r.error!, "j.yaml", v).map(formatProblem)).toEqual([
      'j.yaml: tenant_id: must not be empty (got ""); give `tenant_id` a value',
      "j.yaml: source.incremental.lookback_days: must be at least 0 (got -2); correct `lookback_days`",
      "j.yaml: target.catalog: must be a catalog name or a mapping with `type` (got a list of 1); correct `catalog`",
      "j.yaml: target.parquet_target_size_mb: must be more than 0 (got -1); correct `parquet_target_size_mb`",
      "j.yaml: plugins.sandbox.cpu_limit: must be at most 1 (got 3); correct `cpu_limit`",
      'j.yaml: plugins.sandbox.memory_limit: must be a size such as 512m or 2g (got "lots"); correct `memory_limit`',
    ]);
  });

  it("hides values under secret-named keys, token-like text and URL passwords", () => {
    expect(renderValue("hunter2", "source.connection.password")).toBe("<hidden>");
    expect(renderValue("abc", "target.connection.s3.secret_access_key")).toBe("<hidden>");
    expect(renderValue("sk_live_abc")).toBe("<hidden>");
    expect(renderValue("Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy")).toBe("<hidden>");
    expect(renderValue("mysql://u:p4ss@h/db")).toBe('"mysql://u:<hidden>@h/db"');
    expect(renderValue("plain")).toBe('"plain"');
  });

  it("raises one config.invalid error carrying every problem as data", () => {
    const e = configError([
      { file: "a.yaml", path: "x", problem: "required key is missing", fix: "add `x`" },
      { file: "b.yaml", path: "", problem: "the file is empty", hideValue: true, fix: "write it" },
    ]);
    expect(e.code).toBe("config.invalid");
    expect(e.message).toBe("a.yaml: x: required key is missing; add `x`\nb.yaml: the file is empty; write it");
    expect(e.details.problems).toEqual([
      { file: "a.yaml", path: "x", problem: "required key is missing", fix: "add `x`" },
      { file: "b.yaml", path: "", problem: "the file is empty", fix: "write it" },
    ]);
  });
});
