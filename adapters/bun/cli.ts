#!/usr/bin/env bun
/**
 * `dativo`: the command line. `run` a job, `check` it without moving data, `serve` an Iceberg
 * REST catalog. Exit codes (config-format.md §11.2): 0 success (also when there was nothing
 * new), 1 partial success (warn mode reported invalid rows), 2 failure.
 */
import pkg from "../../package.json" with { type: "json" };

const usage = `dativo ${pkg.version} — config-driven ingestion into Apache Iceberg

usage: dativo <command> [options]

commands:
  run      run a job: dativo run --config jobs/<tenant>/<job>.yaml
  check    validate a job, its recipes, asset and connectivity: dativo check --config <job.yaml>
  serve    serve an Iceberg REST catalog: dativo serve --port 8181 --warehouse ./warehouse

Run \`dativo <command> --help\` for the options of a command.

exit codes: 0 success (also when there was nothing new), 1 partial (warn mode found invalid rows),
            2 failure (nothing was committed)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    // Each command loads only its own modules: `--help` or `serve` never pays for the drivers,
    // the S3 client and the WASM engines that `run` needs.
    case "run":
      return (await import("./run-command.ts")).runCommand(rest);
    case "check":
      return (await import("./check-command.ts")).checkCommand(rest);
    case "serve":
      return (await import("./serve-command.ts")).serveCommand(rest);
    case "--version":
    case "-v":
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(usage);
      return 0;
    case undefined:
      process.stderr.write(usage);
      return 2;
    default:
      process.stderr.write(`dativo: unknown command \`${command}\`; use run, check or serve (dativo --help)\n`);
      return 2;
  }
}

if (import.meta.main) {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    // Anything that escapes a command is a failure (2), never mistaken for partial success (1).
    process.stderr.write(`dativo: ${(e as Error)?.message ?? String(e)}\n`);
    code = 2;
  }
  process.exit(code);
}
