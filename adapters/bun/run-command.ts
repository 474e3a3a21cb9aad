/**
 * `dativo run`: loads a job (or every job under a folder), composes its parts and runs it, with
 * a progress display and a summary. Flags of the original keep working (config-format.md §11.1).
 */
import { parseArgs } from "node:util";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadJob } from "../../runtime/config/load-job.ts";
import { runJob } from "../../runtime/job/run-job.ts";
import type { RunSummary } from "../../runtime/job/job-plan.ts";
import { IngestError } from "../../runtime/errors.ts";
import { initParquetWasm } from "../../runtime/parquet/parquet-wasm-init.ts";
import { composeJob } from "./compose-job.ts";
import { createProgress, formatSummary } from "./progress.ts";
import { localFiles, loadWasm } from "./bun-platform.ts";
import { cliLogger } from "./cli-logger.ts";
import { loadSecretsFor, secretFlagOptions } from "./load-secrets.ts";
import { shippedFiles } from "./shipped-files.ts";
import { reportError } from "./report-error.ts";
import { qualityEngineFor } from "./sql-quality.ts";
import { collectGarbageOnGrowth } from "./collect-garbage.ts";
import { workerParquetEncoder } from "./parquet-worker-encoder.ts";
import { chooseKernels } from "./choose-kernels.ts";

const help = `usage: dativo run --config <job.yaml> [options]
       dativo run --job-dir <folder> [options]

options:
  --config PATH                 the job file
  --job-dir DIR                 run every *.yaml / *.yml job under DIR, one after another
  --tenant-id ID                with --job-dir: every job must belong to this tenant
  --secrets-dir DIR             root of file secrets (<dir>/<tenant>/<name>), default /secrets
  --secret-manager KIND         env (default) or filesystem
  --secret-manager-config X     path or inline JSON for the secret manager
  --mode self_hosted|cloud      cloud refuses sources not allowed in cloud (default self_hosted)
  --json                        print the summary as JSON on stdout
  --quiet                       no progress display
  --verbose                     log every event (JSON lines on stderr)
  --kernels wasm|ts|auto        hot paths in WebAssembly, in TypeScript, or WebAssembly when it
                                loads (default auto; env DATIVO_KERNELS)
  -h, --help                    this help

environment:
  DATIVO_PARQUET_WORKER=0       encode Parquet on the main thread instead of a worker thread
`;

