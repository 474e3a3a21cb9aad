/**
 * A host for the interface suites where bun:test is not available (Deno, workerd, Chromium):
 * `describe`/`it` collect the cases, `expect(a).toEqual(b)` compares structurally as bun:test
 * does (Object.is on leaves, undefined properties ignored). Each host runs the collected cases and
 * reports them by name; bun:test collects the same names to report them case by case.
 */
import type { SuiteHost } from "../suites/kernels.suite.ts";

export interface CollectedCase {
  name: string;
  run(): void | Promise<void>;
}

export function collectCases(define: (host: SuiteHost) => void): CollectedCase[] {
  const cases: CollectedCase[] = [];
  const prefix: string[] = [];
  define({
    describe(name, body) {
      prefix.push(name);
      body();
      prefix.pop();
    },
    it(name, body) {
      cases.push({ name: [...prefix, name].join(" > "), run: body });
    },
    expect(actual) {
      return {
        toEqual(expected) {
          const where = difference(actual, expected, "value");
          if (where) throw new Error(`expected equal values; they differ at ${where}`);
        },
      };
    },
  });
  return cases;
}

export async function runCases(cases: CollectedCase[]): Promise<{ name: string; ok: boolean; error?: string }[]> {
  const results: { name: string; ok: boolean; error?: string }[] = [];
  for (const c of cases) {
    try {
      await c.run();
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: String((e as Error)?.stack ?? e) });
    }
  }
  return results;
}

function difference(a: unknown, b: unknown, path: string): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${path}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b) || ArrayBuffer.isView(a) !== ArrayBuffer.isView(b)) return `${path}: different kinds`;
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return `${path}.length: ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) {
      const d = difference(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)].filter((k) => x[k] !== undefined || y[k] !== undefined));
  for (const k of keys) {
    const d = difference(x[k], y[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

function show(v: unknown): string {
  return typeof v === "bigint" ? `${v}n` : typeof v === "string" ? JSON.stringify(v) : String(v);
}
