/**
 * Everything the portable hosts run: the portable-core cases and the kernels property suite
 * (the same suite bun:test runs in tests/wasm/kernels.test.ts), on the WebAssembly kernels the
 * host loaded its own way and their TypeScript twins.
 */
import { loadKernels, twinKernels, type Kernels } from "../../wasm/index.ts";
import { kernelsSuite } from "../suites/kernels.suite.ts";
import { portableCases, runPortableCases, type PortableContext } from "../suites/portable-core.suite.ts";
import { collectCases, runCases } from "./suite-host.ts";

function kernelCases(wasm: Kernels, twin: Kernels) {
  return collectCases((host) => host.describe("kernels", () => kernelsSuite(host, { wasm, twin })));
}

/** Case names, for the bun:test side that reports each host's results one by one. */
export const allCaseNames: string[] = [...portableCases.map((c) => c.name), ...kernelCases(twinKernels(), twinKernels()).map((c) => c.name)];

export async function runAllCases(ctx: PortableContext): Promise<{ name: string; ok: boolean; error?: string }[]> {
  const portable = await runPortableCases(ctx);
  let kernels: { name: string; ok: boolean; error?: string }[];
  try {
    kernels = await runCases(kernelCases(await loadKernels(ctx.kernelsWasm), twinKernels()));
  } catch (e) {
    kernels = [{ name: "kernels", ok: false, error: String((e as Error)?.stack ?? e) }];
  }
  return [...portable, ...kernels];
}
