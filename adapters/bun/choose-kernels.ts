/**
 * The kernels a CLI run uses, from `--kernels` / `DATIVO_KERNELS` (`wasm`, `ts` or `auto`, the
 * default): WebAssembly, the TypeScript twins, or WebAssembly when it loads. Shared by the Bun
 * and Deno roots, which load the `.wasm` each their own way.
 */
import { IngestError } from "../../runtime/errors.ts";
import type { WasmSource } from "../../runtime/platform.ts";
import { kernels as loadKernels, type Kernels } from "../../wasm/index.ts";

export async function chooseKernels(choice: string | undefined, wasm: () => Promise<WasmSource>, onFallback: (error: unknown) => void): Promise<Kernels> {
  const prefer = choice === undefined || choice === "" ? "auto" : choice;
  if (prefer !== "wasm" && prefer !== "ts" && prefer !== "auto") {
    throw new IngestError("config.invalid", `kernels \`${prefer}\` is unknown; set --kernels or DATIVO_KERNELS to wasm, ts or auto`);
  }
  return loadKernels({ prefer, source: wasm, onFallback });
}
