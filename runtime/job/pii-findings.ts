/**
 * PiiFindings: the check stage's scan of string columns for personal data (e-mail addresses,
 * phone, card and social security numbers, IBANs, IP addresses) with the `piiScan` kernel.
 * Columns the contract classifies as PII are expected to hold it and are not scanned; in any
 * other column each kind found becomes one `pii` issue for the run. The findings inform, they
 * never fail a run: a scan can mistake a part number for a phone number, and only the contract's
 * owner can say what the column holds. Values are never copied into a finding.
 */
import type * as arrow from "apache-arrow";
import type { Contract } from "../contract.ts";
import type { Issue } from "../rule.ts";
import { piiKinds, type Kernels, type PiiKind } from "../../wasm/index.ts";

const described: Record<PiiKind, [string, string]> = {
  email: ["e-mail address", "e-mail addresses"],
  phone: ["phone number", "phone numbers"],
  card: ["payment card number", "payment card numbers"],
  iban: ["IBAN", "IBANs"],
  ssn: ["US social security number", "US social security numbers"],
  ipv4: ["IPv4 address", "IPv4 addresses"],
  ipv6: ["IPv6 address", "IPv6 addresses"],
};

/** Classifications under which personal data in a column is expected. */
const personal = new Set(["pii", "personal", "sensitive", "restricted"]);

export class PiiFindings {
  private readonly columns: { index: number; name: string; counts: Record<PiiKind, number> }[];

  constructor(
    private readonly contract: Contract,
    private readonly kernels: Kernels,
  ) {
    this.columns = contract.columns
      .map((c, index) => ({ c, index }))
      .filter(({ c }) => c.type.kind === "string" && !personal.has(c.classification ?? ""))
      .map(({ c, index }) => ({ index, name: c.name, counts: Object.fromEntries(piiKinds.map((k) => [k, 0])) as Record<PiiKind, number> }));
  }

  /** Scans the string columns of a normalized batch (columns in contract order). */
  add(batch: arrow.RecordBatch): void {
    for (const column of this.columns) {
      const vector = batch.getChildAt(column.index);
      if (!vector) continue;
      for (const data of vector.data) {
        const n = data.length;
        if (n === 0 || data.nullCount === n) continue;
        const offsets = (data.valueOffsets as Int32Array).subarray(0, n + 1);
        const scan = this.kernels.piiScan({ data: data.values as Uint8Array, offsets }, validityBytes(data), 0);
        for (const kind of piiKinds) column.counts[kind] += scan.counts[kind];
      }
    }
  }

  /** One issue per column and kind found, in contract order. */
  issues(origin?: string): Issue[] {
    const issues: Issue[] = [];
    for (const column of this.columns) {
      for (const kind of piiKinds) {
        const count = column.counts[kind];
        if (count === 0) continue;
        issues.push({
          kind: "pii",
          column: column.name,
          origin,
          message: `column \`${column.name}\` holds ${count} ${described[kind][count === 1 ? 0 : 1]} but contract \`${this.contract.name}\` does not classify it; set its classification to pii if that is expected, or remove ${count === 1 ? "it" : "them"} from the source`,
        });
      }
    }
    return issues;
  }
}

function validityBytes(data: arrow.Data): Uint8Array | null {
  if (data.nullCount === 0 || !data.nullBitmap) return null;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data.getValid(i) ? 1 : 0;
  return out;
}
