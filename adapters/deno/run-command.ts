/**
 * `dativo run` under Deno: loads a job, composes its parts (the same composition as the Bun CLI:
 * it uses only `node:*` APIs Deno provides) and runs it, printing progress and a summary. Exit
 * codes as config-format.md §11.2: 0 success, 1 partial (warn mode), 2 failure.
 */
import { parseArgs } from "node:util";
import { loadJob } from "../../runtime/config/load-job.ts";
import { runJob } from "../../runtime/job/run-job.ts";
import { initParquetWasm } from "../../runtime/parquet/parquet-wasm-init.ts";
import { createSecretResolver, envSecrets, filesystemSecrets, resolveConnectorSecrets, type SecretBackend } from "../../runtime/secrets/index.ts";
import { chooseKernels } from "../bun/choose-kernels.ts";
import { composeJob } from "../bun/compose-job.ts";
import { createProgress, formatSummary } from "../bun/progress.ts";
import { reportError } from "../bun/report-error.ts";
import { denoFiles, denoLogger, loadWasm } from "./deno-platform.ts";
import { shippedFiles } from "./shipped-files.ts";

export const runHelp = `usage: deno run -A adapters/deno/cli.ts run --config <job.yaml> [options]

options:
  --config PATH          the job file
  --secrets-dir DIR      root of file secrets (<dir>/<tenant>/<name>); default: environment only
  --mode self_hosted|cloud
  --json                 print the summary as JSON on stdout
  --quiet                no progress display
  --verbose              log every event (JSON lines on stderr)
  --kernels wasm|ts|auto hot paths in WebAssembly, in TypeScript, or WebAssembly when it
                         loads (default auto; env DATIVO_KERNELS)
  -h, --help             this help
`;

const encoder = new TextEncoder();
const stdout = { write: (t: string) => void Deno.stdout.writeSync(encoder.encode(t)), isTTY: Deno.stdout.isTerminal() };
const stderr = (t: string) => void Deno.stderr.writeSync(encoder.encode(t));

export async function runCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: "string" },
        "secrets-dir": { type: "string" },
        mode: { type: "string" },
        json: { type: "boolean" },
        quiet: { type: "boolean" },
        verbose: { type: "boolean" },
        kernels: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    stderr(`dativo run: ${(e as Error).message}\n${runHelp}`);
    return 2;
  }
  if (args.help) {
    stdout.write(runHelp);
    return 0;
  }
  if (!args.config) {
    stderr(`dativo run: give --config <job.yaml>\n${runHelp}`);
    return 2;
  }
  const env = Deno.env.toObject();
  const logger = denoLogger(args.verbose ? "debug" : Deno.stderr.isTerminal() ? "warn" : "info");
  let close: (() => Promise<void>) | undefined;
  try {
    const job = await loadJob(args.config, { files: denoFiles, env, shipped: await shippedFiles(), mode: args.mode === "cloud" ? "cloud" : "self_hosted" });
    // Loaded but probably not meant (an unknown column type read as string …): always shown.
    for (const warning of job.warnings) logger.warn(warning, { event: "config_warning" });
    const backends: SecretBackend[] = [envSecrets(env)];
    if (args["secrets-dir"]) backends.unshift(filesystemSecrets({ files: denoFiles, dir: args["secrets-dir"], env }));
    const resolver = createSecretResolver(job.tenant, backends);
    const secrets = await resolveConnectorSecrets(job, resolver, env);
    logger.redactAlso(await resolver.values());
    const kernels = await chooseKernels(args.kernels ?? env.DATIVO_KERNELS, () => loadWasm("dativo-kernels"), (e) =>
      logger.warn("WebAssembly kernels did not load; using the TypeScript ones", { event: "kernels_fallback", error: String(e) }),
    );
    const composed = await composeJob(job, env, secrets, kernels);
    close = composed.close;
    const parquet = initParquetWasm(await loadWasm("parquet-wasm"));
    const progress = createProgress(stdout, Boolean(args.quiet || args.json));
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    Deno.addSignalListener("SIGINT", onSignal);
    let summary;
    try {
      summary = await runJob(composed.plan, {
        source: composed.source,
        store: composed.store,
        catalog: composed.catalog,
        parquet,
        clock: { now: () => Date.now() },
        crypto: globalThis.crypto,
        logger: logger.child({ tenant_id: job.tenant, job_name: composed.plan.jobName, connector_type: job.sourceRecipe.type }),
        signal: controller.signal,
        kernels,
        onEvent: (e) => progress.onEvent(e),
      });
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
      progress.done();
    }
    stdout.write(args.json ? JSON.stringify(summary) + "\n" : formatSummary(summary));
    return summary.exitCode;
  } catch (e) {
    return reportError(e, { json: Boolean(args.json), logger });
  } finally {
    await close?.().catch(() => {});
  }
}
