/**
 * `dativo serve` as a user runs it: a real process on a free port, files catalog in a temp
 * folder (or PostgreSQL on 127.0.0.1:55432), open mode on loopback or tenants from the
 * environment; and the refusals (open mode on a public address, bad flags, bad tenants).
 */
import { afterAll, describe, expect, it } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { restCatalog } from "../../adapters/catalogs/rest-catalog.ts";

const entry = fileURLToPath(new URL("../../adapters/bun/serve-command.ts", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "dativo-serve-"));
  dirs.push(d);
  return d;
};

async function start(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, entry, "--port", "0", ...args], { stderr: "pipe", stdout: "pipe", env: { ...process.env, ...env } });
  const reader = proc.stderr.getReader();
  let log = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`serve exited before listening: ${log}`);
    log += new TextDecoder().decode(value);
    const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
    if (m) {
      const drain = (async () => {
        for (;;) {
          const r = await reader.read();
          if (r.done) return;
          log += new TextDecoder().decode(r.value);
        }
      })();
      return {
        url: m[1]!,
        log: () => log,
        stop: async () => {
          proc.kill("SIGTERM");
          const code = await proc.exited;
          await drain;
          return code;
        },
      };
    }
  }
}

async function run(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, entry, ...args], { stderr: "pipe", stdout: "pipe", env: { ...process.env, ...env } });
  const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code, out, err };
}

const schema = { type: "struct" as const, "schema-id": 0, fields: [{ id: 1, name: "id", required: true, type: "long" }] };

