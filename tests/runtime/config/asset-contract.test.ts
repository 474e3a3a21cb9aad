import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { contractFromAsset } from "../../../runtime/config/asset-contract.ts";
import { columnTypeFromName } from "../../../runtime/config/column-type.ts";
import { parseYamlText } from "../../../runtime/config/yaml-file.ts";

const examples = join(import.meta.dir, "../../fixtures/odcs-examples");

function load(text: string, object?: string) {
  const p = parseYamlText(text, "a.yaml");
  if (!p.ok) throw new Error(p.problem.problem);
  return contractFromAsset(p.value, { file: "a.yaml", object });
}

describe("ODCS examples", () => {
  const names = readdirSync(examples).filter((f) => f.endsWith(".yaml"));
  it("finds the standard's examples", () => {
    expect(names.length).toBeGreaterThanOrEqual(18);
  });
  for (const name of names) {
    it(`loads ${name}`, () => {
      const r = load(readFileSync(join(examples, name), "utf8"));
      expect(r.problems).toEqual([]);
      expect(r.layout).toBe("odcs");
      expect(r.contract!.name.length).toBeGreaterThan(0);
      expect(r.contract!.version.length).toBeGreaterThan(0);
    });
  }

  it("maps every data type of the all-data-types example", () => {
    const r = load(readFileSync(join(examples, "data-types--all-data-types.odcs.yaml"), "utf8"));
    expect(Object.fromEntries(r.contract!.columns.map((c) => [c.name, c.type]))).toEqual({
      account_id: { kind: "string" },
      txn_ref_date: { kind: "date" },
      txn_timestamp: { kind: "timestamp" },
      txn_timestamp_tz: { kind: "timestamptz" },
      txn_time: { kind: "time" },
      amount: { kind: "double" },
      age: { kind: "long" },
      is_open: { kind: "boolean" },
      latest_txns: { kind: "list", element: { kind: "string" } },
      customer_details: { kind: "json" },
    });
  });

  it("reads nested arrays, classifications and partition keys", () => {
    const all = load(readFileSync(join(examples, "schema--all-schema-types.odcs.yaml"), "utf8"), "AnotherObject");
    expect(all.contract!.columns).toEqual([{ name: "x", type: { kind: "list", element: { kind: "json" } }, required: false }]);
    const tbl = load(readFileSync(join(examples, "schema--all-schema-types.odcs.yaml"), "utf8"), "tbl");
    expect(tbl.contract!.columns[1]).toMatchObject({ name: "rcvr_id", classification: "restricted", description: "A description for column rcvr_id." });
    const parts = load(readFileSync(join(examples, "schema--table-columns-with-partition.odcs.yaml"), "utf8"));
    expect(parts.contract!.partitioning).toEqual(["rcvr_cntry_code", "year"]);
  });

  it("reads quality rules of both standard versions", () => {
    const v302 = load(readFileSync(join(examples, "quality--column-completeness.odcs.yaml"), "utf8"));
    expect(v302.contract!.quality).toEqual([
      { rule: "nullValues", column: "UniqueID", comparison: { mustBe: 0 }, severity: "error", description: "This column should not contain null values" },
    ]);
    const v310 = load(readFileSync(join(examples, "quality--column-validity.odcs.yaml"), "utf8"));
    expect(v310.contract!.quality).toEqual([
      {
        rule: "invalidValues",
        column: "air_quality_status",
        comparison: { mustBeLessOrEqualTo: 5 },
        validValues: ["", null, "n/a"],
        unit: "percent",
        severity: "error",
        description: "This column should be filled in 95% of the time",
        arguments: { validValues: ["", null, "n/a"] },
      },
    ]);
    const sql = load(readFileSync(join(examples, "quality--column-accuracy.odcs.yaml"), "utf8"));
    expect(sql.contract!.quality[0]).toMatchObject({ rule: "sql", query: "select count(*) from Air_Quality where DataValue <= 0 or DataValue >= 500" });
    const full = load(readFileSync(join(examples, "all--full-example.odcs.yaml"), "utf8"));
    expect(full.contract!.quality.find((q) => q.column === undefined)).toEqual({
      rule: "rowCount",
      comparison: { mustBeGreaterThan: 1000000 },
      severity: "error",
      description: "Ensure row count is within expected volume range",
    });
    expect(full.contract!.owner).toBe("daustin");
  });

  it("keeps a rule's description and its arguments whole", () => {
    // ODCS v3.1.0 "Data Quality" → Library: missingValues takes `arguments.missingValues`, a
    // schema-level duplicateValues takes `arguments.properties`.
    const r = load(`apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
name: orders
schema:
  - name: orders
    properties:
      - name: tenant_id
        logicalType: string
      - name: email_address
        logicalType: string
        quality:
          - metric: missingValues
            arguments:
              missingValues: [null, '', 'N/A']
            mustBeLessThan: 100
            description: Few orders lack an email address
    quality:
      - metric: duplicateValues
        arguments:
          properties: [tenant_id, email_address]
        mustBe: 0
`);
    expect(r.contract!.quality).toEqual([
      {
        rule: "missingValues",
        column: "email_address",
        comparison: { mustBeLessThan: 100 },
        description: "Few orders lack an email address",
        arguments: { missingValues: [null, "", "N/A"] },
      },
      { rule: "duplicateValues", comparison: { mustBe: 0 }, arguments: { properties: ["tenant_id", "email_address"] } },
    ]);
  });

  it("prefers a precise physical type to a coarse logical one", () => {
    const aw = load(readFileSync(join(examples, "all--postgresql-adventureworks-contract.odcs.yaml"), "utf8"), "employee");
    const types = Object.fromEntries(aw.contract!.columns.map((c) => [c.name, c.type.kind]));
    expect(types.businessentityid).toBe("int");
    expect(types.birthdate).toBe("date");
    expect(types.modifieddate).toBe("timestamp");
    expect(aw.contract!.name).toBe("employee");
  });
});

