/**
 * Finds and reads the connector registry (config-format.md §5): `registry/connectors.yaml` under
 * the working directory, else the one shipped with the product. The original's fixed `/app/…`
 * location is a container path and is not searched.
 */
import { type Problem, problemsFromZod } from "./problems.ts";
import { legacyRegistrySchema, type Registry, registryFromRaw, unifiedRegistrySchema } from "./registry-schema.ts";
import { type ConfigFiles, parseYamlText, readYamlFile } from "./yaml-file.ts";

export const REGISTRY_PATH = "registry/connectors.yaml";

export function registryFromValue(value: unknown, file: string, problems: Problem[]): Registry | undefined {
  const v = value as Record<string, unknown>;
  const schema = v.connectors !== undefined || v.sources === undefined ? unifiedRegistrySchema : legacyRegistrySchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error, file, value));
    return undefined;
  }
  return registryFromRaw(parsed.data);
}

/** Parses registry YAML text (the shipped file, or a test's). */
export function parseRegistry(text: string, file = REGISTRY_PATH): { registry?: Registry; problems: Problem[] } {
  const problems: Problem[] = [];
  const p = parseYamlText(text, file);
  if (!p.ok) return { problems: [p.problem] };
  return { registry: registryFromValue(p.value, file, problems), problems };
}

export async function loadRegistry(
  files: ConfigFiles,
  shipped: Readonly<Record<string, string>> | undefined,
  problems: Problem[],
): Promise<{ registry: Registry; path: string } | undefined> {
  const read = await readYamlFile(files, REGISTRY_PATH, { shipped, role: "connector registry" });
  if (!read.ok) {
    problems.push({ ...read.problem, fix: "create registry/connectors.yaml in the working directory, or run from the product that ships one" });
    return undefined;
  }
  const path = read.fromShipped ? `${REGISTRY_PATH} (shipped)` : read.resolvedPath;
  const registry = registryFromValue(read.value, REGISTRY_PATH, problems);
  return registry ? { registry, path } : undefined;
}
