/**
 * Just enough of `bun:test` (describe/it/expect and the hooks, with the matchers the interface
 * suites use) to run those suites unchanged in a browser page, where bundling maps `bun:test`
 * here. `runRegistered()` runs what was registered and reports each case.
 */
type Fn = () => unknown | Promise<unknown>;
const cases: { name: string; fn: Fn }[] = [];
const prefix: string[] = [];
const before: Fn[] = [];
const after: Fn[] = [];

export function describe(name: string, body: () => void): void {
  prefix.push(name);
  try {
    body();
  } finally {
    prefix.pop();
  }
}

export function it(name: string, fn: Fn): void {
  cases.push({ name: [...prefix, name].join(" > "), fn });
}
export const test = it;
export const beforeAll = (fn: Fn) => void before.push(fn);
export const afterAll = (fn: Fn) => void after.push(fn);

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

function matchers(actual: unknown, negate: boolean) {
  const check = (ok: boolean, what: string) => {
    if (ok === negate) throw new Error(`expected ${show(actual)} ${negate ? "not " : ""}${what}`);
  };
  return {
    toBe: (v: unknown) => check(Object.is(actual, v), `to be ${show(v)}`),
    toEqual: (v: unknown) => check(equal(actual, v), `to equal ${show(v)}`),
    toBeNull: () => check(actual === null, "to be null"),
    toBeGreaterThan: (n: number) => check((actual as number) > n, `to be greater than ${n}`),
    toBeInstanceOf: (c: new (...args: never[]) => unknown) => check(actual instanceof c, `to be an instance of ${c.name}`),
    toMatch: (re: RegExp | string) => check(typeof actual === "string" && (typeof re === "string" ? actual.includes(re) : re.test(actual)), `to match ${re}`),
    toContain: (v: unknown) => check((actual as { includes(x: unknown): boolean }).includes(v), `to contain ${show(v)}`),
    toThrow: (re?: RegExp) => {
      let thrown: unknown;
      try {
        (actual as () => unknown)();
      } catch (e) {
        thrown = e ?? "thrown";
      }
      check(thrown !== undefined && (!re || re.test(String((thrown as Error).message ?? thrown))), `to throw ${re ?? ""}`);
    },
  };
}

export function expect(actual: unknown) {
  return { ...matchers(actual, false), not: matchers(actual, true) };
}

export async function runRegistered(): Promise<{ name: string; ok: boolean; error?: string }[]> {
  const results: { name: string; ok: boolean; error?: string }[] = [];
  for (const fn of before) await fn();
  for (const c of cases) {
    try {
      await c.fn();
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: String((e as Error)?.stack ?? e) });
    }
  }
  for (const fn of after) await fn();
  return results;
}