describe("Dativo assets", () => {
  it("maps the Dativo type names", () => {
    const t = (n: string) => columnTypeFromName(n);
    expect(t("integer")).toEqual({ kind: "long" });
    expect(t("bigint")).toEqual({ kind: "long" });
    expect(t("int")).toEqual({ kind: "int" });
    expect(t("number")).toEqual({ kind: "double" });
    expect(t("datetime")).toEqual({ kind: "timestamp" });
    expect(t("timestamptz")).toEqual({ kind: "timestamptz" });
    expect(t("decimal")).toEqual({ kind: "decimal", precision: 38, scale: 9 });
    expect(t("numeric(12, 4)")).toEqual({ kind: "decimal", precision: 12, scale: 4 });
    expect(t("bytes")).toEqual({ kind: "binary" });
    expect(t("uuid")).toEqual({ kind: "uuid" });
    expect(t("object")).toEqual({ kind: "json" });
    expect(t("array")).toEqual({ kind: "list", element: { kind: "string" } });
    expect(t("no_such_type")).toBeUndefined();
  });

  it("reads decimal precision from the field and list elements from items", () => {
    const r = load(`name: t\nversion: 1.0\nschema:\n  - {name: amount, type: decimal, precision: 12, scale: 2}\n  - {name: tags, type: array, items: {type: integer}}\n`);
    expect(r.contract!.version).toBe("1.0");
    expect(r.contract!.columns.map((c) => c.type)).toEqual([{ kind: "decimal", precision: 12, scale: 2 }, { kind: "list", element: { kind: "long" } }]);
  });

  it("loads an unknown type as string and says so", () => {
    const r = load(`name: t\nversion: "1"\nschema:\n  - {name: x, type: geometry}\n`);
    expect(r.contract!.columns[0]!.type).toEqual({ kind: "string" });
    expect(r.warnings).toEqual(["a.yaml: schema[0].type: unknown type `geometry` is read as string"]);
  });

  it("ignores a null classification instead of failing", () => {
    const r = load(`name: t\nversion: "1"\nschema:\n  - {name: x, type: string, classification: null}\n`);
    expect(r.contract!.columns[0]).toEqual({ name: "x", type: { kind: "string" }, required: false });
  });

  it("converts the legacy asset: layout and keeps its compliance block", () => {
    const r = load(`asset:
  name: customers
  version: "2.0"
  domain: crm
  source_type: postgres
  object: customers
  schema:
    - {name: id, type: integer, required: true}
  compliance:
    regulations: [GDPR]
  governance:
    owner: crm@example.com
    tags: [crm]
    classification: [PII]
    retention_days: 365
`);
    expect(r.layout).toBe("dativo-wrapped");
    expect(r.contract).toMatchObject({ name: "customers", version: "2.0", owner: "crm@example.com", tags: ["crm"] });
    expect(r.contract!.properties).toMatchObject({
      "classification.default": "pii",
      "governance.retention_days": "365",
      "governance.regulations": "GDPR",
      "governance.owner": "crm@example.com",
      "asset.source_type": "postgres",
    });
  });

  it("names every field problem with its path", () => {
    const r = load(`name: t\nversion: "1"\nschema:\n  - {name: a, type: 5}\n  - {type: string}\n  - {name: a, type: string}\n`);
    expect(r.problems.map((p) => `${p.path}: ${p.problem}`)).toEqual([
      "schema[0].type: must be a type name",
      "schema[1].name: required key is missing",
      "schema: column `a` is defined twice",
    ]);
  });
});
