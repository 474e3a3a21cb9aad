/** Draws a profile into the page: the summary numbers, one table row per column, the findings. */
import type { CsvProfile } from "./profile-csv.ts";

const fmt = (n: number) => n.toLocaleString("en-US");

function cell(row: HTMLTableRowElement, stat: string, text: string, numeric = false): void {
  const td = row.insertCell();
  td.dataset.stat = stat;
  td.textContent = text;
  if (numeric) td.className = "num";
}

export function renderProfile(doc: Document, p: CsvProfile): void {
  const set = (id: string, text: string) => (doc.getElementById(id)!.textContent = text);
  set("rows", fmt(p.rows));
  set("valid", fmt(p.validRows));
  set("rejected", fmt(p.rejectedRows));
  set("kernels", p.kernels === "wasm" ? "WebAssembly" : "TypeScript");
  const body = (doc.getElementById("columns") as HTMLTableElement).tBodies[0]!;
  body.replaceChildren();
  for (const c of p.columns) {
    const row = body.insertRow();
    row.dataset.column = c.name;
    cell(row, "name", c.name);
    cell(row, "type", c.type);
    cell(row, "values", fmt(c.values), true);
    cell(row, "nulls", fmt(c.nulls), true);
    cell(row, "distinct", fmt(c.distinct), true);
    cell(row, "min", c.min ?? "—");
    cell(row, "max", c.max ?? "—");
    cell(row, "pii", Object.entries(c.pii).map(([k, n]) => `${k} ×${fmt(n)}`).join(", "));
  }
  const list = doc.getElementById("findings")!;
  list.replaceChildren();
  if (p.findings.length === 0) {
    const li = doc.createElement("li");
    li.textContent = "none: every row fits the contract";
    list.append(li);
  }
  for (const f of p.findings) {
    const li = doc.createElement("li");
    li.className = "bad";
    li.dataset.kind = f.kind;
    if (f.column) li.dataset.column = f.column;
    li.textContent = `${f.kind}${f.column ? ` in \`${f.column}\`` : ""} ×${fmt(f.count)} — first: ${f.example.message}`;
    list.append(li);
  }
  doc.getElementById("summary")!.hidden = false;
}
