/**
 * `dativo` under Deno: `deno run -A adapters/deno/cli.ts run --config <job.yaml>`. Jobs run as with
 * the Bun CLI (same loader, composition and core); `check` and `serve` are the Bun CLI's.
 */
import { runCommand, runHelp } from "./run-command.ts";

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (t: string) => void Deno.stdout.writeSync(new TextEncoder().encode(t));
  const err = (t: string) => void Deno.stderr.writeSync(new TextEncoder().encode(t));
  switch (command) {
    case "run":
      return runCommand(rest);
    case "--help":
    case "-h":
    case "help":
      out(runHelp);
      return 0;
    default:
      err(`dativo (deno): ${command === undefined ? "no command" : `unknown command \`${command}\``}; use run (the Bun CLI also has check and serve)\n${runHelp}`);
      return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
