/** Deno entry: the ObjectStore suite over the fs store and nodeFsApi, results as JSON on stdout. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsStore } from "../../../adapters/stores/fs-store.ts";
import { nodeFsApi } from "../../../adapters/bun/node-fs-api.ts";
import { objectStoreSuite } from "../../suites/object-store.suite.ts";
import { runRegistered } from "./browser-test-shim.ts";

const dirs: string[] = [];
objectStoreSuite("fs (Deno)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dativo-fs-deno-"));
  dirs.push(dir);
  return fsStore(dir, nodeFsApi());
});

const results = await runRegistered();
for (const dir of dirs) await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify(results));
