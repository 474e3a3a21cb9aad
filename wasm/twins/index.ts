/** The pure-TypeScript kernels: same interface and results as the WebAssembly ones. */
import type { Kernels } from "../kernels.ts";
import { histogram, statsFloat64, statsInt32, statsInt64, statsString } from "./column-stats.ts";
import { csvTokenize } from "./csv-tokenize.ts";
import { csvColumns, csvColumnsInto } from "./csv-columns.ts";
import { inferColumn, parseColumn } from "./parse-column.ts";
import { piiScan } from "./pii-scan.ts";
import { bucketBytes, bucketDecimal, bucketInt32, bucketInt64, truncateInt32, truncateInt64, truncateString } from "./transforms.ts";

export function twinKernels(): Kernels {
  return {
    kind: "ts",
    csvTokenize,
    parseColumn,
    csvColumns,
    csvColumnsInto,
    inferColumn,
    statsFloat64,
    statsInt64,
    statsInt32,
    statsString,
    histogram,
    bucketInt32,
    bucketInt64,
    bucketDecimal,
    bucketBytes,
    truncateInt32,
    truncateInt64,
    truncateString,
    piiScan,
  };
}
