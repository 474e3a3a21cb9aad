/**
 * Asset definitions → `Contract` (config-format.md §6). Three layouts load:
 * - the flat Dativo asset: `schema` is a list of fields with `name`/`type`/`required`;
 * - the legacy `asset:`-wrapped layout with a `governance:` section, converted as the original
 *   did, except that an existing `compliance` block is kept (fixes §12 #8);
 * - ODCS v3.0.2 / v3.1.0 contracts: `schema` is a list of objects (tables) with `properties`.
 * Unknown ODCS keys are ignored, as the standard's own examples carry many.
 */
import type { ColumnType, Contract, ContractColumn, QualityRule } from "../contract.ts";
import { columnTypeFromName, odcsColumnType } from "./column-type.ts";
import type { Problem } from "./problems.ts";

type Obj = Record<string, unknown>;

export interface AssetLoad {
  contract?: Contract;
  problems: Problem[];
  /** Things that load but deserve a log line (an unknown type read as string …). */
  warnings: string[];
  layout: "dativo" | "dativo-wrapped" | "odcs";
}

export interface AssetOptions {
  /** File name for messages. */
  file: string;
  /** Which ODCS schema object to use when a contract has several (matched on name or physicalName). */
  object?: string;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

/** The legacy `asset:` layout as the flat one (§6). */
export function unwrapLegacyAsset(doc: Obj): Obj {
  const inner = isObj(doc.asset) ? { ...doc.asset } : {};
  const gov = isObj(inner.governance) ? inner.governance : {};
  delete inner.governance;
  const out: Obj = { apiVersion: "v3.0.2", kind: "DataContract", status: "active", ...inner };
  if (gov.owner !== undefined) {
    out.team = { ...(isObj(out.team) ? out.team : {}), owner: gov.owner };
    if (gov.tags !== undefined) out.tags = gov.tags;
  }
  if (gov.classification !== undefined || gov.retention_days !== undefined) {
    const compliance: Obj = isObj(out.compliance) ? { ...out.compliance } : {};
    if (gov.classification !== undefined) compliance.classification = Array.isArray(gov.classification) ? gov.classification : [gov.classification];
    if (gov.retention_days !== undefined) compliance.retention_days = gov.retention_days;
    out.compliance = compliance;
  }
  return out;
}

const objectKinds = new Set(["table", "view", "topic", "file", "object", "stream", "materialized view", "dataset", "collection"]);

/** An ODCS schema object (a table), as opposed to a Dativo field: it has `properties` or an object kind. */
function isOdcsObject(s: unknown): boolean {
  if (!isObj(s)) return false;
  if (Array.isArray(s.properties)) return true;
  if (s.type !== undefined) return false;
  return s.logicalType === "object" || (typeof s.physicalType === "string" && objectKinds.has(s.physicalType.toLowerCase()));
}

export function contractFromAsset(raw: unknown, options: AssetOptions): AssetLoad {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const file = options.file;
  if (!isObj(raw)) {
    problems.push({ file, path: "", problem: "must be a YAML mapping", value: raw, fix: "write the asset as a mapping with `name`, `version` and `schema`" });
    return { problems, warnings, layout: "dativo" };
  }
  const wrapped = isObj(raw.asset) && raw.schema === undefined;
  const doc = wrapped ? unwrapLegacyAsset(raw) : raw;
  const schema = doc.schema;
  // A contract without a schema (servers, SLAs, roles only) is ODCS too when it says so.
  const schemaless = schema === undefined || (Array.isArray(schema) && schema.length === 0);
  const odcs = (Array.isArray(schema) && schema.some(isOdcsObject)) || (schemaless && doc.kind === "DataContract" && doc.source_type === undefined);
  const layout = odcs ? "odcs" : wrapped ? "dativo-wrapped" : "dativo";
  const base = wrapped ? "asset." : "";

  if (schema !== undefined && !Array.isArray(schema)) {
    problems.push({ file, path: `${base}schema`, problem: "must be a list", value: schema, fix: "list the columns under `schema:` as `- name: …` entries" });
  }
  let columns: ContractColumn[] = [];
  let quality: QualityRule[] = [];
  let partitioning: string[] | undefined;
  let objectName: string | undefined;
  let objectTags: string[] = [];
  const objects = Array.isArray(schema) ? (schema.filter(isOdcsObject) as Obj[]) : [];
  const chosen = (options.object && objects.find((o) => o.name === options.object || o.physicalName === options.object)) || objects[0];
  if (odcs && chosen) {
    const idx = (schema as unknown[]).indexOf(chosen);
    objectName = str(chosen.name);
    objectTags = stringList(chosen.tags);
    const props = Array.isArray(chosen.properties) ? chosen.properties : [];
    const parts: { name: string; pos: number }[] = [];
    props.forEach((p, i) => {
      const path = `schema[${idx}].properties[${i}]`;
      if (!isObj(p) || typeof p.name !== "string" || p.name === "") {
        problems.push({ file, path: `${path}.name`, problem: "required key is missing", fix: "give every property a `name`" });
        return;
      }
      columns.push(column(p.name, odcsColumnType(p), p));
      if (p.partitioned === true) parts.push({ name: p.name, pos: typeof p.partitionKeyPosition === "number" ? p.partitionKeyPosition : parts.length + 1 });
      quality.push(...qualityRules(p.quality, p.name));
    });
    quality.push(...qualityRules(chosen.quality, undefined));
    if (parts.length > 0) partitioning = parts.sort((a, b) => a.pos - b.pos).map((p) => p.name);
  } else if (Array.isArray(schema)) {
    schema.forEach((f, i) => {
      const path = `${base}schema[${i}]`;
      if (!isObj(f) || typeof f.name !== "string" || f.name === "") {
        problems.push({ file, path: `${path}.name`, problem: "required key is missing", fix: "give every field a `name`" });
        return;
      }
      columns.push(column(f.name, dativoType(f, `${path}.type`, file, problems, warnings), f));
      quality.push(...qualityRules(f.quality, f.name));
    });
    // Table-level rules of a flat asset sit at the top level, as ODCS puts them on the object.
    quality.push(...qualityRules(doc.quality, undefined));
  }
  const dupes = columns.map((c) => c.name).filter((n, i, all) => all.indexOf(n) !== i);
  for (const d of new Set(dupes)) problems.push({ file, path: `${base}schema`, problem: `column \`${d}\` is defined twice`, hideValue: true, fix: "keep one definition per column" });

  const name = str(doc.name) ?? objectName ?? str(doc.id);
  if (!name) problems.push({ file, path: `${base}name`, problem: "required key is missing", fix: "add `name:` (the table name)" });
  const version = str(doc.version);
  const assetTarget = isObj(doc.target) ? doc.target : {};
  if (!partitioning && Array.isArray(assetTarget.partitioning)) partitioning = stringList(assetTarget.partitioning);
  const tableName = odcs && Array.isArray(schema) && schema.length > 1 && objectName ? objectName : name;

  if (problems.length > 0 || !tableName) return { problems, warnings, layout };
  const contract: Contract = {
    name: tableName,
    version: version ?? "0.0.0",
    domain: str(doc.domain),
    dataProduct: str(doc.dataProduct),
    tenant: str(doc.tenant),
    sourceType: str(doc.source_type),
    object: str(doc.object) ?? objectName,
    columns,
    partitioning,
    quality,
    owner: ownerOf(doc.team),
    tags: [...new Set([...stringList(doc.tags), ...objectTags])],
    properties: {},
  };
  contract.properties = assetProperties(doc, contract);
  return { contract, problems, warnings, layout };
}

function column(name: string, type: ColumnType, f: Obj): ContractColumn {
  const c: ContractColumn = { name, type, required: f.required === true };
  // A null classification crashed the original's tag derivation (§6.2); here it is just absent.
  if (typeof f.classification === "string" && f.classification !== "") c.classification = f.classification.toLowerCase();
  if (typeof f.description === "string") c.description = f.description;
  const id = f.fieldId ?? f.field_id;
  if (typeof id === "number" && Number.isInteger(id)) c.fieldId = id;
  return c;
}

function dativoType(f: Obj, path: string, file: string, problems: Problem[], warnings: string[]): ColumnType {
  const declared = f.type ?? f.physicalType ?? f.logicalType;
  if (declared === undefined || declared === null) return f.logicalType || f.physicalType ? odcsColumnType(f) : { kind: "string" };
  if (typeof declared !== "string") {
    problems.push({ file, path, problem: "must be a type name", value: declared, fix: "write a type such as string, integer, double, boolean, date, timestamp, decimal(10,2)" });
    return { kind: "string" };
  }
  const t = f.type === undefined ? odcsColumnType(f) : columnTypeFromName(declared, { precision: f.precision, scale: f.scale, items: f.items });
  if (t) return t;
  // The original stored unknown types as text (§6.2); keep loading such assets, but say so.
  warnings.push(`${file}: ${path}: unknown type \`${declared}\` is read as string`);
  return { kind: "string" };
}

function qualityRules(raw: unknown, column: string | undefined): QualityRule[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map((q) => {
    const args = isObj(q.arguments) ? q.arguments : {};
    const rule = str(q.metric) ?? str(q.rule) ?? (q.type === "sql" || q.type === "custom" || q.type === "text" ? String(q.type) : "library");
    const comparison: Obj = {};
    for (const [k, v] of Object.entries(q)) if (k.startsWith("must")) comparison[k] = v;
    const r: QualityRule = { rule };
    if (column !== undefined) r.column = column;
    if (Object.keys(comparison).length > 0) r.comparison = comparison;
    if (typeof q.query === "string") r.query = q.query;
    const valid = args.validValues ?? q.validValues;
    if (Array.isArray(valid)) r.validValues = valid;
    const pattern = args.pattern ?? q.pattern;
    if (typeof pattern === "string") r.pattern = pattern;
    if (q.unit === "rows" || q.unit === "percent") r.unit = q.unit;
    if (typeof q.severity === "string") r.severity = q.severity;
    if (typeof q.name === "string") r.name = q.name;
    if (typeof q.description === "string") r.description = q.description;
    // Kept whole: missingValues, and a schema-level duplicateValues' `properties`, live here.
    if (Object.keys(args).length > 0) r.arguments = args;
    return r;
  });
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === "string" || typeof x === "number").map(String) : [];
}

