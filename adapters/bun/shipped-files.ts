/**
 * The connector recipes and registry that ship with Dativo, embedded as text so that the
 * compiled executable finds `connectors/csv.yaml` and `registry/connectors.yaml` even when the
 * working directory has none (config-format.md §5 looks beside the package last).
 */
import connectors_csv_yaml from "../../connectors/csv.yaml" with { type: "text" };
import connectors_gdrive_csv_yaml from "../../connectors/gdrive_csv.yaml" with { type: "text" };
import connectors_google_sheets_yaml from "../../connectors/google_sheets.yaml" with { type: "text" };
import connectors_hubspot_yaml from "../../connectors/hubspot.yaml" with { type: "text" };
import connectors_iceberg_yaml from "../../connectors/iceberg.yaml" with { type: "text" };
import connectors_markdown_kv_yaml from "../../connectors/markdown_kv.yaml" with { type: "text" };
import connectors_minio_yaml from "../../connectors/minio.yaml" with { type: "text" };
import connectors_mysql_yaml from "../../connectors/mysql.yaml" with { type: "text" };
import connectors_postgres_yaml from "../../connectors/postgres.yaml" with { type: "text" };
import connectors_s3_yaml from "../../connectors/s3.yaml" with { type: "text" };
import connectors_stripe_yaml from "../../connectors/stripe.yaml" with { type: "text" };
import registry_connectors_yaml from "../../registry/connectors.yaml" with { type: "text" };

export function shippedFiles(): Readonly<Record<string, string>> {
  return {
    "connectors/csv.yaml": connectors_csv_yaml,
    "connectors/gdrive_csv.yaml": connectors_gdrive_csv_yaml,
    "connectors/google_sheets.yaml": connectors_google_sheets_yaml,
    "connectors/hubspot.yaml": connectors_hubspot_yaml,
    "connectors/iceberg.yaml": connectors_iceberg_yaml,
    "connectors/markdown_kv.yaml": connectors_markdown_kv_yaml,
    "connectors/minio.yaml": connectors_minio_yaml,
    "connectors/mysql.yaml": connectors_mysql_yaml,
    "connectors/postgres.yaml": connectors_postgres_yaml,
    "connectors/s3.yaml": connectors_s3_yaml,
    "connectors/stripe.yaml": connectors_stripe_yaml,
    "registry/connectors.yaml": registry_connectors_yaml,
  };
}
