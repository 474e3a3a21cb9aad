/**
 * Reads one YAML configuration file the way the original did (config-format.md §1): YAML 1.1
 * (`yes`/`no`/`on`/`off` are booleans), relative paths against the working directory, and an
 * empty document is an error. Two departures, so that what users wrote survives: a float written
 * as `1.0` keeps its text ("1.0", not 1), as do `09:30` and `0123` (base 60 and octal in YAML 1.1),
 * and an unquoted date keeps its text ("2024-01-01");
 * numeric fields accept numeric text, so nothing that used to load stops loading.
 */
import { isScalar, parseDocument, type ScalarTag, type Tags, visit } from "yaml";
import type { LocalFiles } from "../platform.ts";
import type { Problem } from "./problems.ts";

/** What the loaders need from the host's files: a `LocalFiles` without `listDir`. */
export type ConfigFiles = Pick<LocalFiles, "readText" | "exists" | "resolve">;

export type YamlRead =
  | { ok: true; value: unknown; resolvedPath: string; fromShipped: boolean }
  | { ok: false; problem: Problem };

export interface ReadOptions {
  /** Files shipped with the product (`connectors/csv.yaml` → text), used when the path is absent. */
  shipped?: Readonly<Record<string, string>>;
  /** What the file is, for the fix of a missing file: "job file", "source connector recipe" … */
  role?: string;
}

export async function readYamlFile(files: ConfigFiles, path: string, options: ReadOptions = {}): Promise<YamlRead> {
  const resolvedPath = files.resolve(path);
  let text: string;
  let fromShipped = false;
  if (await files.exists(resolvedPath)) {
    text = await files.readText(resolvedPath);
  } else if (options.shipped && shippedKey(path) in options.shipped) {
    text = options.shipped[shippedKey(path)]!;
    fromShipped = true;
  } else {
    return {
      ok: false,
      problem: {
        file: path,
        path: "",
        problem: `${options.role ?? "file"} not found (looked at ${resolvedPath})`,
        hideValue: true,
        fix: "check the path; relative paths resolve against the working directory",
      },
    };
  }
  const parsed = parseYamlText(text, path);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value, resolvedPath, fromShipped };
}

function shippedKey(path: string): string {
  return path.replace(/^\.\//, "");
}

/**
 * YAML 1.1 booleans as the original's loader read them: yes/no/true/false/on/off in three
 * casings. The `yaml` package's 1.1 schema also takes `y`/`n`, which would turn keys such as
 * `n:` or `y:` into booleans.
 */
const pyYamlBool: ScalarTag = {
  tag: "tag:yaml.org,2002:bool",
  default: true,
  identify: (v) => typeof v === "boolean",
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (s) => /^(?:yes|true|on)$/i.test(s),
};

const tags = (base: Tags): Tags => [pyYamlBool, ...base.filter((t) => (t as ScalarTag).tag !== pyYamlBool.tag)];

export function parseYamlText(text: string, file: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const doc = parseDocument(text, { version: "1.1", customTags: tags, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : "";
    const reason = err.message.split(" at line ")[0]!.trim();
    return {
      ok: false,
      problem: { file, path: where, problem: `YAML syntax error: ${reason}`, hideValue: true, fix: "fix the YAML syntax" },
    };
  }
  keepSourceText(doc);
  const value = doc.toJS({ maxAliasCount: 1000 });
  if (value === null || value === undefined) {
    return { ok: false, problem: { file, path: "", problem: "the file is empty", hideValue: true, fix: "write the configuration into it" } };
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problem: { file, path: "", problem: "must be a YAML mapping (key: value lines)", value, fix: "write the configuration as a mapping" } };
  }
  return { ok: true, value };
}

function keepSourceText(doc: ReturnType<typeof parseDocument>): void {
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.type !== "PLAIN" || typeof node.source !== "string") return;
      const src = node.source;
      if (node.value instanceof Date) node.value = src;
      // `1.0`, `09:30` (YAML 1.1 base 60) and `0123` (YAML 1.1 octal) keep what the user typed.
      else if (typeof node.value === "number" && String(node.value) !== src && /\.|:|^0\d+$/.test(src)) node.value = src;
    },
  });
}
