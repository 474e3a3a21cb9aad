/**
 * The profiling console's entry (bundled by scripts/serve-web.ts): wires the browser platform —
 * WASM fetched beside the page, the kernels (or their TypeScript twins), an OPFS warehouse —
 * into the page of web/.
 */
import { mountConsole } from "../../web/console-app.ts";
import type { Kernels } from "../../wasm/index.ts";
import { browserKernels, createBrowserPlatform, opfsWarehouse } from "./browser-platform.ts";

const platform = createBrowserPlatform({ base: new URL(".", import.meta.url) });
let kernels: Promise<Kernels> | undefined;

mountConsole(document, {
  platform,
  kernels: () => (kernels ??= browserKernels(platform, (e) => console.warn("WASM kernels unavailable, using the TypeScript twins:", e))),
  warehouse: () => opfsWarehouse(),
});
