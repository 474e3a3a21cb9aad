/**
 * `dativo check`: validates a job, its recipes, the registry and the asset, then probes the
 * infrastructure without moving data — the source answers and has the contract's columns, the
 * warehouse accepts a write, the catalog answers. Output as the original's (config-format.md
 * §11.1): `{source: {status, message}, target: {…}}`, plus `catalog` and `schema` entries.
 */
import { parseArgs } from "node:util";
import { loadJob } from "../../runtime/config/load-job.ts";
import type { Contract } from "../../runtime/contract.ts";
import type { SourceColumn } from "../../runtime/source.ts";
import { composeJob } from "./compose-job.ts";
import { localFiles } from "./bun-platform.ts";
import { cliLogger } from "./cli-logger.ts";
import { loadSecretsFor, secretFlagOptions } from "./load-secrets.ts";
import { shippedFiles } from "./shipped-files.ts";
import { reportError } from "./report-error.ts";

type Status = "success" | "failed" | "skipped";
interface Probe {
  status: Status;
  message: string;
  error_code?: string;
  differences?: string[];
}

const help = `usage: dativo check --config <job.yaml> [--json] [--mode self_hosted|cloud]
                     [--secrets-dir DIR] [--secret-manager env|filesystem]

Validates the job, its connector recipes, the registry and the asset contract, then checks that
the source, the warehouse and the catalog answer. Exit 0 when all pass, 2 otherwise.
`;

export async function checkCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: "string" },
        json: { type: "boolean" },
        verbose: { type: "boolean" },
        mode: { type: "string" },
        ...secretFlagOptions,
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`dativo check: ${(e as Error).message}\n${help}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(help);
    return 0;
  }
  if (!args.config) {
    process.stderr.write(`dativo check: --config <job.yaml> is required\n${help}`);
    return 2;
  }
  const logger = cliLogger({ verbose: Boolean(args.verbose), tty: Boolean(process.stderr.isTTY) });
  try {
    const job = await loadJob(args.config, { files: localFiles, env: process.env, shipped: shippedFiles(), mode: args.mode === "cloud" ? "cloud" : "self_hosted" });
    const secrets = await loadSecretsFor(job, process.env, args);
    logger.addSecrets(secrets.values);
    const composed = await composeJob(job, process.env, secrets.connector);
    const result: Record<string, Probe> = {
      config: {
        status: "success",
        message: `${args.config}: job, recipes, registry and asset are valid${job.warnings.length > 0 ? `, with ${job.warnings.length} warning(s)` : ""}`,
        // Things that load but are probably not what was meant (an unknown column type read as string …).
        differences: job.warnings,
      },
    };
    try {
      result.source = await probeSource(composed, job.contract);
      result.target = await probe(async () => {
        const key = `_dativo/check/${crypto.randomUUID()}`;
        await composed.store.put(key, new TextEncoder().encode("ok"));
        await composed.store.delete(key);
        return `warehouse ${composed.store.root} accepts writes`;
      });
      result.catalog = composed.catalog
        ? await probe(async () => {
            await composed.catalog!.listNamespaces();
            return "catalog answers";
          })
        : { status: "skipped", message: "no catalog: files and a state object only" };
    } finally {
      await composed.close();
    }
    const ok = Object.values(result).every((p) => p.status !== "failed");
    if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    else {
      for (const [name, p] of Object.entries(result)) {
        process.stdout.write(`${p.status === "failed" ? "✗" : p.status === "skipped" ? "-" : "✓"} ${name}: ${p.message}\n`);
        for (const d of p.differences ?? []) process.stdout.write(`    ${d}\n`);
      }
    }
    return ok ? 0 : 2;
  } catch (e) {
    return reportError(e, { json: Boolean(args.json), logger });
  }
}

async function probe(f: () => Promise<string>): Promise<Probe> {
  try {
    return { status: "success", message: await f() };
  } catch (e) {
    return { status: "failed", message: (e as Error).message, error_code: (e as { code?: string }).code };
  }
}

async function probeSource(composed: Awaited<ReturnType<typeof composeJob>>, contract: Contract): Promise<Probe> {
  try {
    const streams = await composed.source.streams();
    const stream = streams.find((s) => s.name === composed.plan.stream) ?? streams[0];
    if (!stream) return { status: "failed", message: `source has no stream \`${composed.plan.stream}\`` };
    if (!stream.columns) {
      // File sources learn their columns from the data: open the stream and read its first batch.
      const iterator = composed.source.read(stream.name, { batchSize: 100 })[Symbol.asyncIterator]();
      const first = await iterator.next();
      await iterator.return?.();
      const names = first.done ? [] : Object.keys(first.value.columns);
      const differences = names.length === 0 ? [] : schemaDifferences(names.map((name) => ({ name })), contract);
      return { status: "success", message: `stream \`${stream.name}\` is readable`, differences };
    }
    const differences = schemaDifferences(stream.columns, contract);
    return {
      status: "success",
      message: differences.length === 0 ? `stream \`${stream.name}\` matches the contract` : `stream \`${stream.name}\` differs from the contract`,
      differences,
    };
  } catch (e) {
    return { status: "failed", message: (e as Error).message, error_code: (e as { code?: string }).code };
  }
}

/** Differences between the source's columns and the contract's, as lines a person can act on. */
export function schemaDifferences(columns: SourceColumn[], contract: Contract): string[] {
  const out: string[] = [];
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const col of contract.columns) {
    const src = byName.get(col.name);
    if (!src) {
      out.push(`missing in source: \`${col.name}\` (${col.required ? "required" : "optional"}) — add it to the source or remove it from the asset`);
      continue;
    }
    const want = typeLabel(col.type);
    if (src.type && src.type !== want) out.push(`type: \`${col.name}\` is ${src.sourceType ?? src.type} (→ ${src.type}) in the source, ${want} in the contract`);
    if (col.required && src.nullable) out.push(`nullability: \`${col.name}\` is required in the contract but nullable in the source`);
  }
  for (const c of columns) {
    const type = c.sourceType ?? c.type;
    if (!contract.columns.some((k) => k.name === c.name)) out.push(`not in contract: \`${c.name}\`${type ? ` (${type})` : ""} — it will not be loaded`);
  }
  return out;
}

function typeLabel(t: Contract["columns"][number]["type"]): string {
  if (t.kind === "decimal") return `decimal(${t.precision},${t.scale})`;
  if (t.kind === "list") return `list<${typeLabel(t.element)}>`;
  return t.kind;
}
