/**
 * A job whose warehouse is a bucket on a real S3 server (Ceph's RADOS Gateway on loopback, which
 * honours conditional writes): credentials come from a tenant secret, never appear in any log
 * line, and the table's files are read back from the bucket by DuckDB.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { s3Store } from "../../adapters/stores/s3-store.ts";
import { filesCatalog } from "../../adapters/catalogs/files-catalog.ts";
import { listDataFiles } from "../../runtime/iceberg/table-scan.ts";
import { keyOf } from "../../runtime/object-store.ts";
import { generateOrdersCsv } from "../../scripts/fixtures/generate-orders-csv.ts";

const endpoint = process.env.DATIVO_TEST_S3_ENDPOINT ?? "http://127.0.0.1:57480";
const accessKeyId = "dativo";
const secretAccessKey = "dativo-secret-key";
const bucket = `e2e-${Date.now().toString(36)}`;
const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
let ws: Workspace;
let job: string;
const secretEnv = { DATIVO_SECRET__E2E__s3__env: `AWS_ACCESS_KEY_ID=${accessKeyId}\nAWS_SECRET_ACCESS_KEY=${secretAccessKey}` };

beforeAll(async () => {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    throw new Error(`the S3 server at ${endpoint} is not answering (${(e as Error).message}); start it with scripts/services/s3.sh start`);
  }
  ws = createWorkspace("dativo-s3-");
  await generateOrdersCsv(ws.path("data/orders.csv"), 8_000);
  job = csvJob(ws, {
    files: ["data/orders.csv"],
    target: `  warehouse: s3://${bucket}/lake\n  catalog: files\n  connection:\n    s3:\n      endpoint: ${endpoint}\n      region: us-east-1\n  partitioning: [ingest_date]`,
  });
}, 60_000);

describe("a job writing to an S3 warehouse", () => {
  it("commits the table to the bucket with credentials from a tenant secret, and logs no secret", async () => {
    const r = await runCli(["run", "--config", job, "--json", "--verbose"], { cwd: ws.dir, env: { ...secretEnv, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" } });
    expect(r.stderr).not.toContain(secretAccessKey);
    expect(r.stdout).not.toContain(secretAccessKey);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(summary.rowsWritten).toBe(8_000);
    expect(summary.metadataLocation).toStartWith(`s3://${bucket}/lake/`);

    const store = s3Store({ bucket, prefix: "lake", client });
    const { metadata } = await filesCatalog({ store }).loadTable({ namespace: ["e2e"], name: "orders" });
    const files = await listDataFiles(metadata, store);
    const con = await (await DuckDBInstance.create(":memory:")).connect();
    let rows = 0;
    for (const f of files) {
      const local = ws.path(`download-${rows}.parquet`);
      writeFileSync(local, (await store.get(keyOf(store, f["file-path"])!))!);
      rows += Number((await con.runAndReadAll(`SELECT count(*) FROM '${local}'`)).getRows()[0]![0]);
    }
    expect(rows).toBe(8_000);
  });

  it("fails with exit 2 and names the secret when a referenced secret is missing", async () => {
    const missing = csvJob(ws, {
      name: "orders",
      files: ["data/orders.csv"],
      target: `  warehouse: s3://${bucket}/lake\n  catalog: files\n  connection:\n    s3:\n      endpoint: ${endpoint}\n      access_key_id: "\${secret:warehouse_keys.id}"\n      secret_access_key: "\${secret:warehouse_keys.key}"`,
    });
    const r = await runCli(["run", "--config", missing], { cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/secret `warehouse_keys\.(id|key)` not found for tenant `e2e`/);
  });
});

