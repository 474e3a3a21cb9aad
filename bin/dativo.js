#!/usr/bin/env node
// `npx dativo …`: runs the CLI under the Bun that `npm install` brought (a devDependency), so
// the command works wherever the package is installed, without a global Bun.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
let bun;
try {
  bun = join(dirname(require.resolve("bun/package.json")), "bin", "bun.exe");
} catch {
  console.error("dativo: Bun is not installed; run `npm install` in the dativo folder first");
  process.exit(2);
}
const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "adapters", "bun", "cli.ts");
const child = spawn(bun, [cli, ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 2 : 0)));
