import { describe, expect, it } from "bun:test";
import { IngestError } from "../../../runtime/errors.ts";
import { createJsonLogger, logLevelFrom } from "../../../runtime/log/json-logger.ts";

const secrets = ["hunter2!pass word", "sk_live_51HxYzSECRET", "ghp_TokenValue123", "dativo-secret-key"];

function capture(level: "debug" | "info" | "warn" | "error" = "debug") {
  const lines: string[] = [];
  const logger = createJsonLogger({ write: (l) => lines.push(l), level, redact: secrets, fields: { tenant: "acme" }, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
  return { lines, logger };
}

function assertClean(lines: string[], planted: string[]) {
  for (const line of lines) {
    for (const s of planted) {
      expect(line).not.toContain(s);
      expect(line).not.toContain(encodeURIComponent(s));
      expect(line).not.toContain(JSON.stringify(s).slice(1, -1));
    }
  }
}

describe("json logger", () => {
  it("writes one JSON object per line with timestamp, level, message, event and fields", () => {
    const { lines, logger } = capture();
    logger.child({ job: "orders" }).info("batch written", { event: "batch_written", rows: 10, big: 2n ** 63n });
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      timestamp: "2026-01-02T03:04:05.000Z",
      level: "info",
      message: "batch written",
      event: "batch_written",
      tenant: "acme",
      job: "orders",
      rows: 10,
      big: "9223372036854775808",
    });
  });

  it("drops lines below its level", () => {
    const { lines, logger } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(["warn", "error"]);
  });

  it("keeps reserved names of context fields apart", () => {
    const { lines, logger } = capture();
    logger.info("real", { message: "field", level: 3 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: "real", level: "info", message_: "field", level_: 3 });
  });

  it("removes planted secrets from messages, fields, nested objects and error causes", () => {
    const { lines, logger } = capture();
    const inner = new Error(`connect failed for postgres://loader:${secrets[0]}@db:5432/app`);
    const outer = new IngestError("source.auth", `stripe refused key ${secrets[1]}`, { header: `Bearer ${secrets[2]}` }, { cause: inner });
    logger.error(`run failed with ${secrets[3]} and ${encodeURIComponent(secrets[0]!)}`, {
      event: "job_error",
      error: outer,
      config: { connection: { host: "db", port: 5432, options: [{ note: `key=${secrets[1]}` }] } },
      url: `https://user:${encodeURIComponent(secrets[0]!)}@example.com/x`,
      list: [secrets[3], { deeper: { text: `prefix-${secrets[2]}-suffix` } }],
    });
    logger.child({ auth: secrets[2] }).warn("child line", { value: secrets[1] });
    logger.info("map", { m: new Map([["k", secrets[3]]]) });
    expect(lines.length).toBe(3);
    assertClean(lines, secrets);
    const first = JSON.parse(lines[0]!);
    expect(first.error.cause.message).toBe("connect failed for postgres://loader:[REDACTED]@db:5432/app");
    expect(first.error.code).toBe("source.auth");
    expect(first.error.details.header).toBe("Bearer [REDACTED]");
    expect(first.config.connection.port).toBe(5432);
  });

  it("removes values under secret-named keys, URL passwords, bearer tokens and key=value pairs it was not told about", () => {
    const { lines, logger } = capture();
    logger.info("calling with Authorization: Bearer abc.def.ghi-unknown and password=opensesame", {
      password: "pw-unknown-1",
      nested: { api_key: "ak-unknown-2", client_secret: "cs-unknown-3", Authorization: "Basic dXNlcjpwYXNz", access_token: 12345678 },
      dsn: "mysql://root:rootpw-unknown@127.0.0.1:53306/db",
    });
    assertClean(lines, ["abc.def.ghi-unknown", "opensesame", "pw-unknown-1", "ak-unknown-2", "cs-unknown-3", "dXNlcjpwYXNz", "12345678", "rootpw-unknown"]);
    const line = JSON.parse(lines[0]!);
    expect(line.password).toBe("[REDACTED]");
    expect(line.dsn).toBe("mysql://root:[REDACTED]@127.0.0.1:53306/db");
    expect(line.message).toBe("calling with Authorization: Bearer [REDACTED] and password=[REDACTED]");
  });

  it("learns secrets after creation, for itself and its children", () => {
    const { lines, logger } = capture();
    const child = logger.child({ stream: "charges" });
    logger.redactAlso(["late-secret-value"]);
    child.info("using late-secret-value now");
    assertClean(lines, ["late-secret-value"]);
  });

  it("survives circular fields", () => {
    const { lines, logger } = capture();
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    logger.info("circular", { a });
    expect(JSON.parse(lines[0]!).a.self).toBe("[circular]");
  });

  it("maps the original's level names", () => {
    expect(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", undefined].map((n) => logLevelFrom(n))).toEqual(["debug", "info", "warn", "error", "error", "info"]);
  });
});
