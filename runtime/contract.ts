/**
 * Contract: the normalized form of an asset definition (a Dativo flat asset, the legacy
 * `asset:`-wrapped layout, or an ODCS v3.0.2 / v3.1.0 data contract). Everything downstream —
 * validation, Arrow/Parquet types, the Iceberg schema — reads this, never the raw YAML.
 */

export type ColumnType =
  | { kind: "string" }
  | { kind: "int" } // 32-bit
  | { kind: "long" } // 64-bit; the contract's `integer`
  | { kind: "float" }
  | { kind: "double" }
  | { kind: "boolean" }
  | { kind: "date" }
  | { kind: "time" }
  | { kind: "timestamp" } // without zone, microseconds
  | { kind: "timestamptz" } // UTC-adjusted, microseconds
  | { kind: "decimal"; precision: number; scale: number }
  | { kind: "binary" }
  | { kind: "uuid" }
  | { kind: "json" } // kept as its JSON text in a string column
  | { kind: "list"; element: ColumnType };

export interface ContractColumn {
  name: string;
  type: ColumnType;
  required: boolean;
  /** Lower-cased classification (`pii`, `confidential` …), when the contract gives one. */
  classification?: string;
  description?: string;
  /** Iceberg field id, when the contract or an existing table fixes one. */
  fieldId?: number;
}

export interface QualityRule {
  /** The column the rule is on, or absent for a table-level rule. */
  column?: string;
  /** ODCS rule kind: `nullValues`, `duplicateValues`, `invalidValues`, `rowCount`, `sql`, … */
  rule: string;
  /** Comparison as ODCS writes it: mustBe, mustBeLessThan, mustBeBetween, … */
  comparison?: Record<string, unknown>;
  /** `sql` rules: the query, with `${object}` / `{object}` for the table. */
  query?: string;
  /** `invalidValues`: allowed values or a pattern. */
  validValues?: unknown[];
  pattern?: string;
  unit?: "rows" | "percent";
  severity?: string;
  name?: string;
  description?: string;
  /** The rule's ODCS `arguments` as written (missingValues, properties, …). */
  arguments?: Record<string, unknown>;
}

export interface Contract {
  name: string;
  version: string;
  domain?: string;
  dataProduct?: string;
  tenant?: string;
  /** `source_type` and `object` (Dativo extensions). */
  sourceType?: string;
  object?: string;
  columns: ContractColumn[];
  /** Partition columns from the asset (`ingest_date` is computed, not read from rows). */
  partitioning?: string[];
  quality: QualityRule[];
  owner?: string;
  tags: string[];
  /** Iceberg table properties derived from the asset (governance.*, finops.*, asset.*). */
  properties: Record<string, string>;
}
