/** A child process for fs-store-processes.test.ts: increments a counter object N times with ifMatch. */
import { fsStore } from "../../../adapters/stores/fs-store.ts";
import { nodeFsApi } from "../../../adapters/bun/node-fs-api.ts";
import { isIngestError } from "../../../runtime/errors.ts";

const [dir, times] = process.argv.slice(2) as [string, string];
const store = fsStore(dir, nodeFsApi());
for (let done = 0; done < Number(times); ) {
  const info = (await store.head("counter"))!;
  const value = Number(new TextDecoder().decode((await store.get("counter"))!));
  const now = await store.head("counter");
  if (!now || now.etag !== info.etag) continue;
  try {
    await store.put("counter", new TextEncoder().encode(String(value + 1)), { ifMatch: info.etag });
    done++;
  } catch (e) {
    if (!isIngestError(e, "store.precondition_failed")) throw e;
  }
}
