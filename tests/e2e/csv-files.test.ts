/**
 * Which files a CSV job reads: every listed file belongs to the job's one stream, whatever
 * `object` each names (the original names the state after the first), and a file may live in an
 * S3 bucket as well as on local disk.
 */
import { beforeAll, describe, expect, it } from "bun:test";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runCli } from "../helpers/cli.ts";
import { createWorkspace, csvJob, type Workspace } from "../helpers/workspace.ts";
import { tableState, warehouseOf } from "../helpers/table-state.ts";

const header = "order_id,customer,email,amount,placed_at,country,is_gift,note\n";
const endpoint = process.env.DATIVO_TEST_S3_ENDPOINT ?? "http://127.0.0.1:57480";
let ws: Workspace;

beforeAll(() => {
  ws = createWorkspace("dativo-csv-files-");
  ws.write("data/a.csv", header + "1,Ann,,1,2024-06-01 10:00:00,PT,false,\n2,Bo,,2,2024-06-01 10:00:00,PT,false,\n");
  ws.write("data/b.csv", header + "3,Cy,,3,2024-06-02 10:00:00,DE,true,\n");
});

describe("the files of a CSV job", () => {
  it("are all read into the job's stream even when their objects differ", async () => {
    const job = csvJob(ws, { name: "mixed", files: ["data/a.csv", "data/b.csv"] });
    const text = (await Bun.file(job).text()).replace("{path: data/b.csv, object: mixed}", "{path: data/b.csv, object: other}");
    await Bun.write(job, text);
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!).rowsWritten).toBe(3);
  });

  it("can come from an S3 bucket", async () => {
    const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "dativo", secretAccessKey: "dativo-secret-key" } });
    const bucket = `csv-in-${Date.now().toString(36)}`;
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (e) {
      throw new Error(`the S3 server at ${endpoint} is not answering (${(e as Error).message}); start it with scripts/services/s3.sh start`);
    }
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "in/b.csv", Body: header + "7,Di,,7,2024-06-03 10:00:00,FR,false,\n8,Ed,,8,2024-06-03 11:00:00,FR,true,\n" }));
    const job = csvJob(ws, {
      name: "remote",
      files: [`s3://${bucket}/in/b.csv`],
      target: `  warehouse: ./warehouse\n  catalog: files\n  connection:\n    s3: {endpoint: ${endpoint}, region: us-east-1}`,
    });
    const env = { AWS_ACCESS_KEY_ID: "dativo", AWS_SECRET_ACCESS_KEY: "dativo-secret-key" };
    const r = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir, env });
    expect(r.code === 0 ? "" : r.stderr).toBe("");
    expect((await tableState(warehouseOf(ws.dir), "e2e", "remote")).rows).toBe(2);
    const again = await runCli(["run", "--config", job, "--json"], { cwd: ws.dir, env });
    expect(JSON.parse(again.stdout.trim().split("\n").pop()!).status).toBe("nothing-new");
  });
});
