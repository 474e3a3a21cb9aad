/** Page entry: the ObjectStore suite over OPFS, each store in a fresh directory. */
import { opfsStore } from "../../../adapters/stores/opfs-store.ts";
import { objectStoreSuite } from "../../suites/object-store.suite.ts";
import { runRegistered } from "./browser-test-shim.ts";

let run = 0;
const stamp = Date.now().toString(36);
objectStoreSuite("opfs (Chromium)", async () => {
  const root = await navigator.storage.getDirectory();
  return opfsStore(await root.getDirectoryHandle(`dativo-${stamp}-${++run}`, { create: true }), `test-${run}`);
});

(globalThis as { storeResults?: unknown }).storeResults = await runRegistered().catch((e) => [
  { name: "running the suite", ok: false, error: String(e?.stack ?? e) },
]);
