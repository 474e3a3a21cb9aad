/**
 * nodeFsApi: `FsApi` over `node:fs/promises`, which Bun and Deno both provide. Only platform
 * roots (`adapters/bun/`, `adapters/deno/`) and tests import this file; `fsStore` itself never
 * touches `node:*`.
 */
import { link, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import type { FsApi, FsStat, FsWriter } from "../stores/fs-api.ts";

const chunkSize = 256 * 1024;

function errno(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

/** ENOENT/ENOTDIR/EISDIR all mean "there is no file at this path". */
function missing(e: unknown): boolean {
  const code = errno(e);
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

async function openFile(path: string) {
  try {
    const handle = await open(path, "r");
    const s = await handle.stat();
    if (s.isFile()) return { handle, size: s.size };
    await handle.close();
    return null;
  } catch (e) {
    if (missing(e)) return null;
    throw e;
  }
}

export function nodeFsApi(): FsApi {
  return {
    async readFile(path, range) {
      const file = await openFile(path);
      if (!file) return null;
      try {
        const start = range?.start ?? 0;
        const end = Math.min(range?.end ?? file.size, file.size);
        const out = new Uint8Array(Math.max(0, end - start));
        let at = 0;
        while (at < out.byteLength) {
          const { bytesRead } = await file.handle.read(out, at, out.byteLength - at, start + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        return at === out.byteLength ? out : out.slice(0, at);
      } finally {
        await file.handle.close();
      }
    },

    async readStream(path) {
      const file = await openFile(path);
      if (!file) return null;
      const { handle } = file;
      let position = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const buffer = new Uint8Array(chunkSize);
          const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
          if (bytesRead === 0) {
            await handle.close();
            controller.close();
            return;
          }
          position += bytesRead;
          controller.enqueue(bytesRead === chunkSize ? buffer : buffer.slice(0, bytesRead));
        },
        async cancel() {
          await handle.close();
        },
      });
    },

    async createFile(path): Promise<FsWriter> {
      const handle = await open(path, "wx");
      return {
        async write(chunk) {
          let at = 0;
          while (at < chunk.byteLength) {
            const { bytesWritten } = await handle.write(chunk, at, chunk.byteLength - at);
            at += bytesWritten;
          }
        },
        async close() {
          await handle.sync();
          await handle.close();
        },
        async abort() {
          await handle.close().catch(() => {});
        },
      };
    },

    async link(existing, newPath) {
      try {
        await link(existing, newPath);
        return true;
      } catch (e) {
        if (errno(e) === "EEXIST") return false;
        throw e;
      }
    },

    async rename(from, to) {
      await rename(from, to);
    },

    async stat(path): Promise<FsStat | null> {
      try {
        const s = await stat(path, { bigint: true });
        if (!s.isFile()) return null;
        return {
          size: Number(s.size),
          mtime: new Date(Number(s.mtimeMs)),
          version: `${s.ino.toString(36)}-${s.mtimeNs.toString(36)}-${s.size.toString(36)}`,
        };
      } catch (e) {
        if (missing(e)) return null;
        throw e;
      }
    },

    async readdir(dir) {
      const out: string[] = [];
      const walk = async (rel: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(rel ? `${dir}/${rel}` : dir, { withFileTypes: true });
        } catch (e) {
          if (missing(e)) return;
          throw e;
        }
        for (const entry of entries) {
          const path = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) await walk(path);
          else if (entry.isFile()) out.push(path);
        }
      };
      await walk("");
      return out;
    },

    async unlink(path) {
      try {
        await unlink(path);
      } catch (e) {
        if (!missing(e)) throw e;
      }
    },

    async mkdir(path) {
      await mkdir(path, { recursive: true });
    },
  };
}