export async function runCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: "string" },
        "job-dir": { type: "string" },
        "tenant-id": { type: "string" },
        ...secretFlagOptions,
        mode: { type: "string" },
        json: { type: "boolean" },
        quiet: { type: "boolean" },
        verbose: { type: "boolean" },
        kernels: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`dativo run: ${(e as Error).message}\n${help}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(help);
    return 0;
  }
  if (args.config && args["job-dir"]) {
    process.stderr.write("dativo run: give either --config <job.yaml> or --job-dir <folder>, not both\n");
    return 2;
  }
  if (args.mode !== undefined && args.mode !== "self_hosted" && args.mode !== "cloud") {
    process.stderr.write(`dativo run: --mode ${args.mode} is not a mode; use self_hosted or cloud\n`);
    return 2;
  }
  let configs: string[] = [];
  if (args.config) configs = [args.config];
  else if (args["job-dir"]) {
    try {
      configs = jobFiles(args["job-dir"]);
    } catch (e) {
      process.stderr.write(`dativo run: --job-dir ${args["job-dir"]} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a folder of job files\n`);
      return 2;
    }
    if (configs.length === 0) {
      process.stderr.write(`dativo run: --job-dir ${args["job-dir"]} holds no *.yaml or *.yml job files\n`);
      return 2;
    }
  } else {
    process.stderr.write(`dativo run: give --config <job.yaml> or --job-dir <folder>\n${help}`);
    return 2;
  }
  let worst = 0;
  // With --job-dir all jobs share one tenant: the --tenant-id given, else the first job's (§11.1).
  const flags: RunFlags = { ...args, jobDir: Boolean(args["job-dir"]) };
  for (const config of configs) {
    const code = await runOne(config, flags);
    // With --job-dir a partial run counts as a failure, as in the original (§11.2).
    worst = Math.max(worst, flags.jobDir && code === 1 ? 2 : code);
  }
  return worst;
}

interface RunFlags {
  jobDir?: boolean;
  "tenant-id"?: string;
  "secrets-dir"?: string;
  "secret-manager"?: string;
  "secret-manager-config"?: string;
  mode?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  kernels?: string;
}

async function runOne(config: string, args: RunFlags): Promise<number> {
  const env = process.env;
  const logger = cliLogger({ verbose: Boolean(args.verbose), tty: Boolean(process.stderr.isTTY) });
  let summary: RunSummary | undefined;
  let close: (() => Promise<void>) | undefined;
  // Started first so its parquet-wasm loads while the job is composed; stopped however the run ends.
  const encoder = parquetWorkerWanted(env.DATIVO_PARQUET_WORKER) ? workerParquetEncoder() : undefined;
  try {
    const job = await loadJob(config, {
      files: localFiles,
      env,
      shipped: shippedFiles(),
      mode: args.mode === "cloud" ? "cloud" : "self_hosted",
    });
    if (args["tenant-id"] && args["tenant-id"] !== job.tenant) {
      const why = args.jobDir ? "every job of a --job-dir run must belong to one tenant" : "run it with its own --tenant-id";
      throw new IngestError("config.invalid", `${config}: tenant_id is \`${job.tenant}\` but the run's tenant is \`${args["tenant-id"]}\`; ${why}`);
    }
    if (args.jobDir) args["tenant-id"] ??= job.tenant;
    // Loaded but probably not meant (an unknown column type read as string …): always shown.
    for (const warning of job.warnings) logger.warn(warning, { event: "config_warning" });
    const secrets = await loadSecretsFor(job, env, args);
    logger.addSecrets(secrets.values);
    const kernels = await chooseKernels(args.kernels ?? env.DATIVO_KERNELS, () => loadWasm("dativo-kernels"), (e) =>
      logger.warn("WebAssembly kernels did not load; using the TypeScript ones", { event: "kernels_fallback", error: String(e) }),
    );
    const composed = await composeJob(job, env, secrets.connector, kernels);
    close = composed.close;
    // With the worker, parquet-wasm is compiled there only: this thread would never use it.
    const parquet = encoder ? undefined : initParquetWasm(await loadWasm("parquet-wasm"));
    const progress = createProgress(process.stdout, Boolean(args.quiet || args.json));
    const controller = new AbortController();
    const collect = collectGarbageOnGrowth();
    const onSignal = () => controller.abort();
    process.once("SIGINT", onSignal);
    try {
      summary = await runJob(composed.plan, {
        source: composed.source,
        store: composed.store,
        catalog: composed.catalog,
        parquet,
        parquetEncoder: encoder,
        clock: { now: () => Date.now() },
        crypto: globalThis.crypto,
        logger: logger.child({ tenant_id: job.tenant, job_name: composed.plan.jobName, connector_type: job.sourceRecipe.type }),
        signal: controller.signal,
        kernels,
        quality: await qualityEngineFor(composed.plan.contract),
        onEvent: (e) => {
          progress.onEvent(e);
          collect(e);
        },
      });
    } finally {
      process.off("SIGINT", onSignal);
      progress.done();
    }
    if (args.json) process.stdout.write(JSON.stringify(summary) + "\n");
    else {
      process.stdout.write(formatSummary(summary));
      if (summary.status === "nothing-new") process.stdout.write("  nothing new since the last run: no snapshot was added\n");
      if (summary.metadataLocation) process.stdout.write(queryHint(summary.metadataLocation));
    }
    return summary.exitCode;
  } catch (e) {
    return reportError(e, { json: Boolean(args.json), logger });
  } finally {
    encoder?.terminate();
    await close?.().catch(() => {});
  }
}

/** Parquet encoding on a worker thread: on unless DATIVO_PARQUET_WORKER is `0` or `false`. */
function parquetWorkerWanted(value: string | undefined): boolean {
  return value !== "0" && value !== "false";
}

function queryHint(metadataLocation: string): string {
  const path = metadataLocation.replace(/^file:\/\//, "");
  return `\nquery it:\n  duckdb -c "INSTALL iceberg; LOAD iceberg; SELECT count(*) FROM iceberg_scan('${path}')"\n  or serve it to Spark, Trino or PyIceberg: npx dativo serve --warehouse <warehouse folder>\n`;
}

/** The job files under `dir`: every *.yaml, then every *.yml, as the original loads them (§11.1). */
function jobFiles(dir: string): string[] {
  const under = (d: string, ext: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((name) => {
        const p = join(d, name);
        return statSync(p).isDirectory() ? under(p, ext) : name.endsWith(ext) ? [p] : [];
      });
  return [...under(dir, ".yaml"), ...under(dir, ".yml")];
}
