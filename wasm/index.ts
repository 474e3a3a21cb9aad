/**
 * The kernels' binding: the WebAssembly build of the Rust crate in this folder, or its pure
 * TypeScript twins, behind one `Kernels` interface.
 *
 *   const k = await kernels({ prefer: "auto", source: await platform.loadWasm("dativo-kernels") });
 *
 * Bytes are compiled here; hosts that forbid compiling bytes (workerd) pass the compiled
 * `WebAssembly.Module` they imported, and a browser streams it:
 * `source: () => WebAssembly.compileStreaming(fetch(url))`. Nothing here imports anything but the
 * `WebAssembly` global.
 */
import type { Kernels } from "./kernels.ts";
import { twinKernels } from "./twins/index.ts";
import { wasmKernels } from "./wasm-kernels.ts";

export * from "./kernels.ts";
export { hllEstimate, hllMerge, hllRegisters, hllSize } from "./hll.ts";
export { twinKernels } from "./twins/index.ts";
export { stringColumn } from "./string-column.ts";

export type KernelSource = Uint8Array | ArrayBuffer | WebAssembly.Module;

/** The file name the build writes (`scripts/build-wasm.sh`) and hosts serve. */
export const kernelsWasmFile = "dativo_kernels.wasm";

/** Instantiates the WebAssembly kernels; throws when the module does not load. */
export async function loadKernels(source: KernelSource): Promise<Kernels> {
  const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source instanceof Uint8Array ? copyIfShared(source) : source);
  const instance = await WebAssembly.instantiate(module, {});
  return wasmKernels(instance);
}

/** Synchronous variant for an already compiled module. */
export function loadKernelsSync(module: WebAssembly.Module): Kernels {
  return wasmKernels(new WebAssembly.Instance(module, {}));
}

export interface KernelOptions {
  /** `wasm` fails when the module does not load; `ts` never loads it; `auto` falls back to the twins. */
  prefer: "wasm" | "ts" | "auto";
  /** The module: bytes, a compiled module, or a function that fetches either. */
  source?: KernelSource | (() => Promise<KernelSource>);
  /** Told why WASM did not load under `auto`. */
  onFallback?: (error: unknown) => void;
}

export async function kernels(options: KernelOptions): Promise<Kernels> {
  if (options.prefer === "ts") return twinKernels();
  try {
    if (options.source === undefined) {
      throw new Error("dativo-kernels has no WebAssembly source; pass `source` (the bytes of dativo_kernels.wasm or its compiled module)");
    }
    const source = typeof options.source === "function" ? await options.source() : options.source;
    return await loadKernels(source);
  } catch (error) {
    if (options.prefer === "wasm") throw error;
    options.onFallback?.(error);
    return twinKernels();
  }
}

function copyIfShared(bytes: Uint8Array): Uint8Array | ArrayBuffer {
  return bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}
