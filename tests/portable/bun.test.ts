/** The portable suite under Bun. */
import { describe, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { portableCases } from "../suites/portable-core.suite.ts";

const parquetWasm = readFileSync(join(import.meta.dir, "../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm"));
// The kernels suite runs under bun:test itself in tests/wasm/kernels.test.ts.
const kernelsWasm = readFileSync(join(import.meta.dir, "../../wasm/dativo_kernels.wasm"));

describe("portable core in Bun", () => {
  for (const c of portableCases) it(c.name, () => c.run({ parquetWasm, kernelsWasm }));
});
