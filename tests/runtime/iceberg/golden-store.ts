/** A memory store holding copies of the golden tables under the root their metadata points at. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { memoryStore } from "../../../adapters/stores/memory-store.ts";
import type { ObjectStore } from "../../../runtime/object-store.ts";
import { goldenFiles, goldenRoot } from "./golden.ts";

/**
 * The golden tables live at `s3a://hyperparam-iceberg/<engine>/<table>` (Athena: `s3://`);
 * `keyOf` treats `s3a://` as `s3://`, so one store rooted at `s3://hyperparam-iceberg` maps every
 * location in them to `<engine>/<table>/…`.
 */
export async function goldenStore(): Promise<ObjectStore> {
  const inner = memoryStore("golden");
  const store: ObjectStore = {
    root: "s3://hyperparam-iceberg",
    get: (k, o) => inner.get(k, o),
    getStream: (k) => inner.getStream(k),
    put: (k, b, o) => inner.put(k, b, o),
    head: (k) => inner.head(k),
    list: (p) => inner.list(p),
    delete: (k) => inner.delete(k),
  };
  for (const path of goldenFiles("")) {
    if (path.endsWith("README.md")) continue;
    await store.put(relative(goldenRoot, path), new Uint8Array(readFileSync(path)));
  }
  return store;
}
