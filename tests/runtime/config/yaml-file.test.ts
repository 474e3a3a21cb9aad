import { describe, expect, it } from "bun:test";
import { parseYamlText, readYamlFile } from "../../../runtime/config/yaml-file.ts";
import { formatProblem } from "../../../runtime/config/problems.ts";
import { memoryFiles } from "./memory-files.ts";

describe("YAML configuration files", () => {
  it("reads YAML 1.1 booleans and keeps what users typed for versions, dates, times and zero-led numbers", () => {
    const r = parseYamlText("a: yes\nb: off\ny: 1\nversion: 1.0\nstart: 2024-01-01\nat: 09:30\nzip: 01234\nn: 42\nf: 2.5\n", "x.yaml");
    expect(r).toEqual({ ok: true, value: { a: true, b: false, y: 1, version: "1.0", start: "2024-01-01", at: "09:30", zip: "01234", n: 42, f: 2.5 } });
  });

  it("refuses a document that is not a mapping", () => {
    const r = parseYamlText("- a\n", "x.yaml");
    expect(r.ok).toBe(false);
    expect(formatProblem((r as { problem: Parameters<typeof formatProblem>[0] }).problem)).toBe(
      "x.yaml: must be a YAML mapping (key: value lines) (got a list of 1); write the configuration as a mapping",
    );
  });

  it("says which key is duplicated and where", () => {
    const r = parseYamlText("a: 1\na: 2\n", "x.yaml");
    expect(formatProblem((r as { problem: Parameters<typeof formatProblem>[0] }).problem)).toBe("x.yaml: line 2, column 1: YAML syntax error: Map keys must be unique; fix the YAML syntax");
  });

  it("falls back to a shipped file only when the working directory has none", async () => {
    const files = memoryFiles({ "connectors/csv.yaml": "type: local\n" });
    const shipped = { "connectors/csv.yaml": "type: shipped\n", "connectors/s3.yaml": "type: s3\n" };
    expect(await readYamlFile(files, "connectors/csv.yaml", { shipped })).toEqual({ ok: true, value: { type: "local" }, resolvedPath: "/project/connectors/csv.yaml", fromShipped: false });
    expect(await readYamlFile(files, "./connectors/s3.yaml", { shipped })).toEqual({ ok: true, value: { type: "s3" }, resolvedPath: "/project/connectors/s3.yaml", fromShipped: true });
  });
});
