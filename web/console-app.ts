/**
 * The profiling console: a CSV picked in the page streams through the CSV source and the
 * normalizer against a pasted or inferred contract, is profiled with the kernels, and can be
 * written to an Iceberg table. Nothing is uploaded. What it needs from the browser (kernels,
 * the warehouse store, WASM) arrives in `ConsoleDeps` from `adapters/browser/console.ts`.
 */
import type { Contract } from "../runtime/contract.ts";
import type { ObjectStore } from "../runtime/object-store.ts";
import type { Platform } from "../runtime/platform.ts";
import type { Kernels } from "../wasm/index.ts";
import { contractFromText } from "./contract-text.ts";
import { fileSource } from "./file-source.ts";
import { assetYaml, inferContract } from "./infer-contract.ts";
import { profileCsv } from "./profile-csv.ts";
import { renderProfile } from "./render-profile.ts";
import { writeTable } from "./write-table.ts";

export interface ConsoleDeps {
  platform: Platform;
  kernels(): Promise<Kernels>;
  warehouse(): Promise<ObjectStore>;
}

const tableName = (name: string) => name.replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9_]+/g, "_") || "data";

/** The first batch of the file, as the CSV source reads it, for type inference. */
async function firstBatch(f: File) {
  for await (const batch of fileSource(f, "sample").read("sample")) return batch;
  return undefined;
}

export function mountConsole(doc: Document, deps: ConsoleDeps): void {
  const $ = <T extends HTMLElement>(id: string) => doc.getElementById(id) as T;
  const area = $<HTMLTextAreaElement>("contract");
  let file: File | undefined;
  let contract: Contract | undefined;
  // The YAML last inferred: a new file replaces it, while an edited or pasted contract stays.
  let inferredText = "";
  const status = (text: string, bad = false) => {
    $("status").textContent = text;
    $("status").className = bad ? "bad" : "";
  };

  async function profile(): Promise<void> {
    if (!file) return;
    const f = file;
    const started = performance.now();
    try {
      const kernels = await deps.kernels();
      if (area.value.trim()) contract = contractFromText(area.value);
      else {
        status(`Inferring a contract from the first rows of ${f.name}…`);
        const sample = await firstBatch(f);
        const names = sample ? Object.keys(sample.columns) : [];
        contract = inferContract(tableName(f.name), names, names.map((n) => sample!.columns[n]!), kernels);
        area.value = inferredText = assetYaml(contract);
      }
      status(`Profiling ${f.name}…`);
      const result = await profileCsv({
        source: fileSource(f, contract.name),
        stream: contract.name,
        contract,
        kernels,
        onProgress: (rows) => status(`Profiling ${f.name}… ${rows.toLocaleString("en-US")} rows`),
      });
      renderProfile(doc, result);
      $<HTMLInputElement>("table").value ||= contract.name;
      $("write").hidden = false;
      $<HTMLButtonElement>("profile").disabled = false;
      status(`Profiled ${f.name}: ${result.rows.toLocaleString("en-US")} rows in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
      doc.body.dataset.state = "profiled";
    } catch (e) {
      status((e as Error).message, true);
      doc.body.dataset.state = "error";
    }
  }

  async function write(): Promise<void> {
    if (!file || !contract) return;
    const out = $("write-result");
    out.className = "";
    out.textContent = "Writing…";
    delete out.dataset.status;
    try {
      const namespace = $<HTMLInputElement>("namespace").value.trim().split(".").filter(Boolean);
      const s = await writeTable({
        file,
        contract,
        namespace: namespace.length ? namespace : ["console"],
        table: $<HTMLInputElement>("table").value.trim() || contract.name,
        mode: $<HTMLSelectElement>("mode").value as "strict" | "warn",
        store: await deps.warehouse(),
        platform: deps.platform,
      });
      out.textContent = `${s.status}: ${s.rowsWritten.toLocaleString("en-US")} rows in ${s.files} file(s) to ${s.table}, snapshot ${s.snapshotId ?? "—"} (${s.tableLocation})`;
      out.dataset.status = s.status;
    } catch (e) {
      out.className = "bad";
      out.textContent = (e as Error).message;
      out.dataset.status = "failed";
    }
  }

  $<HTMLInputElement>("file").addEventListener("change", (ev) => {
    file = (ev.target as HTMLInputElement).files?.[0];
    $<HTMLInputElement>("table").value = "";
    if (area.value === inferredText) area.value = "";
    void profile();
  });
  $("profile").addEventListener("click", () => void profile());
  $("write-table").addEventListener("click", () => void write());
}