describe("dativo serve", () => {
  it("serves the files catalog of a warehouse folder in open mode and says so", async () => {
    const dir = tempDir();
    const server = await start(["--warehouse", dir]);
    try {
      const c = restCatalog({ uri: server.url, warehouse: "default", fetch: globalThis.fetch.bind(globalThis) });
      await c.createNamespace(["db"]);
      await c.createTable(["db"], { name: "t", schema });
      expect(existsSync(join(dir, "db", "t", "metadata"))).toBe(true);
      expect(server.log()).toContain("open mode");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("requires tokens from DATIVO_TENANTS and keeps them out of its log", async () => {
    const dir = tempDir();
    const token = "yaml-tenant-token-0123456789";
    const tenants = `tenants:\n  - name: acme\n    warehouse: acme\n    tokens: ["${token}"]\n`;
    const server = await start(["--warehouse", dir, "--host", "127.0.0.1"], { DATIVO_TENANTS: tenants });
    try {
      expect((await fetch(`${server.url}/v1/acme/namespaces`)).status).toBe(401);
      const c = restCatalog({ uri: server.url, warehouse: "acme", token, fetch: globalThis.fetch.bind(globalThis) });
      await c.createNamespace(["sales"]);
      expect(existsSync(join(dir, "acme", "_catalog", "namespaces"))).toBe(true);
      expect((await fetch(`${server.url}/v1/other/namespaces`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    } finally {
      await server.stop();
    }
    expect(server.log()).toContain('"operation":"createNamespace"');
    expect(server.log()).not.toContain(token);
    expect(server.log()).not.toContain("open mode");
  });

  it("serves the postgres catalog", async () => {
    const dir = tempDir();
    const pg = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
    const server = await start(["--warehouse", dir, "--catalog", "postgres", "--postgres-url", pg]);
    try {
      const ns = `serve_${Date.now().toString(36)}`;
      const c = restCatalog({ uri: server.url, warehouse: "default", fetch: globalThis.fetch.bind(globalThis) });
      await c.createNamespace([ns]);
      await c.createTable([ns], { name: "t", schema });
      expect((await c.listTables([ns])).items).toEqual([{ namespace: [ns], name: "t" }]);
      await c.dropTable({ namespace: [ns], name: "t" }, { purge: true });
      await c.dropNamespace([ns]);
    } finally {
      await server.stop();
    }
    expect(server.log()).not.toContain(pg);
  });

  it("lets two server processes share one postgres catalog without losing an append", async () => {
    const dir = tempDir();
    const pg = process.env.DATIVO_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
    const [a, b] = await Promise.all([start(["--warehouse", dir, "--catalog", "postgres", "--postgres-url", pg]), start(["--warehouse", dir, "--catalog", "postgres", "--postgres-url", pg])]);
    const ns = `shared_${Date.now().toString(36)}`;
    try {
      const clients = [a!, b!].map((s) => restCatalog({ uri: s.url, warehouse: "default", fetch: globalThis.fetch.bind(globalThis) }));
      await clients[0]!.createNamespace([ns]);
      await clients[0]!.createTable([ns], { name: "t", schema });
      const id = { namespace: [ns], name: "t" };
      const ids = Array.from({ length: 16 }, (_, w) => (1n << 62n) + BigInt(w));
      await Promise.all(
        ids.map(async (snapshotId, w) => {
          const c = clients[w % 2]!;
          for (let attempt = 0; attempt < 100; attempt++) {
            const { metadata } = await c.loadTable(id);
            const parent = metadata["current-snapshot-id"] ?? null;
            const snapshot = {
              "snapshot-id": snapshotId,
              ...(parent === null ? {} : { "parent-snapshot-id": parent }),
              "sequence-number": metadata["last-sequence-number"] + 1,
              "timestamp-ms": 1_700_000_000_000,
              "manifest-list": `${metadata.location}/metadata/snap-${snapshotId}.avro`,
              summary: { operation: "append" },
              "schema-id": 0,
            };
            try {
              await c.commitTable({
                identifier: id,
                requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": parent }],
                updates: [
                  { action: "add-snapshot", snapshot },
                  { action: "set-snapshot-ref", "ref-name": "main", type: "branch", "snapshot-id": snapshotId },
                ],
              });
              return;
            } catch (e) {
              if ((e as { code?: string }).code !== "catalog.commit_conflict") throw e;
            }
          }
          throw new Error(`writer ${w} never landed`);
        }),
      );
      const final = (await clients[1]!.loadTable(id)).metadata;
      expect(final.snapshots.map((s) => s["snapshot-id"]).sort()).toEqual([...ids].sort());
      expect(final["last-sequence-number"]).toBe(16);
      await clients[0]!.dropTable(id, { purge: true });
      await clients[0]!.dropNamespace([ns]);
    } finally {
      await Promise.all([a!.stop(), b!.stop()]);
    }
  });

  it("bridges an upstream REST catalog with --catalog rest", async () => {
    const upstream = await start(["--warehouse", tempDir()]);
    const token = "bridge-token-0123456789abc";
    const bridge = await start(["--catalog", "rest", "--upstream", upstream.url, "--upstream-warehouse", "default"], {
      DATIVO_TENANTS: JSON.stringify({ tenants: [{ name: "acme", warehouse: "default", tokens: [token] }] }),
    });
    try {
      const c = restCatalog({ uri: bridge.url, warehouse: "default", token, fetch: globalThis.fetch.bind(globalThis) });
      await c.createNamespace(["via_bridge"]);
      const direct = restCatalog({ uri: upstream.url, warehouse: "default", fetch: globalThis.fetch.bind(globalThis) });
      expect((await direct.listNamespaces()).items).toEqual([["via_bridge"]]);
    } finally {
      await bridge.stop();
      await upstream.stop();
    }
  });

  it("serves an s3:// warehouse and signs requests inside a table for remote-signing clients", async () => {
    const endpoint = process.env.DATIVO_TEST_S3_ENDPOINT ?? "http://127.0.0.1:57480";
    const keys = { accessKeyId: "dativo", secretAccessKey: "dativo-secret-key" };
    const bucket = `serve-${Date.now().toString(36)}`;
    await new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: keys }).send(new CreateBucketCommand({ Bucket: bucket }));
    const server = await start(["--warehouse", `s3://${bucket}/wh`, "--remote-signing"], {
      S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_REGION: "us-east-1",
    });
    try {
      const c = restCatalog({ uri: server.url, warehouse: "default", fetch: globalThis.fetch.bind(globalThis) });
      await c.createNamespace(["db"]);
      const created = await c.createTable(["db"], { name: "t", schema });
      expect(created.metadataLocation).toStartWith(`s3://${bucket}/wh/db/t/metadata/`);
      const loaded = (await (await fetch(`${server.url}/v1/default/namespaces/db/tables/t`, { headers: { "x-iceberg-access-delegation": "remote-signing" } })).json()) as any;
      expect(loaded.config["s3.remote-signing-enabled"]).toBe("true");
      const signed = (await (
        await fetch(`${server.url}/${loaded.config["signer.endpoint"]}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ region: "us-east-1", method: "GET", uri: `${endpoint}/${bucket}/${created.metadataLocation.slice(`s3://${bucket}/`.length)}`, headers: {} }),
        })
      ).json()) as { uri: string; headers: Record<string, string[]> };
      const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== "host").map(([k, v]) => [k, v.join(",")]));
      const metadata = await fetch(signed.uri, { headers });
      expect(metadata.status).toBe(200);
      expect(((await metadata.json()) as any)["table-uuid"]).toBe(created.metadata["table-uuid"]);
    } finally {
      await server.stop();
    }
    expect(server.log()).not.toContain(keys.secretAccessKey);
  });

  it("refuses open mode on a public address, unknown flags and bad tenants with exit code 2", async () => {
    const open = await run(["--host", "0.0.0.0"]);
    expect(open.code).toBe(2);
    expect(open.err).toContain("open mode");
    const flag = await run(["--bogus"]);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("--bogus");
    const tenants = await run(["--port", "0"], { DATIVO_TENANTS: "tenants: []" });
    expect(tenants.code).toBe(2);
    expect(tenants.err).toContain("DATIVO_TENANTS");
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--warehouse");
  });
});
