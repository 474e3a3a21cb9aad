/**
 * The few `Deno` globals the Deno root uses, for the project's TypeScript check (which runs with
 * Bun's types). Under Deno itself this file is never imported: Deno's own types apply.
 */
declare namespace Deno {
  interface DirEntry {
    name: string;
    isFile: boolean;
    isDirectory: boolean;
  }
  const errors: { NotFound: new (...args: unknown[]) => Error };
  const args: string[];
  const stdout: { writeSync(bytes: Uint8Array): number; isTerminal(): boolean };
  const stderr: { writeSync(bytes: Uint8Array): number; isTerminal(): boolean };
  const env: { get(name: string): string | undefined; toObject(): Record<string, string> };
  const mainModule: string;
  function cwd(): string;
  function exit(code: number): never;
  function readFile(path: string | URL): Promise<Uint8Array>;
  function readTextFile(path: string | URL): Promise<string>;
  function stat(path: string | URL): Promise<{ isFile: boolean; size: number; mtime: Date | null }>;
  function readDir(path: string | URL): AsyncIterable<DirEntry>;
  function addSignalListener(signal: "SIGINT", handler: () => void): void;
  function removeSignalListener(signal: "SIGINT", handler: () => void): void;
}
