/**
 * Runner configuration (config-format.md §7): scheduled jobs. Both the top-level form the
 * original's loader expected and the `runner:`-wrapped form its shipped examples use load
 * (fixes §12 #10). Each schedule needs exactly one of `cron` / `interval_seconds`.
 */
import { z } from "zod";
import { configError, problemsFromZod } from "./problems.ts";
import { bool, int, nonEmpty, text } from "./zod-helpers.ts";
import { type ConfigFiles, readYamlFile } from "./yaml-file.ts";

const cronField = /^(\*|\d+|\d+-\d+|\*\/\d+|\d+(-\d+)?\/\d+)(,(\*|\d+|\d+-\d+|\*\/\d+|\d+(-\d+)?\/\d+))*$/i;
const namedCron = /^[\dA-Za-z*/,\-]+$/;

const schedule = z
  .looseObject({
    name: nonEmpty,
    config: nonEmpty,
    cron: text.optional(),
    interval_seconds: int.pipe(z.number().min(1)).optional(),
    enabled: bool.optional(),
    timezone: text.optional(),
    max_concurrent_runs: int.pipe(z.number().min(1)).optional(),
    tags: z.record(z.string(), text).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.cron === undefined) === (s.interval_seconds === undefined)) {
      ctx.addIssue({ code: "custom", message: "needs exactly one of `cron` or `interval_seconds`", path: [], params: { fix: "give either `cron` or `interval_seconds`" } });
    }
    if (s.cron !== undefined) {
      const parts = s.cron.trim().split(/\s+/);
      if (parts.length !== 5 || !parts.every((p) => cronField.test(p) || namedCron.test(p))) {
        ctx.addIssue({ code: "custom", message: "is not a 5-field cron expression (minute hour day month weekday)", path: ["cron"], params: { fix: 'write five fields, e.g. "15 * * * *"' } });
      }
    }
  });

export const runnerSchema = z.looseObject({
  mode: z.enum(["orchestrated", "oneshot"]).optional(),
  orchestrator: z.looseObject({
    type: text.optional(),
    schedules: z.array(schedule),
    concurrency_per_tenant: int.pipe(z.number().min(1)).optional(),
  }),
});

export interface Schedule {
  name: string;
  config: string;
  cron?: string;
  intervalSeconds?: number;
  enabled: boolean;
  timezone: string;
  maxConcurrentRuns: number;
  tags: Record<string, string>;
}

export interface RunnerConfig {
  mode: "orchestrated" | "oneshot";
  orchestratorType: string;
  concurrencyPerTenant: number;
  schedules: Schedule[];
}

export function runnerConfigFromValue(value: unknown, file: string): RunnerConfig {
  const v = value as Record<string, unknown>;
  const wrapped = v && typeof v === "object" && v.runner !== undefined && v.orchestrator === undefined;
  const doc = wrapped ? v.runner : value;
  const parsed = runnerSchema.safeParse(doc);
  if (!parsed.success) throw configError(problemsFromZod(parsed.error, file, doc, wrapped ? "runner" : ""));
  const o = parsed.data.orchestrator;
  return {
    mode: parsed.data.mode ?? "orchestrated",
    orchestratorType: o.type ?? "dagster",
    concurrencyPerTenant: o.concurrency_per_tenant ?? 1,
    schedules: o.schedules.map((s) => ({
      name: s.name,
      config: s.config,
      ...(s.cron !== undefined ? { cron: s.cron } : {}),
      ...(s.interval_seconds !== undefined ? { intervalSeconds: s.interval_seconds } : {}),
      enabled: s.enabled ?? true,
      timezone: s.timezone ?? "UTC",
      maxConcurrentRuns: s.max_concurrent_runs ?? 1,
      tags: s.tags ?? {},
    })),
  };
}

export async function loadRunnerConfig(path: string, files: ConfigFiles): Promise<RunnerConfig> {
  const read = await readYamlFile(files, path, { role: "runner config" });
  if (!read.ok) throw configError([read.problem]);
  return runnerConfigFromValue(read.value, path);
}
