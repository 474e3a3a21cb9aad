import { describe, expect, it } from "bun:test";
import { readFile } from "node:fs/promises";
import { loadKernels, twinKernels } from "../../wasm/index.ts";
import { kernelsSuite } from "../suites/kernels.suite.ts";

const bytes = await readFile(new URL("../../wasm/dativo_kernels.wasm", import.meta.url));
kernelsSuite({ describe, it, expect }, { wasm: await loadKernels(new Uint8Array(bytes)), twin: twinKernels() });
