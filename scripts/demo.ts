/**
 * `npm run demo`: makes the demo CSV on first run (deterministic, ~300k rows), then runs the
 * shipped demo job through the real CLI. Run it again and nothing new is appended until the
 * file changes.
 */
import { existsSync } from "node:fs";
import { generateOrdersCsv } from "./fixtures/generate-orders-csv.ts";
import { main } from "../adapters/bun/cli.ts";

const data = "examples/data/orders.csv";
if (!existsSync(data)) {
  process.stdout.write(`making ${data} (300,000 orders) …\n`);
  await generateOrdersCsv(data, 300_000);
}
const code = await main(["run", "--config", "examples/jobs/demo/orders.yaml", ...process.argv.slice(2)]);
process.exit(code);