/** Dativo's `team.owner`, or the ODCS team member whose role is owner (else the first member). */
function ownerOf(team: unknown): string | undefined {
  if (isObj(team) && typeof team.owner === "string") return team.owner;
  const members = Array.isArray(team) ? team : isObj(team) && Array.isArray(team.members) ? team.members : [];
  const people = members.filter(isObj);
  const owner = people.find((m) => typeof m.role === "string" && m.role.toLowerCase() === "owner") ?? people[0];
  return owner ? str(owner.username) ?? str(owner.name) : undefined;
}

/** Table properties derived from the asset alone (§11.7, §11.8); the job's overrides come later. */
function assetProperties(doc: Obj, c: Contract): Record<string, string> {
  const p: Record<string, string> = {};
  const set = (k: string, v: unknown) => {
    if (v === undefined || v === null || v === "" || v === false) return;
    p[k] = Array.isArray(v) ? v.map(String).join(",") : String(v);
  };
  set("asset.name", c.name);
  set("asset.version", c.version);
  set("asset.domain", c.domain);
  set("asset.data_product", c.dataProduct);
  set("asset.source_type", c.sourceType);
  set("asset.object", c.object);
  const compliance = isObj(doc.compliance) ? doc.compliance : {};
  const classes = stringList(compliance.classification);
  if (classes.length > 0) set("classification.default", classes[0]!.toLowerCase());
  for (const col of c.columns) if (col.classification) set(`classification.fields.${col.name}`, col.classification);
  set("governance.owner", c.owner);
  set("governance.domain", c.domain);
  set("governance.data_product", c.dataProduct);
  set("governance.retention_days", compliance.retention_days);
  set("governance.regulations", compliance.regulations);
  const finops = isObj(doc.finops) ? doc.finops : {};
  for (const k of ["cost_center", "business_tags", "project", "environment"]) set(`finops.${k}`, finops[k]);
  return p;
}
