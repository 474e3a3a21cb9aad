/** Runs the real CLI in a child process, the way a user does, and captures what it prints. */
import { join } from "node:path";

export const repoRoot = join(import.meta.dir, "..", "..");
export const cliPath = join(repoRoot, "adapters", "bun", "cli.ts");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `DATIVO_TEST_CLI=<path to a built dativo>` runs the same tests against that executable (for
 * example `dist/dativo` after `npm run build`) instead of the sources.
 */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const built = process.env.DATIVO_TEST_CLI;
  const proc = Bun.spawn(built ? [built, ...args] : [process.execPath, cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}
