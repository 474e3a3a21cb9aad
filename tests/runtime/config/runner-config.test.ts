import { describe, expect, it } from "bun:test";
import { loadRunnerConfig, type RunnerConfig } from "../../../runtime/config/runner-config.ts";
import { memoryFiles } from "./memory-files.ts";

const body = `mode: orchestrated
orchestrator:
  type: dagster
  concurrency_per_tenant: 1
  schedules:
    - name: orders_hourly
      config: jobs/northwind/orders.yaml
      cron: "15 * * * *"
    - name: refunds_every_6h
      config: jobs/northwind/refunds.yaml
      interval_seconds: 21600
      enabled: false
      tags: {priority: low}
`;

const expected: RunnerConfig = {
  mode: "orchestrated",
  orchestratorType: "dagster",
  concurrencyPerTenant: 1,
  schedules: [
    { name: "orders_hourly", config: "jobs/northwind/orders.yaml", cron: "15 * * * *", enabled: true, timezone: "UTC", maxConcurrentRuns: 1, tags: {} },
    { name: "refunds_every_6h", config: "jobs/northwind/refunds.yaml", intervalSeconds: 21600, enabled: false, timezone: "UTC", maxConcurrentRuns: 1, tags: { priority: "low" } },
  ],
};

describe("runner config", () => {
  it("loads the top-level form", async () => {
    expect(await loadRunnerConfig("configs/runner.yaml", memoryFiles({ "configs/runner.yaml": body }))).toEqual(expected);
  });

  it("loads the runner:-wrapped form the original's examples use", async () => {
    const wrapped = "runner:\n" + body.split("\n").map((l) => (l ? "  " + l : l)).join("\n");
    expect(await loadRunnerConfig("configs/runner.yaml", memoryFiles({ "configs/runner.yaml": wrapped }))).toEqual(expected);
  });

  it("names a schedule with both cron and interval and a bad cron", async () => {
    const bad = body.replace("interval_seconds: 21600", "interval_seconds: 21600\n      cron: '0 * *'");
    const e = (await loadRunnerConfig("r.yaml", memoryFiles({ "r.yaml": bad })).catch((x: Error) => x)) as Error;
    expect(e.message.split("\n")).toEqual([
      "r.yaml: orchestrator.schedules[1]: needs exactly one of `cron` or `interval_seconds` (got a mapping with keys name, config, interval_seconds, cron, enabled, tags); give either `cron` or `interval_seconds`",
      'r.yaml: orchestrator.schedules[1].cron: is not a 5-field cron expression (minute hour day month weekday) (got "0 * *"); write five fields, e.g. "15 * * * *"',
    ]);
  });

  it("says schedules are required", async () => {
    const e = (await loadRunnerConfig("r.yaml", memoryFiles({ "r.yaml": "runner:\n  mode: orchestrated\n  orchestrator: {type: dagster}\n" })).catch((x: Error) => x)) as Error;
    expect(e.message).toBe("r.yaml: runner.orchestrator.schedules: required key is missing; add `schedules`");
  });
});
