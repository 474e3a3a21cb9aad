/**
 * The connector recipes and registry that ship with Dativo, read from the package beside this
 * module, so a job finds `connectors/csv.yaml` and `registry/connectors.yaml` even when the
 * working directory has none (config-format.md §5 looks beside the package last).
 */
const shipped = [
  "connectors/csv.yaml",
  "connectors/gdrive_csv.yaml",
  "connectors/google_sheets.yaml",
  "connectors/hubspot.yaml",
  "connectors/iceberg.yaml",
  "connectors/markdown_kv.yaml",
  "connectors/minio.yaml",
  "connectors/mysql.yaml",
  "connectors/postgres.yaml",
  "connectors/s3.yaml",
  "connectors/stripe.yaml",
  "registry/connectors.yaml",
];

export async function shippedFiles(): Promise<Readonly<Record<string, string>>> {
  const out: Record<string, string> = {};
  for (const path of shipped) {
    try {
      out[path] = await Deno.readTextFile(new URL(`../../${path}`, import.meta.url));
    } catch {
      // A trimmed install without this recipe: jobs that name it must then bring their own.
    }
  }
  return out;
}
