/**
 * Filesystem back end (config-format.md §9.2): `<dir>/<tenant>/<file>`; each regular file not
 * starting with `.` is one secret named after the file without its last extension: `.json` →
 * JSON, `.env` → `KEY=VALUE` map, anything else → trimmed text. File access comes in as
 * functions, so the same code serves Bun, Deno and a browser's OPFS.
 */
import type { LocalFiles } from "../platform.ts";
import { IngestError } from "../errors.ts";
import { parseSecretText, type SecretValue } from "./parse-secret.ts";
import type { SecretBackend } from "./secret-backend.ts";

export interface FilesystemSecretsOptions {
  files: Pick<LocalFiles, "readText" | "exists" | "listDir">;
  /** The secrets root (`--secrets-dir`). */
  dir: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export function filesystemSecrets(options: FilesystemSecretsOptions): SecretBackend {
  const root = options.dir.replace(/\/+$/, "");
  const env = options.env ?? {};
  return {
    name: "filesystem",
    where(tenant, secret) {
      return `files ${root}/${tenant}/${secret}{,.env,.json,…}`;
    },
    async load(tenant) {
      const dir = `${root}/${tenant}`;
      if (!(await options.files.exists(dir))) return {};
      const out: Record<string, SecretValue> = {};
      for (const file of (await options.files.listDir(dir)).sort()) {
        if (file.startsWith(".")) continue;
        const dot = file.lastIndexOf(".");
        const ext = dot > 0 ? file.slice(dot + 1).toLowerCase() : "";
        const name = (dot > 0 ? file.slice(0, dot) : file).toLowerCase();
        const text = await options.files.readText(`${dir}/${file}`);
        try {
          out[name] = parseSecretText(text, ext === "json" ? "json" : ext === "env" ? "env" : "text", env);
        } catch {
          throw new IngestError("config.invalid", `secret file ${dir}/${file} is not valid JSON; fix the file or rename it without .json`, { file: `${dir}/${file}` });
        }
      }
      return out;
    },
  };
}
